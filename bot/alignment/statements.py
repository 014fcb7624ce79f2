"""A ledger as a flat list of statements that two ledgers can be matched on.

Every attributed statement is one; a key claim that no attribution covers (a model's unattributed fact) is
one more. Each carries its sentence cut from the article by offset, so what a diff quotes is verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.alignment.figures import Figure, figures
from bot.alignment.lexicon import content_words, cue_lemma, lexicon, near_twins, tokens
from bot.analysis.models import Analysis
from bot.analysis.sentences import Span, sentences

_QUOTED = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"")
_TITLE_WORDS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    text: str  # what is claimed: the attribution's content, or the claim sentence
    source: str | None
    source_type: str
    cue: str | None
    status: str | None
    sentence: str  # the article sentence it stands in, verbatim
    start: int  # offsets of `sentence` in the article text
    end: int
    claim_number: int | None  # 1-based key-claim number, when it is one of the reply's key claims
    words: frozenset[str]
    figures: tuple[Figure, ...]
    negated: bool
    quoted: tuple[str, ...]  # the words inside quotation marks, as written

    @property
    def source_key(self) -> str:
        return source_key(self.source)

    @property
    def cue_lemma(self) -> str:
        return cue_lemma(self.cue)

    @property
    def denial(self) -> bool:
        return self.cue_lemma in lexicon().denial_cues or self.status == "disputed"


def source_key(source: str | None) -> str:
    if not source:
        return ""
    return " ".join(tokens(_TITLE_WORDS.sub("", source.strip())))


@lru_cache(maxsize=8192)
def same_source(a: str | None, b: str | None) -> bool:
    """'Victor Andrusiv' is 'Adviser to the minister Victor Andrusiv'; 'the ministry' is 'The Ministry'."""
    key_a, key_b = source_key(a), source_key(b)
    if key_a == key_b:
        return True
    if not key_a or not key_b:
        return False
    smaller, larger = sorted((key_a.split(), key_b.split()), key=len)
    # every word of the shorter name is in the longer one, allowing a typo fixed in a long word
    return all(any(near_twins(word, other) for other in larger) for word in smaller) and \
        any(len(word) > 3 for word in smaller)


def statements(analysis: Analysis) -> list[Statement]:
    text = analysis.article.text
    spans = sentences(text)
    out: list[Statement] = []
    covered: list[tuple[int, int]] = []
    claim_at = {(c.quote_start, c.quote_end): n for n, c in enumerate(analysis.claims, 1) if c.grounded}
    markers = lexicon().correction_markers
    for attribution in analysis.attributions:
        sentence = _sentence_at(spans, attribution.start)
        if sentence is not None and any(m in sentence.text.lower() for m in markers):
            continue  # a correction note is compared as a note, not as somebody's claim
        number = next((n for (s, e), n in claim_at.items()
                       if s is not None and e is not None and s <= attribution.start < e), None)
        claim = analysis.claims[number - 1] if number else None
        status = _status(attribution.cue, sentence, claim.status if claim else "attributed")
        out.append(_statement(attribution.content, attribution.source, attribution.source_type, attribution.cue,
                              status, sentence, number))
        covered.append((attribution.start, attribution.end))
    for number, claim in enumerate(analysis.claims, 1):
        if claim.quote_start is not None and any(s < (claim.quote_end or 0) and claim.quote_start < e
                                                 for s, e in covered):
            continue
        start = claim.quote_start if claim.grounded and claim.quote_start is not None else None
        sentence = _sentence_at(spans, start) if start is not None else None
        out.append(_statement(claim.claim, claim.source, claim.source_type, claim.cue, claim.status, sentence,
                              number))
    return out


def _status(cue: str | None, sentence: Span | None, default: str) -> str:
    """The same status whichever backend filled the ledger: a denial, a caveat in the sentence, or as given."""
    lex = lexicon()
    if cue_lemma(cue) in lex.denial_cues:
        return "disputed"
    if sentence is not None and any(marker in sentence.text.lower() for marker in lex.caveat_markers):
        return "unverified"
    return default


def _sentence_at(spans: list[Span], offset: int) -> Span | None:
    return next((s for s in spans if s.start <= offset < s.end), None)


def _statement(content: str, source: str | None, source_type: str, cue: str | None, status: str | None,
               sentence: Span | None, number: int | None) -> Statement:
    where = sentence.text if sentence else ""
    negations = lexicon().negations
    return Statement(
        text=content, source=source, source_type=source_type, cue=cue, status=status, sentence=where,
        start=sentence.start if sentence else -1, end=sentence.end if sentence else -1, claim_number=number,
        words=content_words(content), figures=figures(content),
        negated=any(t in negations or t.endswith("n't") for t in tokens(content)),
        quoted=tuple(" ".join(q[1:-1].split()) for q in _QUOTED.findall(content)))


def notes(text: str, markers: tuple[str, ...]) -> list[str]:
    """The article's sentences that carry one of the markers (correction notes, verification caveats)."""
    found = []
    for span in sentences(text):
        lowered = span.text.lower()
        if any(marker in lowered for marker in markers):
            found.append(span.text)
    return found
