"""The sourcing assessment, computed from the ledger the same way whichever backend filled it."""

from __future__ import annotations

import re
from collections import Counter

from bot.analysis.models import Attribution, Claim, Sourcing

_CONTENT_WORD = re.compile(r"[A-Za-z0-9][\w’'-]{3,}")
_CORROBORATION = 0.4  # share of content words two statements must share to count as the same claim


def assess(claims: list[Claim], attributions: list[Attribution], caveats: list[str],
           not_heard: list[str]) -> Sourcing:
    distinct: dict[str, str] = {}
    for item in [*attributions, *claims]:
        if item.source and item.source_type != "unattributed":
            distinct.setdefault(source_key(item.source), item.source)
    types = {source_key(a.source): a.source_type for a in attributions}
    types.update({source_key(c.source): c.source_type for c in claims if c.source})
    counts = Counter(types[key] for key in distinct)
    if any(c.source_type == "unattributed" for c in claims):
        counts["unattributed"] += sum(1 for c in claims if c.source_type == "unattributed")
    outlets = [distinct[key] for key in distinct if types[key] == "outlet"]
    single = [number for number, claim in enumerate(claims, 1) if not _corroborated(claim, attributions)]
    sourcing = Sourcing(source_counts=dict(counts), sources=list(distinct.values()), other_outlets=outlets,
                        single_source_claims=single, caveats=caveats, not_heard=not_heard)
    sourcing.assessment = describe(sourcing, len(claims))
    return sourcing


def describe(sourcing: Sourcing, claim_count: int) -> str:
    """One plain sentence or three on how solid the sourcing is."""
    parts = []
    named = sum(sourcing.source_counts.get(t, 0) for t in ("person", "organisation"))
    total = sum(n for t, n in sourcing.source_counts.items() if t != "unattributed")
    if total:
        kinds = ", ".join(kind_phrase(t, n) for t, n in sourcing.source_counts.items() if t != "unattributed")
        parts.append(f"{total} source{'s' if total != 1 else ''} ({kinds}); {named} named.")
    else:
        parts.append("The article attributes nothing to anyone: its claims are its own.")
    if sourcing.other_outlets:
        parts.append("Relies on other outlets: " + ", ".join(sourcing.other_outlets) + ".")
    if claim_count and sourcing.single_source_claims:
        if len(sourcing.single_source_claims) == claim_count:
            parts.append("No key claim is backed by a second source.")
        else:
            numbers = ", ".join(str(n) for n in sourcing.single_source_claims)
            parts.append(f"Claims resting on a single source: {numbers}.")
    if sourcing.caveats:
        parts.append("The article itself flags that some claims are not verified.")
    return " ".join(parts)


_KINDS = {
    "person": ("named person", "named people"),
    "organisation": ("named organisation or official body", "named organisations or official bodies"),
    "anonymous": ("anonymous or unnamed source", "anonymous or unnamed sources"),
    "outlet": ("other outlet or wire", "other outlets or wires"),
    "document": ("document or data source", "documents or data sources"),
    "unattributed": ("unattributed claim", "unattributed claims"),
}


def kind_phrase(source_type: str, count: int) -> str:
    singular, plural = _KINDS[source_type]
    return f"{count} {singular if count == 1 else plural}"


def _corroborated(claim: Claim, attributions: list[Attribution]) -> bool:
    if not claim.source:
        return False
    words = _words(claim.claim)
    for attribution in attributions:
        if source_key(attribution.source) == source_key(claim.source):
            continue
        shared = words & _words(attribution.content)
        if len(shared) >= 4 and len(shared) / len(words) >= _CORROBORATION:
            return True
    return False


def _words(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORD.findall(text)}


def source_key(source: str | None) -> str:
    """One source however it is cased or spelled with 'the': "The Ministry" is "the ministry"."""
    return " ".join((source or "").lower().replace("’", "'").split()).removeprefix("the ")
