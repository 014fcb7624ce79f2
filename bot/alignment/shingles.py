"""Shared copy between articles (wire stories reprinted, press releases pasted): word shingles."""

from __future__ import annotations

import re
from dataclasses import dataclass

SHINGLE_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]([\"”’']?)(?:\s+|$)")
_BEFORE_SENTENCE = re.compile(r"(?:^|[.!?][\"”’']?\s+|\n)\s*[\"“‘']?$")


@dataclass(frozen=True)
class SharedText:
    share: float  # of the shorter article's shingles, how many the other has too
    passage: str  # the longest shared run, verbatim from the first article
    words: int  # its length in words


def shared_text(a: str, b: str, size: int = SHINGLE_WORDS) -> SharedText:
    words_a = list(_WORD.finditer(a))
    words_b = [m.group(0).lower() for m in _WORD.finditer(b)]
    grams_a = _shingles([m.group(0).lower() for m in words_a], size)
    grams_b = set(_shingles(words_b, size))
    if not grams_a or not grams_b:
        return SharedText(0.0, "", 0)
    hits = [gram in grams_b for gram in grams_a]
    share = sum(hits) / min(len(set(grams_a)), len(grams_b))
    best_start, best_len, run_start = 0, 0, None
    for index, hit in enumerate([*hits, False]):
        if hit and run_start is None:
            run_start = index
        elif not hit and run_start is not None:
            if index - run_start > best_len:
                best_start, best_len = run_start, index - run_start
            run_start = None
    if not best_len:
        return SharedText(round(min(share, 1.0), 3), "", 0)
    first, last = words_a[best_start], words_a[best_start + best_len + size - 2]
    passage = _whole_sentences(a, first.start(), last.end())
    return SharedText(round(min(share, 1.0), 3), passage, len(_WORD.findall(passage)))


def _whole_sentences(text: str, start: int, end: int) -> str:
    """The run snapped inwards to sentence boundaries, so the quote neither starts nor stops mid-sentence."""
    if start > 0 and not _BEFORE_SENTENCE.search(text[:start]):
        boundary = _SENTENCE_END.search(text, start, end)
        start = boundary.end() if boundary else start
    if end < len(text) and not _SENTENCE_END.match(text, end - 1):
        ends = list(_SENTENCE_END.finditer(text, start, end + 2))
        end = ends[-1].start() + 1 + len(ends[-1].group(1) or "") if ends else end
    return text[start:end].strip()


def _shingles(words: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(words[i:i + size]) for i in range(len(words) - size + 1)]
