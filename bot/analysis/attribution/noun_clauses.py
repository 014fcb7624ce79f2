"""What a reporting noun reports ("Hale's claim that the bridge is safe, engineers closed it"): the clause the
parse hangs on the noun, which ends before the sentence's own verb does, not the rest of the sentence.
"""

from __future__ import annotations

from bot.language import Parsed

_CLAUSES = ("acl", "ccomp", "relcl")
_QUOTES = {"“", "”", '"'}


def noun_clause(parsed: Parsed, noun_start: int) -> tuple[int, int] | None:
    """Character span of the that-clause a noun governs, "that" left out; None where the parse shows none."""
    noun = parsed.token_at(noun_start)
    if noun is None or noun.pos != "NOUN":
        return None
    for child in parsed.children(noun.i):
        clause = parsed.tokens[child]
        marks = [parsed.tokens[c] for c in parsed.children(child) if parsed.tokens[c].dep == "mark"]
        if clause.dep not in _CLAUSES or clause.i < noun.i or not any(m.lower == "that" for m in marks):
            continue
        first, last = parsed.subtree(child)
        while first < last and (parsed.tokens[first].dep == "mark" or parsed.tokens[first].pos == "PUNCT"
                                and parsed.tokens[first].text not in _QUOTES):
            first += 1
        while last - 1 > first and parsed.tokens[last - 1].pos == "PUNCT" and parsed.tokens[last - 1].text not in _QUOTES:
            last -= 1
        return (parsed.tokens[first].start, parsed.tokens[last - 1].end) if last - first >= 2 else None
    return None
