"""Paragraph and sentence spans with offsets into the article text, for the offline analyzer and follow-ups."""

from __future__ import annotations

import re
from importlib import resources
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    line.strip() for line in resources.files("bot.analysis").joinpath("lexicon/abbreviations.txt")
    .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # "U.N.", "D.C.": its stops do not end the sentence
# "SEOUL, South Korea —", "KATHMANDU, April 25 (Reuters) -", "LONDON:": a dateline says where, not who or what (but
# "A HIGH-powered team" is the sentence: a hyphen joined to the next word is not a dash)
DATELINE = re.compile(r"^[A-Z][A-Z .'’/-]{2,}(?:,\s*[A-Z][\w .'’-]*)?(?:\s*\([\w .]+\))?(?:\s*[—–]+\s*|\s*--+\s*|\s+-+\s+)"
                      r"|^[A-Z]{3,}[A-Z ]*:\s+"
                      r"|^\([A-Z][\w .]{0,15}\)\s*[—–-]+\s*")  # "(AP) —" left when "Wis." ended the sentence
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph it belongs to


def paragraphs(text: str) -> list[Span]:
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        chunk = match.group(0)
        if chunk.strip():
            spans.append(Span(match.start(), match.end(), chunk, len(spans)))
    return spans


def sentences(text: str) -> list[Span]:
    """Sentence spans, never crossing a paragraph break."""
    out: list[Span] = []
    for para in paragraphs(text):
        start = 0
        for match in _BOUNDARY.finditer(para.text):
            word = para.text[:match.start()].rsplit(None, 1)[-1].lower().strip("(\"“'") if para.text[:match.start()].strip() else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _INITIALISM.fullmatch(word):
                continue
            end = match.end()
            piece = para.text[start:end].rstrip()
            if piece:
                out.append(Span(para.start + start, para.start + start + len(piece), piece, para.paragraph))
            start = end
        piece = para.text[start:].rstrip()
        if piece.strip():
            out.append(Span(para.start + start, para.start + start + len(piece), piece, para.paragraph))
    return out
