"""Decide whether what was read is an article worth analysing, so the bot never summarises a cookie banner."""

from __future__ import annotations

import re

from bot.reading.article import Article
from bot.reading.errors import NotAnArticle

_PAYWALL = re.compile(
    r"subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign ?in)|"
    r"(this|the) (article|story|content) is (only )?(available|reserved|exclusive) (only )?(to|for) (our )?(subscribers|members)|"
    r"already a subscriber\?|you have reached your (free )?(article|story) limit|"
    r"create a free account to (continue|keep) reading|subscribe for full access|unlock this article", re.I)
_CONSENT = re.compile(
    r"we (and our (partners|vendors) )?(use|store) cookies|accept all( cookies)?|manage (your )?(cookie )?preferences|"
    r"consent to (the use of )?(cookies|your data)|before you continue to", re.I)
# A paywall or consent text on a page with this much story is a footer, not a wall.
_WALL_MAX_WORDS = 300


def check_article(article: Article, min_words: int) -> Article:
    """Return article unchanged, or raise NotAnArticle with the reason a reader would want to hear."""
    text = article.text
    words = article.word_count
    if words < _WALL_MAX_WORDS and _PAYWALL.search(text):
        raise NotAnArticle("the article is behind a paywall or login, so the bot only sees the teaser")
    if (words < _WALL_MAX_WORDS and _CONSENT.search(text)) or (
        words < min_words and any(r.kind == "consent_notice" for r in article.removed)
    ):
        raise NotAnArticle("the site showed a cookie or consent wall instead of the article")
    paragraphs = article.paragraphs
    if len(paragraphs) >= 12:
        # Lengths in characters, not words, so pages in languages written without spaces are judged fairly.
        short = sum(1 for p in paragraphs if len(p) < 40)
        long = sum(1 for p in paragraphs if len(p) >= 120)
        if short / len(paragraphs) > 0.7 and long < 3:
            raise NotAnArticle("the page looks like a list of links (a home, section or search page), not an article")
    if words < min_words:
        raise NotAnArticle(f"the page has too little text to be an article ({words} words)")
    return article
