"""The sourcing verdict, computed from the ledger the same way whichever backend filled it.

Sources are counted as entities (one person quoted five times is one source). A key claim is corroborated only
when a different entity says the same thing somewhere else in the article: not the claim's own source again,
and not a statement inside the claim's own sentence (what prisoners told the security services is the security
services' report). The verdict is written from this article's facts: who the sources are, which claims rest on
one of them, which outlets it relies on, what the outlet itself says it could not verify.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.analysis.attribution import lexicon
from bot.analysis.models import REPORTED_BY_NOTE, Attribution, Claim, Sourcing

_CONTENT_WORD = re.compile(r"[A-Za-z0-9][\w’'-]{3,}")
_CORROBORATION = 0.4  # share of content words two statements must share to count as the same claim
_NAMES_SHOWN = 4
AUTHOR = lexicon().raw["first_person_source"]


def assess(claims: list[Claim], attributions: list[Attribution], caveats: list[str],
           not_heard: list[str]) -> Sourcing:
    distinct: dict[str, str] = {}
    types: dict[str, str] = {}
    joint = {source_key(a.source): a.members for a in attributions if a.members}
    for item in [*attributions, *claims]:
        if not item.source or item.source_type == "unattributed" or item.source == AUTHOR:
            continue  # (a column's "I", "we": the article's own voice, not a source it relies on)
        if source_key(item.source) in joint:  # "both Roscosmos and NASA": two sources, each listed once
            for member in joint[source_key(item.source)]:
                distinct.setdefault(source_key(member.name), member.name)
                types.setdefault(source_key(member.name), member.kind)
            continue
        distinct.setdefault(source_key(item.source), item.source)
        types[source_key(item.source)] = item.source_type
    counts = Counter(types[key] for key in distinct)
    if any(c.source_type == "unattributed" for c in claims):
        counts["unattributed"] += sum(1 for c in claims if c.source_type == "unattributed")
    publishing = {source_key(a.source) for a in attributions if a.source_type == "outlet"}
    publishing |= {source_key(m.name) for a in attributions for m in a.members if m.kind == "outlet"}
    publishing |= {source_key(c.source) for c in claims if c.source and c.source_type == "outlet"}
    outlets = [distinct[key] for key in distinct if types[key] == "outlet" and key in publishing]
    single = [number for number, claim in enumerate(claims, 1) if not corroborated(claim, attributions)]
    sourcing = Sourcing(source_counts=dict(counts), sources=list(distinct.values()), other_outlets=outlets,
                        single_source_claims=single, caveats=caveats, not_heard=not_heard)
    sourcing.assessment = describe(sourcing, claims, types)
    return sourcing


def describe(sourcing: Sourcing, claims: list[Claim], types: dict[str, str] | None = None) -> str:
    """A few plain sentences on how solid the sourcing is, naming who the sources are."""
    if types is None:
        types = {source_key(c.source): c.source_type for c in claims if c.source}
    parts = []
    total = sum(n for t, n in sourcing.source_counts.items() if t != "unattributed")
    if total:
        by_kind: dict[str, list[str]] = {}
        for name in sourcing.sources:
            by_kind.setdefault(types.get(source_key(name), "anonymous"), []).append(name)
        listed = "; ".join(_kind_with_names(kind, by_kind.get(kind, []), sourcing.source_counts[kind])
                           for kind in _KINDS if kind != "unattributed" and sourcing.source_counts.get(kind))
        parts.append(f"{total} source{'s' if total != 1 else ''}: {listed}.")
    else:
        parts.append("The article attributes nothing to anyone: its claims are its own.")
    if sourcing.other_outlets:
        parts.append("It relies on other outlets' reporting: " + ", ".join(sourcing.other_outlets) + ".")
    if claims and sourcing.single_source_claims:
        if len(sourcing.single_source_claims) == len(claims):
            names = _names_in_words(list(dict.fromkeys(c.source or "the article itself" for c in claims)))
            parts.append(f"Every key claim rests on a single source ({names}); none is confirmed by another "
                         "source in the article.")
        else:
            names = _claim_sources([claims[n - 1] for n in sourcing.single_source_claims if n <= len(claims)])
            parts.append(f"Resting on one source only: {names}.")
    unnamed = [c for c in claims if c.source_type == "anonymous"]
    if unnamed:
        parts.append(f"{len(unnamed)} key claim{'s rest' if len(unnamed) != 1 else ' rests'} on unnamed sources.")
    if sourcing.caveats:
        parts.append("The article itself says some of what it reports is not verified.")
    return " ".join(parts)


_KINDS = {
    "person": ("named person", "named people"),
    "organisation": ("organisation or official body", "organisations or official bodies"),  # ("the companies": unnamed)
    "anonymous": ("anonymous or unnamed source", "anonymous or unnamed sources"),
    "outlet": ("other outlet or wire", "other outlets or wires"),
    "document": ("document or data source", "documents or data sources"),
    "unattributed": ("unattributed claim", "unattributed claims"),
}


def kind_phrase(source_type: str, count: int) -> str:
    singular, plural = _KINDS[source_type]
    return f"{count} {singular if count == 1 else plural}"


def _kind_with_names(kind: str, names: list[str], count: int) -> str:
    shown = names[:_NAMES_SHOWN]
    more = f" and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
    return f"{kind_phrase(kind, count)} ({', '.join(shown)}{more})" if shown else kind_phrase(kind, count)


def _names_in_words(names: list[str]) -> str:
    """"Putin", "Putin and the Mail", "Putin, the Mail and Victor Andrusiv" (at most four, then "and N more")."""
    if len(names) > _NAMES_SHOWN:
        names = names[:_NAMES_SHOWN] + [f"{len(names) - _NAMES_SHOWN} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _claim_sources(claims: list[Claim]) -> str:
    """"the claims from Putin and the Ministry of Defence" in words, each source once."""
    names = list(dict.fromkeys(c.source or "the article itself" for c in claims))
    if len(names) == 1:
        return f"the claim{'s' if len(claims) > 1 else ''} from {names[0]}"
    return "the claims from " + ", ".join(names[:-1]) + " and " + names[-1]


def corroborated(claim: Claim, attributions: list[Attribution]) -> bool:
    """Another entity, in another sentence of the article, says the same thing."""
    if not claim.source:
        return False
    words = _words(claim.claim)
    if not words:
        return False
    own = [a for a in attributions if source_key(a.source) == source_key(claim.source)]
    passed_on_by = {source_key(n.removeprefix(REPORTED_BY_NOTE)) for n in claim.notes if n.startswith(REPORTED_BY_NOTE)}
    for attribution in attributions:
        if not attribution.source or _same_source(attribution.source, claim.source):
            continue
        if source_key(attribution.source) in passed_on_by:
            continue  # the publisher that passes the claim on is no second source for it
        if _inside(attribution, claim, own):
            continue  # a statement the claim's own source reports, in the same sentence
        shared = words & _words(attribution.content)
        if len(shared) >= 4 and len(shared) / len(words) >= _CORROBORATION:
            return True
    return False


def _same_source(a: str, b: str) -> bool:
    """One source, or one inside the other ("The Wrap" and "reports from The Wrap and Deadline"): not two
    independent sources."""
    words_a, words_b = f" {source_key(a)} ", f" {source_key(b)} "
    return words_a == words_b or words_a in words_b or words_b in words_a


def _inside(attribution: Attribution, claim: Claim, own: list[Attribution]) -> bool:
    if claim.quote_start is not None and claim.quote_end is not None and \
            claim.quote_start <= attribution.start < claim.quote_end:
        return True
    return any(o.start <= attribution.start < o.end or attribution.start <= o.start < attribution.end for o in own)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORD.findall(text)}


def source_key(source: str | None) -> str:
    """One source however it is cased or spelled with 'the': "The Ministry" is "the ministry"."""
    return " ".join((source or "").lower().replace("’", "'").split()).removeprefix("the ")
