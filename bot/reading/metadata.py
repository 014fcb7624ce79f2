"""The page's metadata (title, authors, date, site name) from trafilatura's own metadata readers.

`trafilatura.bare_extraction(with_metadata=True)` also reads categories, tags and the licence, which an
`Article` never carries: on the three benchmark sets those two cost about a quarter of the metadata time
(the licence search walks every footer link, the tag search every link of the page). So the reader asks
for the body without metadata and reads the fields it uses here, in trafilatura's order and with its
rules (meta tags, then JSON-LD, then the page's markup; htmldate for the date).

The date comes from the page's metadata, markup and URL, without htmldate's extensive search of the free
text: that search is the slowest part of reading on pages without a dated markup (about 0.2 s on some), and
finds a date on only 2 of the 181 Zyte pages and on 1 in 10 of trafilatura's evaluation pages (blogs and
shops), where a copyright year or a comment date is as likely as the publication date.
"""

from __future__ import annotations

import re

from lxml.html import Element, HtmlElement
from trafilatura.metadata import (  # find_date: htmldate, as trafilatura pins it
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    find_date,
)
from trafilatura.settings import Document, set_date_params


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """The metadata trafilatura would find for the page, minus categories, tags and licence."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single word is a handle or a site name, not a byline
    try:
        metadata = extract_meta_json(_json_ld_only(tree), metadata)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader fails on odd JSON; the markup remains
        pass
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    date_config = set_date_params(False)  # markup and URL only: see the module docstring
    metadata.date = find_date(tree, url=metadata.url, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if "." not in metadata.sitename and not metadata.sitename[:1].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    return metadata


# The long text fields of JSON-LD (the whole story, again, on many news sites): a JSON string value, escapes and all.
_LONG_JSON_FIELD = re.compile(r'"(articleBody|text|description|reviewBody)"\s*:\s*"(?:[^"\\]|\\.)*"')
_JSON_LD = './/script[@type="application/ld+json" or @type="application/settings+json"]'


def _json_ld_only(tree: HtmlElement) -> HtmlElement:
    """The page's JSON-LD scripts alone, their long text fields emptied: trafilatura reads names, types and
    dates from them, and its clean-up of the JSON costs time in proportion to its length (4 ms a page on
    fundus, where the story's whole text sits in `articleBody`). On 2 of 181 Zyte pages and 4 of 258 fundus
    pages a field comes out differently, in both directions (trafilatura's reading of the untrimmed JSON fails
    on some pages and falls back to regular expressions)."""
    holder = Element("html")
    for script in tree.xpath(_JSON_LD):
        copy = Element("script", type=script.get("type", ""))
        copy.text = _LONG_JSON_FIELD.sub(r'"\1": ""', script.text or "")
        holder.append(copy)
    return holder
