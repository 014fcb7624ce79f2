"""HTML to `Article`: trafilatura for the body and metadata, then the newsroom cleaning pass.

The first pass is trafilatura with `favor_precision` and `fast` (no fallback extractors): less furniture,
and cheap enough to pay for the metadata. When that leaves too little story after cleaning, the page is
extracted once more with the default balance and fallbacks, which keep more text. The second pass is
rare, so the reader stays within 1.5x of trafilatura's own speed (bench/extraction.py measures both).
"""

from __future__ import annotations

import trafilatura
from trafilatura.settings import Document

from bot.reading.article import Article, RemovedBlock, count_words, outlet_from_url
from bot.reading.cleaning import CleanResult, clean_extracted

# Below this many words after cleaning, the precise pass probably cut the story: try the balanced one.
_RETRY_BELOW_WORDS = 120


def extract_html(html: str, url: str | None = None) -> Article:
    document = _extract(html, url, favor_precision=True)
    cleaned = clean_extracted(document.text or "") if document else CleanResult(text="")
    if count_words(cleaned.text) < _RETRY_BELOW_WORDS:
        fallback = _extract(html, url, favor_precision=False)
        if fallback is not None:
            second = clean_extracted(fallback.text or "")
            if count_words(second.text) > count_words(cleaned.text):
                document, cleaned = fallback, second
    return _article(document, cleaned, url)


def extract_text_only(html: str, url: str | None = None) -> str:
    """The body text alone, as the benchmark scores it."""
    return extract_html(html, url).text


def _extract(html: str, url: str | None, favor_precision: bool) -> Document | None:
    # The precise pass skips trafilatura's fallback extractors (fast=True); the recall pass keeps them.
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=favor_precision, deduplicate=False, fast=favor_precision,
    )


def _article(document: Document | None, cleaned: CleanResult, url: str | None) -> Article:
    title = document.title if document is not None else None
    _drop_repeated_headline(cleaned, title)
    authors: list[str] = []
    if document is not None and document.author:
        authors = [a.strip() for a in document.author.split(";") if a.strip()]
    outlet = (document.sitename if document is not None else None) or outlet_from_url(url)
    return Article(
        url=url,
        title=title,
        outlet=outlet,
        authors=authors,
        published=document.date if document is not None else None,
        language=document.language if document is not None else None,
        text=cleaned.text,
        word_count=count_words(cleaned.text),
        removed=cleaned.removed,
    )


def _drop_repeated_headline(cleaned: CleanResult, title: str | None) -> None:
    """trafilatura keeps the <h1> as the first line; the headline is metadata, not story text."""
    if not title or not cleaned.text:
        return
    first, _, rest = cleaned.text.partition("\n\n")
    if " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        cleaned.removed.insert(0, RemovedBlock(kind="headline", text=first))
        cleaned.text = rest
