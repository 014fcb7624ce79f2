"""A source phrase the parse calls a fragment, repaired where the grammar shows who it names: the owner of a
reporting noun ("Trump's claim that ..."), the name before an aside set off by commas ("Trump, in turn, cites"),
or else the cue's grammatical subject. The finder (finder.py) asks before it resolves the source.
"""

from __future__ import annotations

import re

from bot.language import Parsed

from .grammar import grammatical_source, is_fragment

_OWNER_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
_POSSESSIVE_PRONOUNS = {"his", "her", "their", "its"}
_STATEMENT_OPENERS = {"that", ":", "“", '"'}
_ASIDE_OPENERS = {"ADV", "ADP", "PRON", "VERB", "SCONJ", "DET"}  # "in turn", "meanwhile", "who ...", "speaking"


def repaired_source(parsed: Parsed, noun_cue: bool, start: int, end: int, cue_start: int,
                    cue_end: int) -> tuple[int, int] | None:
    """The character span of the source the parse accepts, or None where no noun phrase names anyone."""
    if not is_fragment(parsed, start, end):
        return start, end
    if noun_cue:
        after = next((t for t in parsed.tokens_in(cue_end, cue_end + 3)), None)
        return possessive_owner(parsed, start, end) if after is not None and after.lower in _STATEMENT_OPENERS \
            else None  # "Trump's claim that ...", not "Trump's claim to the nomination"
    span = grammatical_source(parsed, cue_start, cue_end)
    if span is not None and not is_fragment(parsed, *span):
        return span
    return before_aside(parsed, start, end) or (before_aside(parsed, *span) if span is not None else None)


def before_aside(parsed: Parsed, start: int, end: int) -> tuple[int, int] | None:
    """"Trump, in turn, cites", "Sanders, meanwhile, who has no such endorsements, said": the name before the
    first comma, when it is a whole noun phrase of its own and what follows the comma is an aside."""
    inside = parsed.tokens_in(start, end)
    comma = next((k for k, t in enumerate(inside) if t.text == ","), None)
    if comma is None or comma == 0 or comma + 1 >= len(inside):
        return None
    head = inside[comma - 1]
    aside = inside[comma + 1]
    if head.pos not in ("PROPN", "PRON", "NOUN") or aside.pos not in _ASIDE_OPENERS \
            or aside.pos == "VERB" and aside.tag not in ("VBG", "VBN"):  # "Paradata, uses ...": its own clause
        return None
    span = inside[0].start, head.end
    return span if not is_fragment(parsed, *span) else None


def possessive_owner(parsed: Parsed, start: int, end: int) -> tuple[int, int] | None:
    """"Trump's claim that ...", "his insistence that ...": the owner of a reporting noun is its source when the
    parse shows a possessive on a name, a named body or a personal pronoun (not "the plan's promise")."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not inside:
        return None
    last = inside[-1]
    if last.dep == "case" and last.lower in ("'s", "’s", "'", "’") and len(inside) > 1:
        owner = inside[-2]
        if owner.dep != "poss" or not (owner.pos == "PROPN" or owner.ent in _OWNER_ENTITIES):
            return None
        return parsed.tokens[parsed.subtree(owner.i)[0]].start, owner.end  # "Islamic State's claim"
    if len(inside) == 1 and last.dep == "poss" and last.lower in _POSSESSIVE_PRONOUNS:
        return start, end
    return None


_APPOSITIVES = re.compile(r"^,(?:\s*[^,.;:“”\"]{1,80},)*\s*$")  # ", vice president of PMG, "


def named_before_descriptions(parsed: Parsed, start: int, end: int, cue_start: int) -> tuple[int, int] | None:
    """"..., Chad Hawk, vice president of PMG, a paper money grading company in Florida told Fox": the person
    the run of appositives describes, not the last description (which here describes the company)."""
    phrase = parsed.text[start:end]
    if not phrase.lower().startswith(("a ", "an ")) or parsed.text[end:cue_start].strip():
        return None
    for entity in reversed(parsed.entities):
        if entity.end > start or entity.end < start - 200:
            continue
        between = parsed.text[entity.end:start]
        before = parsed.text[max(0, entity.start - 3):entity.start].rstrip()
        opens = not before or before[-1] in ",'’”\".\n" or parsed.tokens_in(entity.start, entity.end)[0].i == \
            parsed.sentences[parsed.tokens_in(entity.start, entity.end)[0].sentence].first
        if entity.label == "PERSON" and opens and _APPOSITIVES.match(between) \
                and not any(t.pos in ("VERB", "AUX") for t in parsed.tokens_in(entity.end, start)):
            return entity.start, entity.end
    return None
