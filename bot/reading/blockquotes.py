"""A block quotation (<blockquote>, which trafilatura keeps as <quote>) is someone speaking: the page's layout
says so, and plain text loses it. A first-person paragraph of one ("I've been building relationships ...")
would then read as the article's own voice, the reporter its speaker; in quotation marks it reads as what the
person just quoted went on to say, which is what the page shows. Quotations already in marks, and block
quotations in no one's first person (an excerpt, a summary), are left as they are."""

from __future__ import annotations

import json
import re
from importlib import resources

from trafilatura.settings import Document

_WORDS = json.loads(resources.files("bot.reading").joinpath("data/quotations.json").read_text(encoding="utf-8"))
_FIRST_PERSON = frozenset(_WORDS["first_person"])
_MARKS = frozenset(_WORDS["quotation_marks"])
_WORD = re.compile(r"\w+")
_MIN_WORDS = 6


def block_quote_lines(document: Document | None) -> set[str]:
    """The lines (whitespace collapsed) of the extracted body's block quotations."""
    body = getattr(document, "body", None)
    if body is None:
        return set()
    return {" ".join(line.split()) for quote in body.iter("quote")
            for line in "".join(quote.itertext()).splitlines() if line.strip()}


def as_quotation(line: str) -> str:
    """A block quotation's line, in quotation marks when it is someone speaking and has none of its own."""
    words = _WORD.findall(line.lower())
    if len(words) < _MIN_WORDS or any(mark in line for mark in _MARKS) or not _FIRST_PERSON.intersection(words):
        return line
    return f"“{line}”"
