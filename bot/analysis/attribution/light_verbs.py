"""Light-verb cues: a plain verb whose object noun carries the reporting ("made the case for X", "took issue
with X", "has concerns about X", "raised doubts that ..."). Neither word alone is a cue, so the string rules
cannot see them; the parse shows the verb, its object and what the object is about. Likewise a view of
something "as" something ("Democrats see Sanders as a threat"), which "see" alone does not report.
"""

from __future__ import annotations

from bot.language import Parsed, Token

from .grammar import grammatical_source, is_fragment
from .lexicon import lexicon

Spans = tuple[tuple[int, int], tuple[int, int], tuple[int, int]]  # source, cue, content (character spans)
_SUBJECTLESS = {"it", "there", "this", "what"}


def light_verb_spans(parsed: Parsed, start: int, end: int) -> list[Spans]:
    """(source, cue, content) character spans of every light-verb cue between start and end."""
    lex = lexicon().raw["light_verbs"]
    verbs, nouns, links = frozenset(lex["verbs"]), frozenset(lex["nouns"]), frozenset(lex["links"])
    seeing = frozenset(lex["seeing_as"])
    out: list[Spans] = []
    for verb in parsed.tokens_in(start, end):
        if verb.pos != "VERB" or verb.lemma.lower() not in verbs | seeing:
            continue
        if verb.lemma.lower() in seeing:
            spans = _seen_as(parsed, verb)
            out.extend([spans] if spans is not None else [])
            continue
        noun = next((parsed.tokens[c] for c in parsed.children(verb.i) if parsed.tokens[c].dep == "dobj"
                     and parsed.tokens[c].lemma.lower() in nouns), None)
        if noun is None:
            continue
        content = _about(parsed, noun, verb, links)
        source = grammatical_source(parsed, verb.start, verb.end)
        if content is None or source is None or is_fragment(parsed, *source) \
                or parsed.text[source[0]:source[1]].lower() in _SUBJECTLESS:
            continue
        cue_end = content[2]
        out.append((source, (verb.start, cue_end), content[:2]))
    return out


def _seen_as(parsed: Parsed, verb: Token) -> Spans | None:
    """"Democrats see Sanders as a threat": a view of something as something, from the object to the end of the
    "as" phrase (a plain "saw the mayor at the market" has no "as" and reports nothing)."""
    children = [parsed.tokens[c] for c in parsed.children(verb.i)]
    thing = next((t for t in children if t.dep == "dobj" and t.i > verb.i), None)
    as_ = next((t for t in children if t.dep == "prep" and t.lower == "as" and thing is not None and t.i > thing.i),
               None)
    source = grammatical_source(parsed, verb.start, verb.end)
    if thing is None or as_ is None or source is None or is_fragment(parsed, *source) \
            or parsed.text[source[0]:source[1]].lower() in _SUBJECTLESS:
        return None
    first, last = parsed.subtree(thing.i)[0], parsed.subtree(as_.i)[1]
    return source, (verb.start, verb.end), (parsed.tokens[first].start, parsed.tokens[last - 1].end)


def _about(parsed: Parsed, noun: Token, verb: Token, links: frozenset[str]) -> tuple[int, int, int] | None:
    """What the noun is about: a that-clause, or the object of a preposition after the noun ("the case for X",
    "issue with X"), hung on the noun or on the verb. Returns (content start, content end, cue end)."""
    for holder in (noun, verb):
        for c in parsed.children(holder.i):
            child = parsed.tokens[c]
            if child.i <= noun.i:
                continue
            if child.dep in ("acl", "ccomp") and any(parsed.tokens[m].dep == "mark" and parsed.tokens[m].lower
                                                     == "that" for m in parsed.children(c)):
                first, last = parsed.subtree(c)
                first += parsed.tokens[first].lower == "that"
                return (parsed.tokens[first].start, parsed.tokens[last - 1].end, parsed.tokens[noun.i].end) \
                    if last - first >= 3 else None
            if child.dep == "prep" and child.lower in links:
                objects = [o for o in parsed.children(c) if parsed.tokens[o].dep in ("pobj", "pcomp")]
                if objects:
                    first, last = parsed.subtree(objects[0])
                    return parsed.tokens[first].start, parsed.tokens[last - 1].end, child.end
    return None
