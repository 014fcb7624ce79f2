"""Cut the content span of an attribution: the complement after the cue, or the statement before it.

After the cue the content runs to the sentence's end (past "that", a colon, the listener of "told"); a quote
that opens there and closes in a later sentence of the paragraph is followed to its close. Before the cue
("“...,” she said", "..., officials said") it starts at the sentence or at the quote the sentence is inside.
"""

from __future__ import annotations

from .cues import Cue
from .lexicon import Lexicon
from .segmentation import QuoteMap, Token

_LEADING_SKIP = {"that", ":", ",", "—", "–", "-"}
_ADVERBS = {"repeatedly", "publicly", "privately", "recently", "previously", "firmly", "flatly", "bluntly", "openly",
            "explicitly", "clearly", "loudly", "frankly", "emphatically", "angrily", "forcefully", "quietly", "simply"}
_TRAILING_SKIP = {",", ";", ":", "—", "–", "-"}
_CONJUNCTIONS = {"and", "but"}
_PRONOUN_SUBJECTS = {"he", "she", "they", "we"}


def right_content(toks: list[Token], cue: Cue, lex: Lexicon, stop: int | None = None) -> tuple[int, int] | None:
    """Token span after the cue, or None when only a time phrase or nothing follows."""
    n = len(toks) if stop is None else stop
    i = cue.end
    if "tell" in lex.frames.get(cue.lemma, ()):
        i = _skip_listener(toks, i, n, lex)
    while i < n:
        if toks[i].lower in _LEADING_SKIP or (toks[i].lower.endswith("ly") and toks[i].lower in lex.auxiliaries | _ADVERBS):
            i += 1
        elif toks[i].lower in ("in", "on") and _is_tail_phrase(toks, i, n, lex):
            i = _phrase_end(toks, i, n)
        else:
            break
    end = _second_predicate(toks, i, n, lex)
    while end > i and toks[end - 1].text in _TRAILING_SKIP:
        end -= 1
    words = [t for t in toks[i:end] if t.is_word]
    if not words or all(t.lower in lex.time_tail or (t.capitalised and t.lower.endswith("day")) for t in words):
        return None
    return (i, end)


def _second_predicate(toks: list[Token], i: int, n: int, lex: Lexicon) -> int:
    """"praised the plan and said ...", "did not name him but did note that ...", "..., and he railed against":
    the subject's next verb phrase, a cue of its own, ends this content (the conjunction, a subject pronoun
    after a comma, then a reporting verb with its auxiliaries)."""
    for k in range(i + 1, n - 1):
        if toks[k].lower not in _CONJUNCTIONS or toks[k].quoted:
            continue
        j = k + 1
        if toks[k - 1].text == "," and toks[j].lower in _PRONOUN_SUBJECTS and j < n - 2:
            j += 1
        while j < n - 1 and toks[j].lower in lex.auxiliaries and not toks[j].quoted:
            j += 1
        if toks[j].lower in lex.cue_forms and not toks[j].capitalised and not toks[j].quoted:
            return k
    return n


def _skip_listener(toks: list[Token], i: int, n: int, lex: Lexicon) -> int:
    """"told reporters that", "told CNN:", "asked him whether": step over the person spoken to."""
    if i >= n or not toks[i].is_word or toks[i].quoted:
        return i
    if not (toks[i].capitalised or toks[i].lower in lex.objects):
        return i
    j = i + 1
    while j < n and j - i < 5 and toks[j].is_word and not toks[j].quoted and (
            toks[j].capitalised or toks[j - 1].lower in ("the", "a", "an")):
        j += 1
    return j


def _is_tail_phrase(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """"in a statement", "on Monday" right after the cue is part of the attribution, not the content."""
    j = _phrase_end(toks, i, n)
    return j > i + 1 and all(t.lower in lex.time_tail or t.capitalised for t in toks[i + 1:j])


def _phrase_end(toks: list[Token], i: int, n: int) -> int:
    j = i + 1
    while j < n and j - i <= 4 and toks[j].is_word and toks[j].lower not in ("that", "to"):
        j += 1
    return j


def left_content(toks: list[Token], end: int, floor: int = 0) -> tuple[int, int] | None:
    """Token span from the start of the sentence (or floor) to before `end`, trailing commas dropped."""
    stop = end
    while stop > floor and toks[stop - 1].text in _TRAILING_SKIP:
        stop -= 1
    if sum(1 for t in toks[floor:stop] if t.is_word) < 2:
        return None
    return (floor, stop)


def extend_over_quote(text: str, start: int, end: int, quotes: QuoteMap, para_start: int, para_end: int,
                      backwards: bool) -> tuple[int, int]:
    """Follow a quote that the content opens (or sits inside) across sentences of the same paragraph."""
    if backwards:
        opening = quotes.opening_before(start, text, para_start)
        return (opening if opening is not None and opening < start else start), end
    close = quotes.closing(start) if text[start:start + 1] in "“\"" else None
    if close is not None and end < close <= para_end:
        end = close
    return start, end
