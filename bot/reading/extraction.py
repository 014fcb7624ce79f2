"""HTML to `Article`: trafilatura for the body and metadata, then the newsroom cleaning pass.

The page is parsed once and its metadata read once (metadata.py). A precise trafilatura pass (little
furniture, no slow fallback extractors) reads the story. Precise mode drops story paragraphs that carry
links or sit in odd containers, so when the page holds running-text paragraphs near the kept ones (or prose with links)
that the pass left out, a recall pass runs on the same tree: a recall paragraph the precise pass lacks
is kept when it is running text (long, ending like a sentence) and sits inside the story, between the
first and last lines both passes share (or, as a standfirst, just above them). Short recall-only lines
(captions, teasers, buttons) stay out. When the precise pass finds too little story, the fullest of the
recall pass and trafilatura's full default extraction wins, and a script-rendered page with no story in
its HTML is read from its hydration data (embedded.py). bench/extraction.py measures the result and the
time against plain trafilatura on three public sets.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from bot.reading.article import Article, RemovedBlock, count_words, outlet_from_url
from bot.reading.cleaning import CleanResult, clean_extracted
from bot.reading.embedded import embedded_story_html
from bot.reading.links import story_links
from bot.reading.metadata import page_metadata

# Below this many words after cleaning, both fast passes probably missed the story: try the full default.
_RETRY_BELOW_WORDS = 120
# A recall-only paragraph this long (in characters, fair to scripts without spaces) that ends like a
# sentence is story text the precise pass dropped.
_RUNNING_TEXT_CHARS = 70
_LEAD_LINES = 2
_CONTAINER_DEPTH = 3
_MIN_DROPPED = 2
_HEADLINE_OVERLAP = 0.75
_WORD = re.compile(r"\w+")
_SENTENCE_ENDS = ".!?…。！？"
# Closing quotes and brackets a sentence may end in, after its full stop: ." .” ’. .) .“ (German) 。」
_CLOSERS = "\"'”’»)“」』）"
# Share of capital letters above which a line is a shouted headline or teaser, not running text.
_MAX_CAPITALS = 0.5


def extract_html(html: str, url: str | None = None) -> Article:
    tree = load_html(html)
    if tree is None:
        return _article(None, CleanResult(text=""), url, None)
    metadata = page_metadata(tree, url)
    precise = _extract(tree, url, mode="precise")
    precise_lines = _lines(precise)
    cleaned = clean_extracted("\n".join(precise_lines))
    complete = count_words(cleaned.text) >= _RETRY_BELOW_WORDS
    if complete and not _dropped_running_text(tree, precise_lines):
        return _article(metadata, cleaned, url, tree)  # nothing for a recall pass to add: save its time
    recall = _extract(tree, url, mode="recall")
    recall_lines = _lines(recall)
    if complete:
        cleaned = clean_extracted("\n".join(merge_passes(precise_lines, recall_lines)))
    else:
        # The precise pass missed the story (a thin teaser, an odd layout): take the fullest other reading.
        fallback = _extract(tree, url, mode="default")
        for lines in (recall_lines, _lines(fallback)):
            candidate = clean_extracted("\n".join(lines))
            if count_words(candidate.text) > count_words(cleaned.text):
                cleaned = candidate
        if count_words(cleaned.text) < _RETRY_BELOW_WORDS:
            cleaned, tree = _from_embedded(tree, url, cleaned)
    return _article(metadata, cleaned, url, tree)


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


def extract_text_only(html: str, url: str | None = None) -> str:
    """The body text alone, as the benchmark scores it."""
    return extract_html(html, url).text


def merge_passes(precise: list[str], recall: list[str]) -> list[str]:
    """The precise lines, plus the running-text lines only the recall pass found inside the story.

    The two passes are aligned line by line; recall-only lines before the first or after the last line
    they share are the page around the story and stay out, as do short ones (captions, buttons, teasers).
    """
    if not precise or not recall:
        return precise or recall
    matcher = SequenceMatcher(None, [_norm(line) for line in precise], [_norm(line) for line in recall],
                              autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return precise
    start = blocks[0].b
    # The standfirst often sits just above the story's container: running text right before the first
    # shared line belongs to the story, a short line there (a caption, a kicker) does not.
    while start > 0 and blocks[0].b - start < _LEAD_LINES and _is_story_line(recall[start - 1]):
        start -= 1
    inside = range(start, blocks[-1].b + blocks[-1].size)
    merged: list[str] = []
    for tag, p_start, p_end, r_start, r_end in matcher.get_opcodes():
        merged += precise[p_start:p_end]
        if tag in ("insert", "replace"):
            merged += [line for index, line in enumerate(recall[r_start:r_end], r_start)
                       if index in inside and _is_story_line(line)]
    return merged


def _dropped_running_text(tree: HtmlElement, precise_lines: list[str]) -> bool:
    """Does the story's own container hold paragraphs of running text the precise pass left out?

    Two at least: one stray paragraph is rarely worth a second pass, and most pages have none.

    Only paragraphs near a kept one (sharing a parent, grandparent or great-grandparent) or with a link in
    their prose (precise mode drops those) count: teasers and blurbs elsewhere on the page are long
    sentences too, and a recall pass for them would cost time and add nothing.
    """
    kept = {_key(line) for line in precise_lines}
    containers: set[HtmlElement] = set()
    candidates: list[HtmlElement] = []
    for paragraph in tree.iter("p"):
        text = paragraph.text_content()
        if _key(text) in kept:
            containers.update(_near_ancestors(paragraph))
        elif len(text) >= _RUNNING_TEXT_CHARS and _is_running_text(text):
            candidates.append(paragraph)
    dropped = sum(1 for p in candidates if _has_inline_link(p) or not containers.isdisjoint(_near_ancestors(p)))
    return dropped >= _MIN_DROPPED


def _has_inline_link(paragraph: HtmlElement) -> bool:
    """Prose with a link in it (what precise mode's link-density rule drops), not a teaser that is all link."""
    linked = sum(len(a.text_content()) for a in paragraph.iter("a"))
    return 0 < linked < len(paragraph.text_content()) / 2


def _near_ancestors(element: HtmlElement) -> list[HtmlElement]:
    """The element's parent, grandparent and great-grandparent: the story's container, give or take a wrapper."""
    ancestors: list[HtmlElement] = []
    parent = element.getparent()
    while parent is not None and len(ancestors) < _CONTAINER_DEPTH:
        ancestors.append(parent)
        parent = parent.getparent()
    return ancestors


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def _is_running_text(line: str) -> bool:
    """Long and ending like a sentence (a stop, or a closing quote or bracket): enough to ask for a
    recall pass."""
    stripped = line.strip()
    return len(stripped) >= _RUNNING_TEXT_CHARS and stripped[-1:] in _SENTENCE_ENDS + _CLOSERS


def _is_story_line(line: str) -> bool:
    """Running text worth adding to the story: it ends in a full stop (or ! ?), maybe inside a closing
    quote or bracket.

    A line ending in a quote with no stop before it ("... 'transnational repression'") is a headline or a
    teaser, and so is one in capitals; scripts without letter case are never judged by the second rule.
    """
    stripped = line.strip()
    if len(stripped) < _RUNNING_TEXT_CHARS or stripped.rstrip(_CLOSERS)[-1:] not in _SENTENCE_ENDS:
        return False
    letters = [c for c in stripped if c.isalpha()]
    return sum(c.isupper() for c in letters) <= _MAX_CAPITALS * len(letters)


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
    """One trafilatura pass over a copy of the parsed tree (trafilatura copies a tree it is given).

    The body only: the metadata is read once, and only the fields an Article keeps (metadata.py).
    """
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
        favor_precision=mode == "precise", favor_recall=mode == "recall",
        deduplicate=False, fast=mode != "default",
    )


def _lines(document: Document | None) -> list[str]:
    """The body as text lines, whitespace runs collapsed."""
    if document is None or not document.text:
        return []
    return [" ".join(line.split()) for line in document.text.splitlines() if line.strip()]


def _article(metadata: Document | None, cleaned: CleanResult, url: str | None, tree: HtmlElement | None) -> Article:
    title = metadata.title if metadata is not None else None
    _drop_repeated_headline(cleaned, title)
    authors: list[str] = []
    if metadata is not None and metadata.author:
        authors = [a.strip() for a in metadata.author.split(";") if a.strip()]
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
