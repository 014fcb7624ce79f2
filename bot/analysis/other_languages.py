"""The offline reply for an article the built-in analysis cannot read: say so plainly, and still give what the
text makes plain without a grammar: the title, the lede, and direct quotes with the speaker named beside them.

No sourcing verdict is made: counting sources needs the English finder, and a verdict we did not compute would
mislead exactly where the reader cannot check it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from bot.analysis.models import Attribution, Claim, Sourcing
from bot.language import language_name

MAX_QUOTES = 6
_MIN_QUOTE_WORDS = 5
# Quotation marks as the languages write them: “…” "…" „…“ «…» »…« ‘…’
_QUOTE = re.compile(r"(?:“([^”“]{10,600})”|\"([^\"]{10,600})\"|„([^“”]{10,600})[“”]|«\s?([^»]{10,600}?)\s?»"
                    r"|»([^«]{10,600})«)")
# Two to four capitalised words (with name particles), the way names stand beside quotes in most European languages
_NAME = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+(?:de|da|del|di|van|von|der|le|la|al)?\s*[A-ZÀ-ÖØ-Þ][\w’'-]+){1,3})")
_ANY_QUOTE = re.compile(r"“[^”“]{1,600}”|\"[^\"]{1,600}\"|„[^“”]{1,600}[“”]|«[^»]{1,600}»|»[^«]{1,600}«")
_SENTENCE_END = re.compile(r"[.!?]\s")
_NEAR = 90  # characters either side of a quote searched for the speaker's name


def notice(code: str | None) -> str:
    return (f"This article is in {language_name(code)}; the built-in analysis reads English. Configure a model "
            "for other languages. Shown here: the title, the opening, and direct quotes with the name beside them.")


def quoted_statements(text: str) -> tuple[list[Claim], list[Attribution]]:
    """Direct quotes of five words or more with a name right beside them (outside the quote)."""
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    for match in _QUOTE.finditer(text):
        words = next(g for g in match.groups() if g)
        if len(words.split()) < _MIN_QUOTE_WORDS:
            continue
        speaker = _speaker(text, match.start(), match.end())
        if speaker is None:
            continue
        name, start, end = speaker
        sentence_start = max(text.rfind("\n", 0, min(start, match.start())) + 1, 0)
        sentence_end = text.find("\n", max(end, match.end()))
        quote = text[sentence_start:sentence_end if sentence_end >= 0 else len(text)].strip()
        claims.append(Claim(claim=words.strip(), source=name, source_type="person", cue="quoted",
                            status="attributed", quote=quote))
        attributions.append(Attribution(source=name, source_type="person", cue="quoted", content=match.group(0),
                                        start=match.start(), end=match.end(), direct=True, source_text=name,
                                        source_start=start, source_end=end))
        if len(claims) >= MAX_QUOTES:
            break
    return claims, attributions


def _speaker(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    quoted = [m.span() for m in _ANY_QUOTE.finditer(text, max(0, start - _NEAR), min(len(text), end + _NEAR))]

    def unquoted(name: tuple[str, int, int]) -> bool:  # the party "Georgischer Traum" is not who speaks
        return not any(s <= name[1] and name[2] <= e for s, e in quoted)

    after = [n for m in _NAME.finditer(text, end, min(len(text), end + _NEAR)) if (n := _name(m)) and unquoted(n)]
    if after and "\n" not in text[end:after[0][1]]:
        return after[0]
    window = max(0, start - _NEAR)
    sentence = max(text.rfind("\n", window, start), *(m.end() for m in _SENTENCE_END.finditer(text, window, start)),
                   window)
    before = [n for m in _NAME.finditer(text, sentence, start) if (n := _name(m)) and unquoted(n)]
    return before[0] if before else None  # the sentence's first name: its subject, not a role or party after it


def _name(match: re.Match[str]) -> tuple[str, int, int] | None:
    """The match without leading determiners or pronouns ("Die Grünen-Politikerin Katharina Dröge" keeps its
    last three words), if two capitalised words are left."""
    start = match.start(1)
    words = match.group(1).split()
    while words and words[0].lower() in _not_names():
        start = match.string.index(words[1], start + len(words[0])) if len(words) > 1 else match.end(1)
        words = words[1:]
    return (" ".join(words), start, match.end(1)) if len(words) >= 2 else None


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    lines = resources.files("bot.analysis").joinpath("lexicon/not_names.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in lines.splitlines() if w.strip() and not w.startswith("#"))


def no_verdict(code: str | None) -> Sourcing:
    return Sourcing(assessment=f"No sourcing verdict: the built-in analysis does not read {language_name(code)}.")
