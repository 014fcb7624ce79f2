"""PDF bytes to an `Article`, with pypdf (pure Python: nothing to compile on a newsroom's box).

A PDF is a program more than a document, and one found on the open web may be built to hurt its reader: so
every way in which reading can fail ends in a `ReadError` with one sentence for the user, never a traceback.
Pages past NEWSBOT_MAX_PDF_PAGES are not read (and the article says so), the time spent is checked between
pages against the fetch timeout, and pypdf's own limits on decompression and parsing are tightened so a
small file cannot inflate into gigabytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import time
from importlib import resources
from typing import Any

from pypdf import PageObject, PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

from bot.reading.article import Article, RemovedBlock, count_words, outlet_from_url
from bot.reading.errors import (DamagedDocument, EncryptedDocument, FetchTimeout, NoTextLayer, ReadError, TooLarge,
                                UndecodableText)
from bot.reading.pdf_text import PdfLine, clean_line, drop_furniture, paragraphs, undecodable_share
from bot.settings import Settings

log = logging.getLogger(__name__)
# pypdf logs a warning for each flaw it works around (a wrong xref offset, a stray byte): noise for a newsroom,
# and the CLI prints warnings. A PDF that cannot be read is logged once, below.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# bytes one stream may inflate to: pypdf's default is 75 MB; a page of text needs some KB, a dense map a few MB
STREAM_LIMIT = 20_000_000
_LIMITS: dict[str, Any] = {
    "zlib_maximum_output_length": STREAM_LIMIT, "lzw_maximum_output_length": STREAM_LIMIT,
    "run_length_maximum_output_length": STREAM_LIMIT, "array_based_stream_maximum_output_length": STREAM_LIMIT,
    "stream_decoding_work_maximum_length": 4 * STREAM_LIMIT,
    "image_maximum_buffer_size": STREAM_LIMIT,
    "page_tree_maximum_entries": 100_000,  # the page tree itself, before our page cap applies
}
_UNDECODABLE_SHARE = 0.3  # above this share of private-use or replacement glyphs, the text is not the text
_WORDS = json.loads(resources.files("bot.reading").joinpath("data/pdf.json").read_text(encoding="utf-8"))
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_MAX_TITLE_WORDS = 20


def read_pdf(body: bytes, url: str | None, settings: Settings) -> Article:
    """The article in a PDF: paragraphs in reading order, each with its page; title, date and author.

    Raises a `ReadError` for anything unreadable: no text layer, a password, damage, a bomb, too slow.
    """
    started = time.monotonic()
    try:
        with apply_configuration(**_LIMITS):
            return _read(body, url, settings, started)
    except ReadError:
        raise
    except RecursionError:
        raise DamagedDocument("the PDF's structure is nested too deeply to read (it may be built to crash "
                              "readers)") from None
    except (MemoryError, LimitReachedError):
        raise TooLarge("the PDF is too large or too complex to read within the bot's limits") from None
    except Exception as exc:  # noqa: BLE001 - a malformed PDF can raise anything from deep in pypdf
        log.warning("PDF unreadable (%s): %s: %s", url, type(exc).__name__, str(exc)[:200])
        raise DamagedDocument("the PDF is damaged or incomplete, so it could not be read") from None


def _read(body: bytes, url: str | None, settings: Settings, started: float) -> Article:
    reader = PdfReader(io.BytesIO(body), strict=False)
    _unlock(reader)
    total = len(reader.pages)
    if total == 0:
        raise DamagedDocument("the PDF has no pages")
    pages: list[list[PdfLine]] = []
    chars = 0
    for index in range(min(total, settings.max_pdf_pages)):
        if time.monotonic() - started > settings.fetch_timeout:
            raise FetchTimeout(f"the PDF took longer than {settings.fetch_timeout:g} s to read")
        lines = page_lines(reader.pages[index])
        pages.append(lines)
        chars += sum(len(line.text) for line in lines)
        if chars > settings.max_page_bytes:  # the text of a normal page is a few KB: memory stays bounded
            break
    if not any(pages):
        raise NoTextLayer("the PDF has no text layer (it looks scanned), so there is nothing to read")
    if undecodable_share(pages) > _UNDECODABLE_SHARE:
        raise UndecodableText("the PDF's text could not be decoded (its fonts map letters to private symbols)")
    pages = [[line for line in (_cleaned(line) for line in lines) if line.text] for lines in pages]
    pages, removed = drop_furniture(pages)
    found = paragraphs(pages)
    if not found:  # a scan stamped with a case number and page numbers: text, but none of it the document's
        raise NoTextLayer("the PDF has no text layer (it looks scanned), so there is nothing to read")
    info = _info(reader)
    title, found = _title(info.get("/Title"), found)
    if len(pages) < total:
        removed.append(RemovedBlock(kind="unread_pages", text=f"only the first {len(pages)} of {total} pages "
                                                              "were read"))
    text = "\n\n".join(paragraph for paragraph, _ in found)
    return Article(url=url, title=title, outlet=outlet_from_url(url), authors=_authors(info.get("/Author")),
                   published=pdf_date(info.get("/CreationDate")) or pdf_date(info.get("/ModDate")),
                   text=text, word_count=count_words(text), removed=removed,
                   paragraph_pages=[page for _, page in found])


def _unlock(reader: PdfReader) -> None:
    """Open an encrypted PDF with the empty password, which is how most "protected" PDFs on the web are sent."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError):
        raise EncryptedDocument("the PDF is encrypted with a cipher the bot cannot open") from None
    except FileNotDecryptedError:
        opened = 0
    if not opened:
        raise EncryptedDocument("the PDF is protected by a password, so the bot cannot open it")


def page_lines(page: PageObject) -> list[PdfLine]:
    """The page's lines in pypdf's reading order, each where its first visible text starts."""
    lines: list[PdfLine] = []
    parts: list[str] = []
    start: list[float] = []

    def flush() -> None:
        text = "".join(parts).strip()
        if text and start:
            lines.append(PdfLine(text, start[0], start[1], start[2]))
        parts.clear()
        start.clear()

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        for n, piece in enumerate(text.split("\n")):
            if n:
                flush()
            if piece.strip() and not start:
                start.extend(_position(cm, tm, size))
            parts.append(piece)

    page.extract_text(visitor_text=visit)
    flush()
    return lines


def _position(cm: list[float], tm: list[float], size: float) -> tuple[float, float, float]:
    """The text matrix's origin on the page, and the type size as drawn (scaled by both matrices)."""
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
    return x, y, (size or 1.0) * scale


def _cleaned(line: PdfLine) -> PdfLine:
    return PdfLine(clean_line(line.text), line.x, line.y, line.size)


def _info(reader: PdfReader) -> dict[str, str]:
    """The document information dictionary as text; a damaged one is no reason to refuse the text."""
    try:
        metadata = reader.metadata or {}
        return {str(key): str(value.get_object() if hasattr(value, "get_object") else value)
                for key, value in metadata.items() if value is not None}
    except Exception:  # noqa: BLE001 - the Info dictionary is optional; the text is what matters
        return {}


def pdf_date(value: str | None) -> str | None:
    """A PDF date ("D:20240309120000Z", or a bare "20240309") as an ISO date; None when it is not a date."""
    match = _PDF_DATE.match((value or "").strip())
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date.isoformat() if 1900 < year <= dt.date.today().year + 1 else None


def usable_title(title: str | None) -> str | None:
    """The metadata title unless it names the file or the program ("Microsoft Word - draft3.docx", "Untitled")."""
    title = " ".join((title or "").split())
    lowered = title.lower()
    for prefix in _WORDS["title_prefixes"]:
        lowered = lowered.removeprefix(prefix)
    if (len(lowered) < 3 or len(title) > 300 or lowered in _WORDS["placeholder_titles"]
            or lowered.endswith(tuple(_WORDS["file_extensions"])) or not any(c.isalpha() for c in lowered)):
        return None
    return title


def _title(metadata_title: str | None, found: list[tuple[str, int]]) -> tuple[str | None, list[tuple[str, int]]]:
    """The metadata title, else the first page's first short line; the heading is dropped from the text."""
    title = usable_title(metadata_title)
    first = found[0][0] if found else ""
    if title:
        same = " ".join(first.lower().split()) == title.lower()
        return title, found[1:] if same else found
    if (len(found) > 1 and found[0][1] == 1 and len(first.split()) <= _MAX_TITLE_WORDS
            and not first.endswith((".", ",", ";"))):
        return first, found[1:]
    return None, found


def _authors(value: str | None) -> list[str]:
    """Names from /Author, split at ";"; a single word is a login name ("jsmith", "Administrator"), not a byline."""
    names = [" ".join(name.split()) for name in (value or "").split(";")]
    return [name for name in names if " " in name]
