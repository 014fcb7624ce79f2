"""The built-in analyzer: no model, no download, no key. It fills the same ledger as the LLM backend.

Summary: the article's lead. Claims: the strongest attributed statements (named sources first, one per
source, statements with figures preferred), each quoting the sentence it comes from, verbatim. It cannot
judge which sides are missing, so `not_heard` only lists parties the article says declined to comment.
"""

from __future__ import annotations

import re

from bot.analysis.attribution import attribute, declined_to_comment, has_hedge, hedges, is_denial, lexicon
from bot.analysis.models import Analysis, Attribution, Claim, Status
from bot.analysis.parsing import parse_article, parse_notes
from bot.analysis.quotes import ground_claims
from bot.analysis.sentences import Span, sentences
from bot.analysis.sourcing import assess
from bot.reading.article import Article

MAX_CLAIMS = 8
_SUMMARY_WORDS = 60
_QUOTE_CHARS = 320
_TYPE_WEIGHT = {"person": 3.0, "organisation": 3.0, "outlet": 2.5, "document": 2.0, "anonymous": 1.0,
                "unattributed": 0.0}
_NUMBER = re.compile(r"\d")


def analyze_offline(article: Article) -> Analysis:
    text = article.text
    all_sentences = sentences(text)
    parsed = parse_article(text)
    attributions = attribute(text, parsed)
    caveat_spans = hedges(text)
    roles: dict[str, str] = {}
    for a in attributions:
        if a.entity and a.role:
            roles.setdefault(a.entity, a.role)
    claims = [_claim(a, all_sentences, caveat_spans, roles.get(a.entity or "")) for a in _strongest(attributions)]
    analysis = Analysis(
        article=article,
        summary=_lead(all_sentences),
        claims=claims,
        attributions=attributions,
        sourcing=assess(claims, attributions, [s.text for s in caveat_spans], declined_to_comment(text)),
        backend="offline",
    )
    analysis.warnings.extend(parse_notes(parsed, text))
    if not attributions:
        analysis.warnings.append("No attributed statements were found; the article may state its claims as fact.")
    return ground_claims(analysis)


def _lead(all_sentences: list[Span]) -> str:
    words: list[str] = []
    for sentence in all_sentences:
        words.extend(sentence.text.split())
        if len(words) >= 25:
            break
    if len(words) > _SUMMARY_WORDS:
        words = words[:_SUMMARY_WORDS] + ["…"]
    return " ".join(words)


def _strongest(attributions: list[Attribution]) -> list[Attribution]:
    """One statement per source, best first by source kind, substance and position; then in article order.

    Only statements a desk would lead with: not one nested inside another's statement (the outer one carries
    it, e.g. what prisoners told the security services), not a participle's aside ("…, telling them …"), and
    at least one from another outlet and one from documents or data when the article has them.
    """
    def weight(item: tuple[int, Attribution]) -> float:
        position, a = item
        score = _TYPE_WEIGHT[a.source_type]
        score += 1.0 if _NUMBER.search(a.content) else 0.0
        score += 0.5 if len(a.content.split()) >= 8 else -1.0
        score += 0.5 if is_denial(a.cue) or a.cue.startswith("confirm") else 0.0  # the article's turns
        return score - position * 0.05

    questions = set(lexicon().raw["question_cues"])
    candidates = [(position, a) for position, a in enumerate(attributions)
                  if a.source and not a.cue.endswith("ing") and not _nested(a, attributions)
                  and a.cue.split()[-1] not in questions]  # "I asked him how many minds...": a question
    ranked = sorted(candidates, key=weight, reverse=True)
    chosen: dict[str, tuple[int, Attribution]] = {}
    for wanted in (("outlet",), ("document",), tuple(_TYPE_WEIGHT)):  # the kinds a desk must hear of, first
        for position, attribution in ranked:
            key = attribution.source.lower()
            if attribution.source_type in wanted and key not in chosen and len(chosen) < MAX_CLAIMS:
                chosen[key] = (position, attribution)
                if len(wanted) == 1:
                    break
    return [a for _, a in sorted(chosen.values(), key=lambda item: item[0])]


def _nested(inner: Attribution, attributions: list[Attribution]) -> bool:
    return any(outer is not inner and outer.source and outer.start <= inner.start and inner.end <= outer.end
               and (outer.start, outer.end) != (inner.start, inner.end) for outer in attributions)


def _claim(attribution: Attribution, all_sentences: list[Span], caveats: list[Span], role: str | None) -> Claim:
    sentence = next((s for s in all_sentences if s.start <= attribution.start < s.end), None)
    quote = sentence.text if sentence else attribution.content
    if len(quote) > _QUOTE_CHARS:
        quote = quote[:_QUOTE_CHARS].rsplit(" ", 1)[0]
    claim = _as_claim(attribution.content)
    if is_denial(attribution.cue):  # never restate a denied claim as if it were the claim
        claim = f"{attribution.source} {attribution.cue} that {claim[0].lower()}{claim[1:]}"
    return Claim(claim=claim, source=attribution.source, source_role=role,
                 source_type=attribution.source_type, cue=attribution.cue,
                 status=_status(attribution, sentence), quote=quote)


def _status(attribution: Attribution, sentence: Span | None) -> Status:
    if is_denial(attribution.cue):
        return "disputed"
    if sentence is not None and has_hedge(sentence.text):
        return "unverified"
    return "attributed"


def _as_claim(content: str) -> str:
    claim = content.strip().rstrip(",;:")
    if claim[:1] in "“\"" and claim.count(claim[0]) + claim.count("”") == 2 and claim[-1:] in "”\"":
        claim = claim[1:-1].rstrip(",;: ")  # a whole direct quote: the words are the claim
    if claim and claim[0].islower():
        claim = claim[0].upper() + claim[1:]
    if claim and claim[-1] not in ".!?”\"’'":
        claim += "."
    return claim
