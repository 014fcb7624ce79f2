"""Cut text into the units the finder reasons over: sentences, word tokens with offsets, quoted stretches.

Every scan here is a single left-to-right pass (no backtracking regex), so time grows linearly with the
text whatever its quote marks do: unbalanced, nested or never-closed quotes end at the paragraph's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.sentences import Span, paragraphs
from bot.analysis.sentences import sentences as _sentences

__all__ = ["QuoteMap", "Span", "Token", "paragraphs", "sentences", "tokens"]

# Titles with a full stop stay one token ("Mr.", "U.S."), so the stop does not end a source phrase.
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]\.(?= [A-Z])|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev|Hon|Mt|Sens|Reps)\.(?=\s)"
    r"|\w+(?:[’'.\-]\w+)*(?:[’']s?)?|[^\w\s]")
_DOUBLED_OPENING = re.compile(r"[.!?][\"”’')]*\s+(?=''[A-Z0-9])")  # "... he said. ''So it is,'' she added."
_OPENING = "“"
_QUOTE_OPENERS = "“\""


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int  # offsets into the whole text
    end: int
    quoted: bool  # inside quotation marks: the quoted speaker's words, not the article's

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum() or self.text[:1] == "_"

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


class QuoteMap:
    """Which characters of the text are inside quotation marks, and where each quoted stretch ends."""

    def __init__(self, text: str) -> None:
        self.inside = bytearray(len(text) + 1)
        self._close_at: dict[int, int] = {}  # opening mark offset -> offset just after its closing mark
        for para in paragraphs(text):
            self._scan(para.text, para.start)

    def _scan(self, chunk: str, base: int) -> None:
        open_at: int | None = None
        straight = False
        for index, char in enumerate(chunk):
            if char == "'" and chunk[index + 1:index + 2] == "'":
                char = '"'  # two apostrophes: a quotation mark in some house styles
            if open_at is None:
                if char == _OPENING or (char == '"' and _opens(chunk, index)):
                    open_at, straight = index, char == '"'
                continue
            if char == '"' or (char == "”" and not straight) or (char == "”" and straight):
                self._mark(base + open_at, base + index + (2 if chunk[index:index + 2] == "''" else 1))
                open_at = None
        if open_at is not None:  # never closed: the quote runs to the end of its paragraph
            self._mark(base + open_at, base + len(chunk))

    def _mark(self, start: int, end: int) -> None:
        self._close_at[start] = end
        self.inside[start + 1:max(start + 1, end - 1)] = b"\x01" * max(0, end - 2 - start)

    def quoted(self, offset: int) -> bool:
        return bool(self.inside[offset]) if 0 <= offset < len(self.inside) else False

    def closing(self, opening: int) -> int | None:
        """Offset just past the quote opened at `opening` (None if no quote opens there)."""
        return self._close_at.get(opening)

    def opening_before(self, offset: int, text: str, floor: int) -> int | None:
        """The opening mark of the quote that covers offset, searching back no further than floor."""
        i = offset
        while i > floor and self.inside[i - 1]:
            i -= 1
        i -= 1
        return i if i >= floor and i >= 0 and text[i] in _QUOTE_OPENERS else None


def _opens(chunk: str, index: int) -> bool:
    """A straight quote opens after a space or at a line start (else it closes, or is an inch mark)."""
    return index == 0 or chunk[index - 1] in " \t\n([—–-:"


def sentences(text: str) -> list[Span]:
    """The shared sentence spans, also cut before a quote opened by two apostrophes (one newspaper house style)."""
    out: list[Span] = []
    for span in _sentences(text):
        start = 0
        for match in _DOUBLED_OPENING.finditer(span.text):
            piece = span.text[start:match.end()].rstrip()
            out.append(Span(span.start + start, span.start + start + len(piece), piece, span.paragraph))
            start = match.end()
        if start:
            out.append(Span(span.start + start, span.end, span.text[start:], span.paragraph))
        else:
            out.append(span)
    return out


def tokens(sentence: Span, quotes: QuoteMap) -> list[Token]:
    """Word and punctuation tokens of a sentence with offsets into the whole text."""
    base = sentence.start
    return [Token(m.group(0), m.group(0).lower(), base + m.start(), base + m.end(), quotes.quoted(base + m.start()))
            for m in _TOKEN.finditer(sentence.text)]


def word_count(toks: list[Token], start: int, end: int) -> int:
    """Words, not punctuation, in a token range: how much a phrase says."""
    return sum(1 for t in toks[start:end] if t.is_word)
