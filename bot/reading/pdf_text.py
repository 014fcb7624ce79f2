"""A PDF's positioned lines to paragraphs: running headers, footers and page numbers out, broken lines joined.

Works on lines with their position and type size, so it can use the cues a reader's eye uses: a wider gap
between lines, an indented first line, a change of size, a short line ending a sentence. The lines come in
pypdf's order (the content stream's), which is the reading order of nearly every PDF a newsroom is sent: one
column, or columns written one after the other.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from bot.reading.article import RemovedBlock

_WORDS = json.loads(resources.files("bot.reading").joinpath("data/pdf.json").read_text(encoding="utf-8"))
_LABEL = "|".join(re.escape(word) for word in _WORDS["page_words"])
_OF = "|".join(re.escape(word) for word in _WORDS["of_words"])
# "3", "- 3 -", "Page 3", "Page 3 of 10", "3 / 10", "p. iv": a line that is only a page number
_PAGE_NUMBER = re.compile(rf"^[\s\-–—|\[\](]*(?:(?:{_LABEL})\s*)?(?:\d{{1,5}}|[ivxlcdm]{{1,7}})"
                          rf"(?:\s*(?:{_OF})\s*\d{{1,5}})?[\s\-–—|\[\])]*$", re.IGNORECASE)
_EDGE = 2  # lines at the top and at the bottom of a page where running furniture sits
_SENTENCE_END = re.compile(r"[.!?:][\"'”’)]*$")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")  # "gov-" at a line end; "2020-" or "--" are not broken words
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LIGATURES = re.compile("[\ufb00-\ufb06]")  # ﬁ ﬂ ﬀ ...: as the letters they stand for


@dataclass(frozen=True)
class PdfLine:
    """A line as set on the page: its text and where it starts, in points from the page's bottom left."""

    text: str
    x: float
    y: float
    size: float


def undecodable_share(pages: list[list[PdfLine]]) -> float:
    """Share of the visible characters that are private-use glyphs or replacement characters."""
    text = "".join(line.text for lines in pages for line in lines)
    visible = sum(1 for char in text if not char.isspace())
    return len(_PRIVATE_USE.findall(text)) / visible if visible else 0.0


def clean_line(text: str) -> str:
    """Ligatures spelt out, stray private-use glyphs and control characters out, spaces collapsed."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _CONTROL.sub("", _PRIVATE_USE.sub("", text))
    return " ".join(text.split())


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _furniture_key(text: str) -> str:
    """The same running header on every page, whatever its page number or date: digits do not count."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edges(lines: list[PdfLine]) -> dict[int, str]:
    """Index -> "top" or "bottom" for the lines nearest the page's top and bottom edges.

    A page of a few lines keeps its middle ones out of reach, so a short page's body is never all edge.
    """
    by_height = sorted(range(len(lines)), key=lambda i: -lines[i].y)
    per_side = min(_EDGE, max(1, (len(lines) - 1) // 2))
    edges = {i: "bottom" for i in by_height[-per_side:]}
    edges.update({i: "top" for i in by_height[:per_side]})
    return edges


def drop_furniture(pages: list[list[PdfLine]]) -> tuple[list[list[PdfLine]], list[RemovedBlock]]:
    """Drop page numbers, and lines repeated at the top or bottom of most pages (more than half, two at least).

    Only lines at a page's edges are candidates, so a sentence that recurs in the body (a refrain, a table's
    heading row) stays.
    """
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i].text) for i in _edges(lines)})
    repeated = {key for key, n in counts.items() if n >= 2 and n > len(pages) / 2}
    removed: dict[tuple[str, str], RemovedBlock] = {}
    kept_pages = []
    for lines in pages:
        edges = _edges(lines)
        kept = []
        for i, line in enumerate(lines):
            kind = None
            if i in edges and is_page_number(line.text):
                kind = "page_number"
            elif i in edges and _furniture_key(line.text) in repeated:
                kind = f"running_{'header' if edges[i] == 'top' else 'footer'}"
            if kind is None:
                kept.append(line)
            else:
                removed.setdefault((kind, _furniture_key(line.text)), RemovedBlock(kind=kind, text=line.text))
        kept_pages.append(kept)
    return kept_pages, list(removed.values())


def paragraphs(pages: list[list[PdfLine]]) -> list[tuple[str, int]]:
    """(paragraph, 1-based page it starts on), in reading order; a paragraph may run on to the next page."""
    spacing = _line_spacing(pages)
    found: list[tuple[list[str], int]] = []
    previous: PdfLine | None = None
    for number, lines in enumerate(pages, start=1):
        margin = _left_margin(lines)
        width = statistics.median([len(line.text) for line in lines]) if lines else 0
        for index, line in enumerate(lines):
            if previous is None or _starts_paragraph(previous, line, index == 0, spacing, margin, width):
                found.append(([line.text], number))
            else:
                found[-1][0].append(line.text)
            previous = line
    return [(text, page) for lines, page in found if (text := join_lines(lines))]


def _starts_paragraph(previous: PdfLine, line: PdfLine, new_page: bool, spacing: float, margin: float,
                      width: float) -> bool:
    runs_on = not _SENTENCE_END.search(previous.text) and line.text[:1].islower()
    gap = previous.y - line.y
    if new_page or gap < -line.size:  # a new page or a new column: one paragraph only if it plainly runs on
        return not runs_on
    if abs(line.size - previous.size) > 1:  # a heading, a caption, a footnote
        return True
    if gap > spacing * 1.4 + 1:  # a blank line's worth of space
        return not runs_on
    if line.x - margin > 0.8 * line.size >= previous.x - margin:  # an indented first line
        return True
    return bool(_SENTENCE_END.search(previous.text)) and len(previous.text) < 0.6 * width  # a short last line


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one line: a word hyphenated at a line end ("gov-" + "ernment") made whole.

    A hyphenated compound broken at its hyphen ("well-" + "known") comes out as one word too: the type does not
    say which it was, and broken words are far the more common.
    """
    parts: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        last = parts[-1] if parts else ""
        if last.endswith("\u00ad") or (_BROKEN_WORD.search(last[-2:]) and line[:1].islower()):
            parts[-1] = last[:-1]  # "gov-" + "ernment": no hyphen, no space
        elif parts:
            parts.append(" ")
        parts.append(line)
    return "".join(parts).replace("\u00ad", "").strip()


def _line_spacing(pages: list[list[PdfLine]]) -> float:
    """The usual distance between two lines of a paragraph (the median one), in points."""
    gaps = [a.y - b.y for lines in pages for a, b in zip(lines, lines[1:]) if 0 < a.y - b.y < 3 * max(a.size, 1)]
    if gaps:
        return statistics.median(gaps)
    sizes = [line.size for lines in pages for line in lines]
    return 1.2 * (statistics.median(sizes) if sizes else 11)


def _left_margin(lines: list[PdfLine]) -> float:
    """Where most lines of the page start."""
    if not lines:
        return 0.0
    return Counter(round(line.x) for line in lines).most_common(1)[0][0]
