"""Source to `Article`: a URL (fetched safely), a local file, or text on stdin."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import BinaryIO

from bot.reading.article import Article, count_words, outlet_from_url
from bot.reading.charset import decode
from bot.reading.cleaning import clean_plain_text
from bot.reading.errors import NotAnArticle, ReadError
from bot.reading.extraction import extract_html
from bot.reading.fetch import FetchedPage, Fetcher, looks_like_pdf
from bot.reading.gate import check_article
from bot.reading.parse_memory import ParseBudget
from bot.observability import metrics
from bot.settings import Settings

log = logging.getLogger(__name__)

LOCAL_SUFFIXES = {".html": True, ".htm": True, ".xhtml": True, ".txt": False, ".pdf": False}


class Reader:
    """Reads articles. One instance is shared by the CLI, the Slack app and the benchmarks."""

    def __init__(self, settings: Settings, fetcher: Fetcher | None = None) -> None:
        self.settings = settings
        self.fetcher = fetcher or Fetcher(settings)
        self.parse_budget = ParseBudget.for_pages_up_to(settings.max_page_bytes)  # shared by this reader's threads

    def read(self, source: str, stdin: BinaryIO | None = None) -> Article:
        if source == "-":
            body = (stdin or sys.stdin.buffer).read(self.settings.max_page_bytes + 1)
            if len(body) > self.settings.max_page_bytes:
                raise ReadError("the input is larger than the page size limit")
            return self.from_bytes(body, url=None, is_html=_looks_like_html(body))
        if source.lower().startswith(("http://", "https://")) or "://" in source:
            return self.read_url(source)
        path = Path(source)
        if path.is_file():
            if path.suffix.lower() not in LOCAL_SUFFIXES:
                raise ReadError(f"{path.name}: only .html, .htm, .xhtml, .txt and .pdf files can be read")
            if path.stat().st_size > self.settings.max_page_bytes:
                raise ReadError(f"{path.name} is larger than the page size limit")
            return self.from_bytes(path.read_bytes(), url=None, is_html=LOCAL_SUFFIXES[path.suffix.lower()])
        raise ReadError(f"{source!r} is neither an http(s) link nor a readable file")

    def read_url(self, url: str, workspace: str = "") -> Article:
        try:
            return self.from_page(self.fetcher.fetch(url, workspace) if workspace else self.fetcher.fetch(url))
        except ReadError as exc:
            metrics.count(lambda m: m.fetch_errors, type(exc).__name__)
            raise

    def from_page(self, page: FetchedPage) -> Article:
        """The CPU-bound half of reading (decode, extract, clean), separate from the network half."""
        if page.is_pdf:
            return self.from_pdf(page.body, url=page.url)
        return self.from_bytes(page.body, url=page.url, is_html=page.is_html, charset=page.charset)

    def from_bytes(self, body: bytes, url: str | None, is_html: bool, charset: str | None = None) -> Article:
        if not body.strip():
            raise ReadError("the page is empty")
        if looks_like_pdf(body):  # a local .pdf, stdin, or a PDF saved under another name
            return self.from_pdf(body, url)
        text = decode(body, charset, is_html=is_html)
        return self.from_text(text, url=url, is_html=is_html)

    def from_pdf(self, body: bytes, url: str | None) -> Article:
        """A PDF's text, judged by the same gate as a web page's (so a one-line PDF is "too little text")."""
        from bot.reading.pdf import read_pdf  # pypdf loads only when a PDF comes

        with self.parse_budget.parsing(len(body)):
            article = read_pdf(body, url, self.settings)
        return check_article(article, self.settings.min_article_words)

    def from_text(self, text: str, url: str | None, is_html: bool) -> Article:
        if is_html:
            try:
                with self.parse_budget.parsing(len(text)):
                    article = extract_html(text, url)
            except (ValueError, RecursionError, MemoryError) as exc:
                log.warning("extraction failed for %s: %s", url, type(exc).__name__)
                raise NotAnArticle("the page's HTML could not be parsed") from None
        else:
            cleaned = clean_plain_text(text)
            article = Article(url=url, title=cleaned.title, outlet=outlet_from_url(url), text=cleaned.text,
                              word_count=count_words(cleaned.text), removed=cleaned.removed)
        return check_article(article, self.settings.min_article_words)


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head or b"<p>" in head
