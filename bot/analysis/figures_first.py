"""Claims with figures first: in a press release or a wire flash the numbers are what a desk checks first."""

from __future__ import annotations

import re

from bot.analysis.models import Analysis
from bot.analysis.sourcing import describe

_FIGURE = re.compile(r"\d")


def figures_first(analysis: Analysis) -> tuple[Analysis, int]:
    """The analysis with its figure-bearing claims moved to the top (in their order), and how many there are.
    Claim numbers elsewhere in the ledger (single-source claims) follow the claims to their new places."""
    order = sorted(range(len(analysis.claims)), key=lambda i: (not _FIGURE.search(analysis.claims[i].claim), i))
    new_number = {old + 1: new + 1 for new, old in enumerate(order)}
    sourcing = analysis.sourcing.model_copy(update={
        "single_source_claims": sorted(new_number[n] for n in analysis.sourcing.single_source_claims
                                       if n in new_number)})
    claims = [analysis.claims[i] for i in order]
    sourcing.assessment = describe(sourcing, claims)  # it speaks of claims by their sources
    reordered = analysis.model_copy(update={"claims": claims, "sourcing": sourcing})
    return reordered, sum(1 for claim in analysis.claims if _FIGURE.search(claim.claim))
