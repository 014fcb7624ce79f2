"""Bytes to text: find the page's encoding, and refuse bodies that are not text at all."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from bot.reading.errors import UndecodableText, UnsupportedContent

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a compressed file",
    b"RIFF": "a media file",
    b"\x00\x00\x00": "a binary media file",
    b"ID3": "an audio file",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
# Python codecs that decode bytes but are no web page's charset: they fail on everything ("undefined"),
# or turn backslash sequences and host-name syntax into other text.
_NOT_PAGE_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna"})
_MAX_BAD_SHARE = 0.01  # decode with replacements when at most 1% of characters are broken


def sniff_binary(body: bytes) -> None:
    """Raise UnsupportedContent for a non-text body, whatever content type the server claimed."""
    head = body.lstrip()[:16]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise UnsupportedContent(f"the link leads to {what}, not a web page")
    sample = body[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 100 and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnsupportedContent("the link leads to a binary file, not a web page")


def decode(body: bytes, declared: str | None = None, is_html: bool = True) -> str:
    """Decode using, in order: a byte-order mark, the declared charset, a <meta> charset, UTF-8, detection."""
    sniff_binary(body)
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return _decode_with(body[len(bom):], encoding) or _fail()
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    if is_html:
        match = _META_CHARSET.search(body[:8192])
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for encoding in candidates:
        text = _decode_strict(body, encoding)
        if text is not None:
            return text
    declared_ones = candidates[:-1]  # what the server or the page said, before our UTF-8 guess
    for encoding in declared_ones:  # mostly valid, with a few broken bytes: trust the declaration
        text = _decode_with(body, encoding)
        if text is not None:
            return text
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        text = _decode_with(body, best.encoding)
        if text is not None:
            return text
    text = _decode_with(body, "utf-8")
    if text is not None:
        return text
    return _fail()


def _decode_strict(body: bytes, encoding: str) -> str | None:
    name = _usable(encoding)
    if name is None:
        return None
    try:
        return body.decode(name)
    except (UnicodeError, ValueError):  # UnicodeError too: codecs like "undefined" raise it for any input
        return None


def _decode_with(body: bytes, encoding: str) -> str | None:
    """Decode with replacement characters, accepted only when they are rare."""
    name = _usable(encoding)
    if name is None:
        return None
    try:
        text = body.decode(name, errors="replace")
    except (UnicodeError, ValueError):
        return None
    if text.count("\ufffd") > max(1, len(text) * _MAX_BAD_SHARE):
        return None
    return text


def _usable(encoding: str) -> str | None:
    """The codec name for a page's charset label, or None when Python has no usable text codec for it.

    Pages say anything (`charset=undefined`, `charset=x-user-defined`, `charset=base64`); such a label is
    ignored and the next candidate, then detection, is tried.
    """
    try:
        name = _normalise(encoding)
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if info.name in _NOT_PAGE_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    return name


def _normalise(encoding: str) -> str:
    name = encoding.strip().lower()
    # Browsers read ISO-8859-1 and ASCII labels as windows-1252; so do we.
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name


def _fail() -> str:
    raise UndecodableText("the page's text encoding is broken, so it cannot be read reliably")
