"""What an alignment says: pairs of statements from two ledgers, each classified, and what changed."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PairKind = Literal["same", "changed", "only_a", "only_b", "contradicting"]
Change = Literal["wording", "typo", "figure", "source", "cue", "status", "quote", "negation", "denial"]

# The changes an editor wants to hear about; wording and typo fixes are cosmetic.
SUBSTANTIVE_CHANGES: frozenset[str] = frozenset({"figure", "source", "cue", "status", "quote", "negation", "denial"})


class StatementView(BaseModel):
    text: str
    source: str | None = None
    source_type: str = "unattributed"
    cue: str | None = None
    status: str | None = None
    quote: str = ""  # the article sentence, cut by offset: verbatim
    start: int = -1
    end: int = -1
    claim_number: int | None = None


class AlignedPair(BaseModel):
    kind: PairKind
    changes: list[Change] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)  # 'cue: "said" → "alleged"', 'figure: 300 → 500'
    a: StatementView | None = None
    b: StatementView | None = None
    score: float = 0.0

    @property
    def substantive(self) -> bool:
        if self.kind in ("only_a", "only_b", "contradicting"):
            return True
        return self.kind == "changed" and any(c in SUBSTANTIVE_CHANGES for c in self.changes)


class DocumentRef(BaseModel):
    title: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


class LedgerDiff(BaseModel):
    """Two ledgers of one story: the same article at two times (a correction watch) or two articles."""

    a: DocumentRef
    b: DocumentRef
    pairs: list[AlignedPair] = Field(default_factory=list)
    notes_added: list[str] = Field(default_factory=list)  # correction or update notes new in B
    notes_removed: list[str] = Field(default_factory=list)
    caveats_added: list[str] = Field(default_factory=list)  # "not verified" and the like, new in B
    caveats_removed: list[str] = Field(default_factory=list)

    @property
    def substantive(self) -> bool:
        return bool(self.notes_added or self.caveats_added or self.caveats_removed
                    or any(p.substantive for p in self.pairs))

    def counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in ("same", "changed", "contradicting", "only_a", "only_b")}
        for pair in self.pairs:
            counts[pair.kind] += 1
        return counts
