"""Every mention of a source entity in the article, not only where it speaks: the named spans the recogniser found
that name one of the attributions' entities by the entity rules (names.py). What the entity benchmark scores."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.models import Attribution, SourceType
from bot.language import Parsed

from .names import BODY_LABELS, PERSONAL_LABELS, capitalised, expands, key, name_parts, same_given, tail


@dataclass(frozen=True)
class EntityMention:
    """A mention of a source entity anywhere in the article, not only where it speaks ("Tim Moore is accused
    of ..." before "Moore said")."""

    start: int
    end: int
    entity: str
    kind: SourceType


def _source_mentions(attribution: Attribution, parsed: Parsed | None) -> list[EntityMention]:
    """The source span as its entity's mention; for two sources speaking together ("reports from The Wrap and
    Deadline") or a group with named examples, each member's name within it as that member's mention."""
    start, end = attribution.source_start or 0, attribution.source_end or 0
    whole = [EntityMention(start, end, attribution.entity or "", attribution.source_type)]
    if parsed is None or not attribution.members:
        return whole
    written = parsed.text[start:end]
    parts = []
    for member in attribution.members:
        name = re.sub(r"^(?:the|The)\s+", "", member.name)
        at = written.find(name)
        if at < 0:  # "Speaker Moore" for Tim Moore: the surname as written
            name = name.split()[-1] if name.split() else name
            at = written.find(name)
        if at < 0:
            return whole
        entity = member.entity or f"{attribution.entity}:{key(member.name)}"  # quoted only here, among the others
        parts.append(EntityMention(start + at, start + at + len(name), entity, member.kind))
    return parts


def entity_mentions(parsed: Parsed | None, attributions: list[Attribution]) -> list[EntityMention]:
    """Every mention of the attributions' entities: their source spans, and each named span the recogniser
    found that names one of them by the same rules (full name, surname, acronym, short form)."""
    found = [mention for a in attributions if a.entity and a.source_start is not None and a.source_end is not None
             for mention in _source_mentions(a, parsed)]
    if parsed is None:
        return found
    taken = [(m.start, m.end) for m in found]
    named: dict[str, tuple[str, SourceType, str]] = {}
    for a in attributions:
        if a.entity:
            named.setdefault(a.entity, (a.source, a.source_type, a.entity))
    for span in parsed.entities:
        if span.label not in PERSONAL_LABELS | BODY_LABELS or any(s < span.end and span.start < e for s, e in taken):
            continue
        if _modifies_a_noun(parsed, span.first, span.last):
            continue  # "the Obama administration", "the Epstein files": the name describes another thing
        text = re.sub(r"(?:’s|'s)$", "", span.text)
        given, surname = name_parts(text)
        for name, kind, entity in named.values():
            if kind == "person" and span.label in PERSONAL_LABELS | {"ORG"} and surname:
                their_given, their_surname = name_parts(name)
                same = their_surname == surname and (not given or not their_given or same_given(given, their_given))
            elif kind in ("organisation", "outlet"):
                mine, theirs = capitalised(text), capitalised(name)
                same = key(text) == key(name) or expands(mine, theirs) or expands(theirs, mine) or tail(mine, theirs)
            else:
                same = False
            if same:
                found.append(EntityMention(span.start, span.start + len(text), entity, kind))
                break
    return sorted(found, key=lambda m: m.start)


def _modifies_a_noun(parsed: Parsed, first: int, last: int) -> bool:
    """A name used as a noun's modifier ("Obama" in "the Obama administration"), not as a name of its own."""
    end = parsed.tokens[last - 1]
    return end.dep == "compound" and not first <= end.head < last and parsed.tokens[end.head].pos == "NOUN"
