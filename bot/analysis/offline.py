"""The built-in analyzer: no model, no download, no key. It fills the same ledger as the LLM backend.

Summary: the article's lede without its dateline. Claims: the key statements (key_claims.py), each quoting
the sentences it comes from, verbatim. It cannot judge which sides are missing, so `not_heard` only lists
parties the article says declined to comment.
"""

from __future__ import annotations

from bot.analysis.attribution import attribute, declined_to_comment, hedges
from bot.analysis.headline import headline_claim
from bot.analysis.key_claims import MAX_CLAIMS, asks, lede_claim, mark_disputes, select, to_claim
from bot.analysis.lede import find_lede
from bot.analysis.models import Analysis
from bot.analysis.other_languages import no_verdict, notice, quoted_statements
from bot.analysis.parsing import parse_article, parse_notes
from bot.analysis.quotes import ground_claims
from bot.analysis.sentences import DATELINE, Span, sentences
from bot.analysis.sourcing import assess
from bot.analysis.speakers import speaks
from bot.language import language_of
from bot.reading.article import Article

_SUMMARY_WORDS = 60


def analyze_offline(article: Article) -> Analysis:
    text = article.text
    all_sentences = sentences(text)
    parsed = parse_article(text)
    if parsed is None and text.strip():
        return _not_english(article, all_sentences)
    attributions = attribute(text, parsed, article.host)
    caveat_spans = hedges(text)
    roles: dict[str, str] = {}
    for a in attributions:
        if a.entity and a.role:
            roles.setdefault(a.entity, a.role)
    opening = find_lede(all_sentences, parsed, article.title)
    chosen = select(attributions, all_sentences, parsed, opening)
    # a lede sentence that reports hearsay ("is said to") or a question ("many wondered how") states no claim
    lede = lede_claim(text, all_sentences, [*chosen, *(a for a in attributions if not a.source or asks(a))], opening)
    claims = [to_claim(a, text, all_sentences, parsed, roles.get(a.entity or ""), attributions) for a in chosen]
    if lede is not None:
        claims = [lede, *claims[:MAX_CLAIMS - 1]]
    headline = headline_claim(article.title, claims, attributions)
    if headline is not None:
        claims = [headline, *claims[:MAX_CLAIMS - 1]]
    mark_disputes(claims, attributions)
    analysis = Analysis(
        article=article,
        summary=_lead(all_sentences),
        claims=claims,
        attributions=attributions,
        sourcing=assess(claims, [a for a in attributions if speaks(a, parsed)], [s.text for s in caveat_spans],
                        declined_to_comment(text)),  # (a supposition's "another bidder" is no source)
        backend="offline",
    )
    analysis.warnings.extend(parse_notes(parsed, text))
    if not attributions:
        analysis.warnings.append("No attributed statements were found; the article may state its claims as fact.")
    return ground_claims(analysis)


def _not_english(article: Article, all_sentences: list[Span]) -> Analysis:
    """Title, opening and plain direct quotes, and no verdict: see other_languages.py."""
    code = article.language if article.language and not article.language.lower().startswith("en") \
        else language_of(article.text)
    claims, attributions = quoted_statements(article.text)
    analysis = Analysis(article=article.model_copy(update={"language": code}), summary=_lead(all_sentences),
                        claims=claims, attributions=attributions, sourcing=no_verdict(code), backend="offline")
    analysis.warnings.append(notice(code))
    return ground_claims(analysis)


def _lead(all_sentences: list[Span]) -> str:
    """The lede: the first sentences, to about 25 words, without the dateline."""
    words: list[str] = []
    for sentence in all_sentences:
        words.extend(DATELINE.sub("", sentence.text).split() if not words else sentence.text.split())
        if len(words) >= 25:
            break
    if len(words) > _SUMMARY_WORDS:
        words = words[:_SUMMARY_WORDS] + ["…"]
    return " ".join(words)
