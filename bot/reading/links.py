"""The outbound links of the story body: where the article sends its readers for a source.

Fact-checkers start from the primary source a claim links to. The anchors are read from the parsed page
and kept only when the paragraph they sit in is a paragraph of the extracted story, so menus, teasers and
footers fall away with the furniture. Each is resolved against the page URL with tracking parameters
stripped; share buttons and the site's own navigation (home, section, tag, author pages) are left out and
non-web schemes (javascript:, data:, mailto:, tel:) dropped. Anchors without text are dropped too: they
are icons and image links, with no words in the story to hang a source on. The work is bounded: at most
`MAX_SCANNED` anchors are looked at and `MAX_LINKS` kept, whatever the page holds.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from bot.reading.article import Link

MAX_LINKS = 100
MAX_SCANNED = 100_000  # anchors looked at; a 5 MB page holds a few hundred thousand at most
MAX_TEXT = 200
MAX_URL = 2000
_PREFIX = 60  # characters of a paragraph (whitespace removed) that identify it
# The elements a story paragraph is written in; an anchor belongs to the nearest one around it.
_BLOCKS = frozenset({"p", "li", "blockquote", "td", "th", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "figcaption",
                     "pre", "div", "section", "article"})


@cache
def _rules() -> dict[str, Any]:
    raw = json.loads(resources.files("bot.reading").joinpath("data/links.json").read_text(encoding="utf-8"))
    return {
        "params": frozenset(raw["tracking_params"]),
        "prefixes": tuple(raw["tracking_prefixes"]),
        "share": tuple((host, path.lower()) for host, path in raw["share"]),
        "nav": frozenset(raw["nav_segments"]),
    }


def story_links(tree: HtmlElement | None, paragraphs: list[str], page_url: str | None) -> list[Link]:
    """The links of the page that sit in one of the story's paragraphs, in order, at most MAX_LINKS."""
    if tree is None or not paragraphs:
        return []
    keys = [_key(p) for p in paragraphs]
    story = "\n".join(keys)  # keys hold no whitespace, so no anchor text spans two paragraphs here
    exact: dict[str, int] = {}
    by_prefix: dict[str, int] = {}
    for index, key in enumerate(keys):
        exact.setdefault(key, index)
        by_prefix.setdefault(key[:_PREFIX], index)
    block_keys: dict[HtmlElement, str] = {}  # a long block is read once, not once per anchor in it
    links: list[Link] = []
    seen: set[tuple[str, int]] = set()
    for scanned, anchor in enumerate(tree.iter("a")):
        if scanned >= MAX_SCANNED or len(links) >= MAX_LINKS:
            break
        href = anchor.get("href")
        if not href:
            continue
        text = " ".join(anchor.text_content().split())[:MAX_TEXT]
        text_key = _key(text)
        if not text_key or text_key not in story:
            continue  # words found nowhere in the story (menus, teasers): no need to find its paragraph
        block = _block(anchor)
        if block is None:
            continue
        key = block_keys.get(block)
        if key is None:
            key = block_keys[block] = _key(block.text_content())
        index = exact.get(key)
        if index is None and len(key) >= _PREFIX:
            index = by_prefix.get(key[:_PREFIX])
        if index is None:
            continue
        if text_key not in keys[index]:
            continue
        url = clean_url(href, page_url)
        if url is None or (url, index) in seen:
            continue
        seen.add((url, index))
        links.append(Link(text=text, url=url, paragraph=index))
    return links


def clean_url(href: str, page_url: str | None) -> str | None:
    """An absolute http(s) URL without tracking parameters, or None for what a reader should not follow."""
    href = "".join(href.split())  # HTML allows whitespace and newlines inside an href
    if not href or len(href) > MAX_URL or href.startswith("#"):
        return None
    try:
        absolute = urljoin(page_url, href) if page_url else href
        parts = urlsplit(absolute)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:  # a malformed host or port
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    netloc = host if port is None else f"{host}:{port}"  # credentials in a link are never kept
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)])
    url = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))
    if _is_share(host, parts.path) or _is_own_navigation(host, parts.path, page_url):
        return None
    if page_url and url == _without_fragment(page_url):
        return None  # a link to the page itself
    return url


def _tracking(name: str) -> bool:
    rules = _rules()
    lowered = name.lower()
    return lowered in rules["params"] or lowered.startswith(rules["prefixes"])


def _is_share(host: str, path: str) -> bool:
    bare = host.removeprefix("www.")
    lowered = path.lower() or "/"
    return any((bare == h or bare.endswith("." + h)) and lowered.startswith(p) for h, p in _rules()["share"])


def _is_own_navigation(host: str, path: str, page_url: str | None) -> bool:
    """A link to the site's own home, section, tag or author page: navigation, not a source."""
    if not page_url:
        return False
    try:
        page_host = (urlsplit(page_url).hostname or "").lower()
    except ValueError:
        return False
    label, _, rest = host.partition(".")
    if label in _rules()["nav"] and _site(rest) == _site(page_host):
        return True  # the site's own topic or tag host: topics.nytimes.com from www.nytimes.com
    if _site(host) != _site(page_host):
        return False
    segments = [s for s in path.lower().split("/") if s]
    if not segments:
        return True
    if segments[0] in _rules()["nav"] and len(segments) <= 2:
        return True
    # One short word ("/politics", "/sport"): a section front, not a story, which has a slug or an id.
    return len(segments) == 1 and not any(c.isdigit() for c in segments[0]) and segments[0].count("-") < 2


def _site(host: str) -> str:
    for prefix in ("www.", "m.", "amp.", "mobile."):
        host = host.removeprefix(prefix)
    return host


def _without_fragment(url: str) -> str:
    try:
        parts = urlsplit(url)
        return urlunsplit((parts.scheme.lower(), (parts.netloc or "").lower(), parts.path or "/", parts.query, ""))
    except ValueError:
        return url


def _block(anchor: HtmlElement) -> HtmlElement | None:
    element = anchor.getparent()
    while element is not None and element.tag not in _BLOCKS:
        element = element.getparent()
    return element


def _key(text: str) -> str:
    """Text compared without whitespace: the extractor and the HTML disagree on spaces around inline tags."""
    return "".join(text.split()).casefold()
