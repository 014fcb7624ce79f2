"""Decide whether what was read is an article worth analysing, so the bot never summarises a cookie banner.

Refused: paywalls, consent walls, empty pages, pages under the word minimum (20 by default), and listings (home,
section, tag and search pages). Everything else is read: a blog post, a recipe, a lyrics page, a forum
post, an institutional page, a 25-word news brief. A listing is judged by the text the reader kept, not by
the page around it: most of it is whole-link lines (link_lines.py), there are several of them, no line of
it is a paragraph of prose, and the page does not declare itself one piece of writing (og:type, JSON-LD).
"""

from __future__ import annotations

import json
import re
from importlib import resources

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
_ARTICLE_TYPES = frozenset(json.loads(
    resources.files("bot.reading").joinpath("data/page_types.json").read_text(encoding="utf-8"))["article_types"])
# A listing: at least this many whole-link lines, holding at least this share of the text, and no paragraph of
# prose this long (characters, so pages in scripts written without spaces are judged alike).
_LISTING_MIN_LINKS = 5
_LISTING_LINK_SHARE = 0.4
_PROSE_CHARS = 400


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
    if is_listing(article):
        raise NotAnArticle("the page looks like a list of links (a home, section or search page), not an article")
    if words < min_words:
        raise NotAnArticle(f"the page has too little text to be an article ({words} words; "
                           f"at least {min_words} are needed)")
    return article


def is_listing(article: Article) -> bool:
    """Mostly whole-link lines, several of them, no paragraph of prose, and not declared an article."""
    evidence = article.evidence
    if evidence is None or evidence.declared_type in _ARTICLE_TYPES:
        return False
    return (evidence.link_lines >= _LISTING_MIN_LINKS and evidence.link_chars >= _LISTING_LINK_SHARE * evidence.text_chars
            and evidence.longest_prose < _PROSE_CHARS)

