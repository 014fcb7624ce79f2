"""Who a written source phrase names: the speaker after an opening participle or a dateline, a label that names
no one before a colon, and the name a pronoun or a relative pronoun stands for (with pronouns.py's resolver).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.models import SourceType
from bot.language import Parsed

from .cues import Cue
from .kinds import classify_source, is_role, kinds, looks_like_name
from .lexicon import Lexicon, lexicon
from .names import key
from .pronouns import Resolver
from .segmentation import Token
from .sources import noun_phrase_ending, sentence_subject

_NAME_WINDOW = 1500  # characters looked back for a name "he" can stand for
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\.)?(?: [A-Z][a-z’'\-]+)+")


def subject_after(toks: list[Token], offset: int, cue: Cue, lex: Lexicon) -> tuple[int, int] | None:
    """The string rules' subject of the words after a dateline, as character offsets."""
    first = next((k for k, t in enumerate(toks) if t.start >= offset), None)
    if first is None or first >= cue.start:
        return None
    span = sentence_subject(toks[first:], lex, cue.start - first)
    return (toks[first + span[0]].start, toks[first + span[1] - 1].end) if span else None


def names_a_speaker(parsed: Parsed, start: int, end: int, lex: Lexicon) -> bool:
    heads = set(lex.raw["source_heads"])
    return any(t.pos in ("PROPN", "PRON") or t.ent or t.lower in heads or is_role(t.lower)
               for t in parsed.tokens_in(start, end))


def after_opening_participle(text: str, start: int, end: int, lex: Lexicon) -> int:
    """"Speaking to the Daily Mail Lacerda said": the speaker is the name after the outlet, not the phrase."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) < 3 or words[0].group(0).lower() not in lex.raw["opening_participles"]:
        return start
    named = [w for w in words[1:] if w.group(0)[:1].isupper()]
    run = [w.group(0).lower() for w in named]
    for cut in range(len(run) - 1, 0, -1):  # the longest run of capitalised words that is an outlet's name
        if " ".join(run[:cut]) in kinds().outlets or "the " + " ".join(run[:cut]) in kinds().outlets:
            return start + named[cut].start()
    return start


def name_of(written: str) -> str:
    """The source to show: "Smith, a spokesman," -> "Smith"; "The council leader, Margaret Hale," -> the name."""
    parts = [p.strip() for p in re.split(r",(?!\d{3}\b)", written) if p.strip()]  # (not "964,000 people")
    if len(parts) >= 2 and is_role(parts[0]) and looks_like_name(parts[1]):
        return parts[1]
    return parts[0] if parts else written.strip()


def is_a_phrase(name: str, lex: Lexicon) -> bool:
    """At least one word of a source is neither a function word nor an adverbial, and it does not open on a
    possessive ending cut from its owner ("'s whole-of-system approach")."""
    if name.lstrip().startswith(("’s ", "'s ")):
        return False
    if name.split() and name.split()[0].lower() in lexicon().raw["quantifier_subjects"]:
        return True  # "Some argue", "One in three said": a share of people speaks (not "both", "all", "each",
        # which float after a name: "Moore and Berger both said")
    return any(word.lower().strip("’'.") not in _function_words() for word in name.split())


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    lex = lexicon()
    words = {*lex.determiners, *lex.raw["np_links"], *lex.raw["leading_adverbials"], *lex.raw["boundaries"]}
    return frozenset(words - set(lex.pronouns))  # "his claim that …": a pronoun is a source, resolved later


def resolve(toks: list[Token], span: tuple[int, int], written: str, lex: Lexicon,
             resolver: Resolver) -> tuple[str, SourceType] | None:
    pronoun_class = lex.pronouns.get(written.lower()) if " " not in written else None
    if pronoun_class is None:
        kind = resolver.kinds.get(written) or classify_source(written)
        if kind == "person" and key(written) in resolver.bodies and not is_role(written):
            kind = "organisation"  # "Con Edison", which the recogniser calls an organisation: "he" is not it
        resolver.observe(written, kind)
        return written, kind
    antecedent = None
    if pronoun_class == "relative" and span[0] >= 2 and toks[span[0] - 1].text == ",":
        np = noun_phrase_ending(toks, span[0] - 2, lex)
        if np is not None:
            antecedent = " ".join(t.text for t in toks[np[0]:np[1]])
            resolver.observe(antecedent, resolver.kinds.get(antecedent) or classify_source(antecedent))
    return resolver.resolve(pronoun_class, antecedent)


def last_name(text: str, before: int, written: str, lex: Lexicon,
               parsed: Parsed | None = None) -> tuple[str, SourceType] | None:
    """"He" with no source before it: the last full name the article mentions ("Jane Doe visited ... He said"),
    a person by the recogniser where the article is parsed (not "Amazon-owned Whole Foods Market")."""
    if lex.pronouns.get(written.lower()) not in ("singular", "relative"):
        return None
    if parsed is not None and before <= parsed.parsed_chars:
        people = [e for e in parsed.entities if e.label == "PERSON" and before - _NAME_WINDOW <= e.start
                  and e.end <= before and len(e.text.split()) >= 2]
        if not people:
            return None
        words = re.sub(r"(?:’s|'s)$", "", people[-1].text).split()
        while len(words) > 2 and kinds().roles.fullmatch(words[0].lower()):
            words = words[1:]  # "Skipper Wade Bassi" at a sentence's start: the title is not the name
        return " ".join(words), "person"
    window = text[max(0, before - _NAME_WINDOW):before]
    names = [m.group(0) for m in _NAME.finditer(window) if m.group(0).split()[0] not in _kinds_stop_caps()]
    return (names[-1], "person") if names else None


def _kinds_stop_caps() -> set[str]:
    return kinds().stop_caps
