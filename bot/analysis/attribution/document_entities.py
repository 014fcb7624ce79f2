"""What a document source stands for. "CBP's guidelines" is CBP speaking again, the shares a poll reports ("About
3 in 10 say ...") are the poll, and "the 70-page TNO report" is the report the article already named: one entity
each, so that one source said twice is never counted, or shown, as two (entities.py groups the rest)."""

from __future__ import annotations

import calendar
import re
from typing import Protocol, TypeVar

from .lexicon import lexicon
from .names import capitalised, expands, key

_SHARE = re.compile(r"^(?:about |around |nearly |almost |roughly |more than |less than |fewer than |over |under )?"
                    r"(?:\d[\d.,]*\s*(?:in|out of)\s+\d+|\d[\d.,]*\s*(?:%|percent|per cent)|half|a third|"
                    r"two-thirds|a quarter|three-quarters|a majority)\b")
_POSSESSIVE_DOCUMENT = re.compile(r"^(?:[Tt]he\s+)?(.+?)(?:’s|'s)\s+\S.*$")
_DEFINITE = ("the", "this", "that")
_CALENDAR = frozenset(calendar.day_name) | frozenset(calendar.month_name[1:])


class EntityLike(Protocol):
    name: str
    kind: str
    first_at: int
    joint: bool


E = TypeVar("E", bound=EntityLike)


def owners_of_documents(entities: list[E], by_key: dict[str, E]) -> dict[int, E]:
    """"CBP's guidelines", "Trump's proclamation", "an AdImpact analysis": a document the article credits to a source
    it also quotes is that source speaking again (one entity, one source), not a second, independent one."""
    merged: dict[int, E] = {}
    for entity in entities:
        match = _POSSESSIVE_DOCUMENT.match(entity.name)
        owner_name = match.group(1) if match is not None else _naming_modifier(entity.name)
        if entity.kind != "document" or not owner_name:
            continue
        owner = by_key.get(key(owner_name))
        if owner is None:
            owner = next((e for e in entities if e.kind in ("organisation", "person", "outlet") and
                          expands(capitalised(owner_name), capitalised(e.name))), None)
        if owner is not None and owner is not entity and owner.kind != "document" and not owner.joint:
            merged[id(entity)] = owner
    return merged


def _naming_modifier(name: str) -> str:
    """The capitalised name before a document's lowercase head: "AdImpact" in "an AdImpact analysis"."""
    words = name.split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    run = words[:next((k for k, w in enumerate(words) if not w[:1].isupper()), len(words))]
    return " ".join(run) if run and len(run) < len(words) else ""


def shares_of_polls(entities: list[E]) -> dict[int, E]:
    """"About 3 in 10 say ...", "44% of voters said ..." after "an AP-NORC poll ... found": the poll's answers,
    one source (the poll), not a new unnamed source for every share it reports."""
    merged: dict[int, E] = {}
    polls: list[E] = []
    survey_words = set(lexicon().raw["survey_words"])
    for entity in sorted(entities, key=lambda e: e.first_at):
        if entity.kind == "document" and any(w in survey_words for w in key(entity.name).split()):
            polls.append(entity)
        elif polls and _SHARE.match(key(entity.name)):
            merged[id(entity)] = polls[-1]
    return merged


def same_documents(entities: list[E], merged: dict[int, E]) -> dict[int, E]:
    """"A report into the incident" ... "the 70-page TNO report": a later definite mention of a document with the
    same head noun, naming no one the earlier does not (its capitalised words among the earlier's, or their
    initials), or naming someone where the earlier named no one ("a report published on Thursday", then "the
    report by TNO"), is the same document. Two reports by different bodies stay two."""
    out: dict[int, E] = {}
    documents = sorted((e for e in entities if e.kind == "document" and id(e) not in merged), key=lambda e: e.first_at)
    nouns = {id(e): _document_noun(e.name) for e in documents}
    for k, later in enumerate(documents):
        words = later.name.split()
        if not words or words[0].lower() not in _DEFINITE:
            continue
        head = nouns[id(later)]
        mine = capitalised(" ".join(words[1:]))
        owner = _POSSESSIVE_DOCUMENT.match(later.name)  # "The army's own report": whose it is, said
        for earlier in reversed(documents[:k]):
            theirs = [w for w in capitalised(earlier.name) if w not in _CALENDAR]  # "published on Thursday"
            if owner is not None and key(owner.group(1)) not in key(earlier.name):
                continue
            if head and nouns[id(earlier)] == head and (not mine or not theirs or set(mine) <= set(theirs)
                                                                  or expands(mine, theirs)):
                root = out.get(id(earlier), earlier)
                out[id(later)] = root
                if mine and not [w for w in capitalised(root.name) if w not in _CALENDAR]:
                    root.name = later.name  # the fuller name: whose report it is
                break
    return out


def _document_noun(name: str) -> str:
    """"report" in "a report into the incident published on Thursday" and in "the 70-page TNO report"."""
    nouns = set(lexicon().raw["kinds"]["document_words"])
    return next((w for w in (w.lower().strip(",.") for w in name.split()) if w in nouns), "")
