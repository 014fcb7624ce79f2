"""HTML to `Article`: trafilatura for the body and metadata, then the newsroom cleaning pass.

The page is parsed once and its metadata read once (metadata.py). The story comes from one trafilatura pass
with its default settings, the same reading plain trafilatura gives (its own extractor, checked against its
readability and jusText fallbacks), so no story text is lost to a stricter mode: an earlier design read the
page in precision mode and merged in running text from a recall pass, and lost sub-headings, list items and
short paragraphs that way (recall 0.016 below trafilatura's on trafilatura's own evaluation set). The precision
comes from the cleaning pass (cleaning.py), which drops the furniture trafilatura keeps, in the languages of
the pages people link to. When that pass finds too little story, a recall pass may find more, and a
script-rendered page with no story in its HTML is read from its hydration data (embedded.py).
bench/extraction.py measures the result and the time against plain trafilatura on four public sets.
"""
from __future__ import annotations

import re

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from bot.reading.article import Article, PageEvidence, RemovedBlock, count_words, outlet_from_url
from bot.reading.blockquotes import as_quotation, block_quote_lines
from bot.reading.cleaning import CleanResult, clean_extracted
from bot.reading.embedded import embedded_story_html
from bot.reading.hover_cards import drop_hover_cards
from bot.reading.link_lines import LinkTexts, drop_link_teasers, whole_link_lines
from bot.reading.links import story_links
from bot.reading.metadata import page_metadata

# Below this many words after cleaning, the default pass probably missed the story: try a recall pass.
_RETRY_BELOW_WORDS = 60
_HEADLINE_OVERLAP = 0.75
_WORD = re.compile(r"\w+")


def extract_html(html: str, url: str | None = None) -> Article:
    tree = load_html(html)
    if tree is None:
        return _article(None, CleanResult(text=""), url, None)
    metadata = page_metadata(tree, url)
    drop_hover_cards(tree)
    cleaned = clean_extracted("\n".join(_lines(_extract(tree, url, mode="default"))))
    if count_words(cleaned.text) < _RETRY_BELOW_WORDS:
        # A thin teaser or an odd layout: take the fuller reading of a recall pass, if it has one.
        candidate = clean_extracted("\n".join(_lines(_extract(tree, url, mode="recall"))))
        if count_words(candidate.text) > count_words(cleaned.text):
            cleaned = candidate
        if count_words(cleaned.text) < _RETRY_BELOW_WORDS:
            cleaned, tree = _from_embedded(tree, url, cleaned)
    evidence = _without_link_teasers(cleaned, tree, metadata.pagetype)
    return _article(metadata, cleaned, url, tree, evidence)


def _without_link_teasers(cleaned: CleanResult, tree: HtmlElement, declared_type: str | None) -> PageEvidence:
    """Drop the lines that were links to other stories (link_lines.py); return what the gate needs to know
    about the page, measured before they went."""
    links = LinkTexts.of(tree)
    paragraphs = [p for p in cleaned.text.split("\n\n") if p.strip()]
    linked = whole_link_lines(paragraphs, links)
    linked_set = set(linked)
    evidence = PageEvidence(
        declared_type=(declared_type or "").lower() or None, text_chars=sum(len(p) for p in paragraphs),
        link_lines=len(linked), link_chars=sum(len(p) for p in linked),
        longest_prose=max((len(p) for p in paragraphs if p not in linked_set), default=0))
    kept, removed = drop_link_teasers(paragraphs, links)
    if removed:
        cleaned.text = "\n\n".join(kept)
        cleaned.removed += removed
    return evidence


def _from_embedded(tree: HtmlElement, url: str | None, cleaned: CleanResult) -> tuple[CleanResult, HtmlElement]:
    """A script-rendered page: read the story from its hydration data (embedded.py) if that holds more."""
    fragment = embedded_story_html(tree)
    inner = load_html(f"<html><body><article>{fragment}</article></body></html>") if fragment else None
    if inner is None:
        return cleaned, tree
    candidate = clean_extracted("\n".join(_lines(_extract(inner, url, mode="recall"))))
    if count_words(candidate.text) > count_words(cleaned.text):
        return candidate, inner
    return cleaned, tree


def _similar_headline(line: str, title: str) -> bool:
    """A headline worded a little differently from the <title> (the SEO title): short, no full stop at
    the end, and most of its words are the title's."""
    words = set(_WORD.findall(line.casefold()))
    title_words = set(_WORD.findall(title.casefold()))
    if len(words) < 4 or len(line.split()) > 25 or line.rstrip().rstrip("\"'”’»)")[-1:] in ".!?…:;":
        return False
    return len(words & title_words) / min(len(words), len(title_words) or 1) >= _HEADLINE_OVERLAP


def _norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def _extract(tree: HtmlElement, url: str | None, mode: str) -> Document | None:
    """One trafilatura pass over a copy of the parsed tree (trafilatura copies a tree it is given): "default" as
    plain trafilatura reads a page, with its fallback extractors; "recall", for a page that pass found little
    on, without them (they already had their say in the default pass).

    The body only: the metadata is read once, and only the fields an Article keeps (metadata.py).
    """
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
        favor_recall=mode == "recall", deduplicate=False, fast=mode == "recall",
    )


def _lines(document: Document | None) -> list[str]:
    """The body as text lines, whitespace runs collapsed, a block quotation of someone speaking in quotation marks."""
    if document is None or not document.text:
        return []
    quoted = block_quote_lines(document)
    lines = [" ".join(line.split()) for line in document.text.splitlines() if line.strip()]
    return [as_quotation(line) if line in quoted else line for line in lines]


def _article(metadata: Document | None, cleaned: CleanResult, url: str | None, tree: HtmlElement | None,
             evidence: PageEvidence | None = None) -> Article:
    title = metadata.title if metadata is not None else None
    _drop_repeated_headline(cleaned, title)
    authors: list[str] = []
    if metadata is not None and metadata.author:
        authors = [a.strip() for a in metadata.author.split(";") if " " in a.strip()]  # "Username": not a byline
    _drop_author_bio(cleaned, authors)
    outlet = (metadata.sitename if metadata is not None else None) or outlet_from_url(url)
    paragraphs = [p for p in cleaned.text.split("\n\n") if p.strip()]
    return Article(
        url=url,
        title=title,
        outlet=outlet,
        authors=authors,
        published=metadata.date if metadata is not None else None,
        language=metadata.language if metadata is not None else None,
        text=cleaned.text,
        word_count=count_words(cleaned.text),
        removed=cleaned.removed,
        links=story_links(tree, paragraphs, url),
        evidence=evidence,
    )


def _drop_repeated_headline(cleaned: CleanResult, title: str | None) -> None:
    """trafilatura keeps the <h1> as the first line; the headline is metadata, not story text.

    The page title often carries the site's name ("Headline | Outlet"), and a one- or two-word kicker
    ("World") may sit above the headline: both go with it.
    """
    if not title or not cleaned.text:
        return
    lines = cleaned.text.split("\n\n")
    wanted = _norm(title)
    for index, line in enumerate(lines[:2]):
        candidate = _norm(line)
        is_headline = candidate == wanted or (len(candidate) >= 20 and wanted.startswith(candidate)) or (
            _similar_headline(line, title))
        if not is_headline:
            if len(line.split()) > 2:
                return
            continue
        for dropped in lines[: index + 1]:
            cleaned.removed.insert(0, RemovedBlock(kind="headline", text=dropped))
        cleaned.text = "\n\n".join(lines[index + 1:])
        return


_BIO_VERBS = (" is ", " was ", " has ", " covers ", " writes ", " reports ")
_BIO_WORDS = 80


def _drop_author_bio(cleaned: CleanResult, authors: list[str]) -> None:
    """"Houston Mitchell is an assistant sports editor ...": a paragraph about the byline's writer opening the
    text is not the story, and must not become its summary. (At the foot, where readers expect it and reference
    extractions keep it, it does no such harm and stays.)"""
    paragraphs = cleaned.text.split("\n\n")
    if len(paragraphs) < 3 or not authors:
        return
    opening = paragraphs[0].strip()
    if len(opening.split()) <= _BIO_WORDS and any(
            opening.startswith(author + verb) for author in authors for verb in _BIO_VERBS):
        cleaned.removed.append(RemovedBlock(kind="author_bio", text=opening))
        cleaned.text = "\n\n".join(paragraphs[1:])
