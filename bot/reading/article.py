"""The `Article`: what the reader hands to the analysis, and what `newsbot read --json` prints."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel, Field


class RemovedBlock(BaseModel):
    """A piece of page furniture the cleaner dropped, kept so users can see what was cut and why."""

    kind: str
    text: str


class Link(BaseModel):
    """An outbound link of the story body: where the article points its readers for a source."""

    text: str  # the anchor text as the reader sees it (or the link's title, or its host, when it has none)
    url: str  # absolute, tracking parameters stripped
    paragraph: int  # 0-based index into Article.paragraphs


class PageEvidence(BaseModel):
    """What the gate judges a page by, beyond its text: the page's declared type and its link lines."""

    declared_type: str | None = None  # og:type or JSON-LD @type, lower case ("article", "newsarticle", "website")
    text_chars: int = 0  # of the extracted text, before link teasers were dropped
    link_lines: int = 0  # extracted lines that are a whole link in the page
    link_chars: int = 0
    longest_prose: int = 0  # characters of the longest extracted line that is not a link


class Article(BaseModel):
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    language: str | None = None
    text: str
    word_count: int = 0
    removed: list[RemovedBlock] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    evidence: PageEvidence | None = Field(default=None, exclude=True)  # for the gate; not part of the output
    # a PDF's 1-based page for each of `paragraphs`, so a claim found in it can be cited by page; None for web pages
    paragraph_pages: list[int] | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def host(self) -> str:
        """The outlet's name and web address ("BBC News bbc.co.uk"): what its own reporting is credited to
        ("figures obtained by the BBC"), so that it is not taken for another outlet's."""
        domain = (urlsplit(self.url).hostname or "") if self.url else ""
        return " ".join(part for part in (self.outlet or "", domain.removeprefix("www.")) if part)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Words, with scripts written without spaces counted at two characters a word."""
    if not _CJK.search(text):
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + len(_CJK.findall(text)) // 2


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name, the best outlet name when the page does not state one."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
