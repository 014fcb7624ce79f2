"""A claim's linked source: the links the article puts in the sentence that carries the claim's evidence.

Fact-checkers ask for the primary source of every claim; when the article links one ("the ministry's
statement"), it sits in the sentence the claim's quote comes from. This step runs after either backend,
on the checked quote spans only, so a link is shown for a claim only where the article itself put it.
"""

from __future__ import annotations

from bot.analysis.models import Analysis, Claim
from bot.analysis.sentences import Span, sentences
from bot.reading.article import Link

MAX_LINKS_PER_CLAIM = 3


def attach_links(analysis: Analysis) -> Analysis:
    """Fill `Claim.links` for every grounded claim whose evidence sentences hold one of the article's links."""
    article = analysis.article
    if not article.links or not analysis.claims:
        return analysis
    spans = sentences(article.text)
    by_paragraph: dict[int, list[Link]] = {}
    for link in article.links:
        by_paragraph.setdefault(link.paragraph, []).append(link)
    for claim in analysis.claims:
        links = _links_for(claim, spans, by_paragraph, article.text)
        claim.links, claim.links_total = links[:MAX_LINKS_PER_CLAIM], len(links)
    return analysis


def _links_for(claim: Claim, spans: list[Span], by_paragraph: dict[int, list[Link]], text: str) -> list[Link]:
    if not claim.grounded or claim.quote_start is None or claim.quote_end is None:
        return []
    start, end = claim.quote_start, claim.quote_end
    evidence = [s for s in spans if s.start < end and start < s.end]
    found: list[Link] = []
    for sentence in evidence:
        for link in by_paragraph.get(sentence.paragraph, []):
            if _anchor_in(link.text, text[sentence.start:sentence.end]) and link not in found:
                found.append(link)
    return found


def _anchor_in(anchor: str, sentence: str) -> bool:
    """Whitespace-insensitive: the extractor and the HTML may space inline links differently."""
    return "".join(anchor.split()).casefold() in "".join(sentence.split()).casefold()
