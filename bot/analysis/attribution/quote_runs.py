"""Statements that run past their own sentence: a cue whose statement is the quoted sentence before it ("..." he
said.), one whose statement is the paragraph after its colon, and a quote the next paragraph carries on, or a
paragraph that is one quotation naming no one (a block quotation), which is what the speaker just quoted said
next (finder.py decides when each applies)."""

from __future__ import annotations

from bot.analysis.models import Attribution

from .content import extend_over_quote
from .judgement import PREVIOUS_QUOTE, Found
from .segmentation import QuoteMap, Span


def previous_quote(found: Found, previous: Span | None, para_start: int) -> Found | None:
    """The content is the quoted sentence just before, in the same paragraph."""
    if previous is None or previous.start < para_start or not previous.text.rstrip().endswith(("”", '"', "''")):
        return None
    return Found(found.source, PREVIOUS_QUOTE, found.cue, True, chars=(previous.start, previous.end))


def next_paragraph(text: str, found: Found, following: Span | None, quotes: QuoteMap,
                   paras: list[Span]) -> Found | None:
    """The content is the next paragraph's first sentence (a quote is followed to its close)."""
    if following is None or following.paragraph >= len(paras):
        return None
    para = paras[following.paragraph]
    start, end = extend_over_quote(text, following.start, following.end, quotes, para.start, para.end, False)
    return Found(found.source, PREVIOUS_QUOTE, found.cue, False, chars=(start, end))


WRITTEN = ("document", "outlet")  # "he said, according to a transcript": what follows is his


def continued_quote(text: str, sentence: Span, last_open: tuple[Attribution, int] | None) -> Attribution | None:
    """A paragraph that opens with a quotation mark continues the quote the last paragraph left open; a paragraph
    that is one quotation and names no one (a block quotation, often) is what the speaker just quoted said next."""
    if last_open is None or sentence.paragraph != last_open[1] + 1 or not sentence.text.startswith(("“", '"')):
        return None
    previous = last_open[0]
    return previous.model_copy(update={"cue": "continued quote", "content": sentence.text, "start": sentence.start,
                                       "end": sentence.end, "direct": True, "source_start": None,
                                       "source_end": None, "cue_start": None, "cue_end": None})


def all_quoted(paragraph: str) -> bool:
    """One quotation from its first character to its last."""
    paragraph = paragraph.strip()
    return paragraph.startswith("“") and paragraph.endswith("”") and paragraph.count("“") == 1
