"""Figures in a statement ("300 soldiers", "25 per cent", "1.2m"), as values that two versions can compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.alignment.lexicon import lexicon

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|per ?cent\b|pc\b|thousand\b|million\b|billion\b|trillion\b|bn\b|m\b|k\b)?",
    re.IGNORECASE)
_WORD_NUMBER = re.compile(r"\b([a-z]+)(?:\s+(hundred|thousand|million|billion))?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    value: float
    percent: bool
    text: str  # as written

    def __str__(self) -> str:
        return self.text


def figures(text: str) -> tuple[Figure, ...]:
    """Every figure in text, in order. Years and days of the month count: a changed date is a change too."""
    lex = lexicon()
    found: list[Figure] = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        unit = (match.group(2) or "").lower().replace(" ", "")
        percent = unit in ("%", "percent", "pc")
        if unit in lex.scale_words:
            value *= lex.scale_words[unit]
        found.append(Figure(value, percent, match.group(0).strip()))
    for match in _WORD_NUMBER.finditer(text):
        word = match.group(1).lower()
        if word not in lex.number_words or word in ("one",):  # "one" is mostly a pronoun in news copy
            continue
        value = float(lex.number_words[word])
        if match.group(2):
            value *= lex.scale_words.get(match.group(2).lower(), 100)
        tail = text[match.end():match.end() + 9].lower()
        percent = tail.lstrip().startswith(lex.percent_words)
        found.append(Figure(value, percent, match.group(0)))
    return tuple(found)


def values(found: tuple[Figure, ...]) -> frozenset[tuple[float, bool]]:
    return frozenset((f.value, f.percent) for f in found)
