"""The model's answer under prompt v2, as a schema: flat, bounded, strict when sent and lenient when parsed.

Its own module so that the backend that asks for it (model_analysis.py) and the checks that read it
(checked_ledger.py) both depend on it, not on each other.
"""

from __future__ import annotations

from copy import copy
from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from bot.analysis.models import SourceType, Status
from bot.analysis.numbering import MAX_CANDIDATES, MAX_SENTENCES

MAX_CLAIMS = 6
SentenceNumber = Annotated[int, Field(ge=1, le=MAX_SENTENCES)]


class _Lenient(BaseModel):
    """The schema sent is strict (every field required, no extra keys, no defaults); parsing is lenient, so a
    server that does not enforce the schema still yields what it got right, and the code checks all of it."""

    model_config = ConfigDict(extra="ignore")
    _missing: ClassVar[dict[str, Any]] = {}

    @model_validator(mode="before")
    @classmethod
    def _fill_missing(cls, values: Any) -> Any:
        if isinstance(values, dict):
            return {**{k: copy(v) for k, v in cls._missing.items()}, **values}
        return values


class CitedClaim(_Lenient):
    claim: str
    sentences: list[SentenceNumber] = Field(max_length=3)
    source: str | None
    source_type: SourceType
    status: Status
    _missing = {"sentences": [], "source": None, "source_type": "unattributed", "status": "attributed"}


class Renamed(_Lenient):
    n: int = Field(ge=1, le=MAX_CANDIDATES)  # the candidate whose source the finder got wrong
    source: str
    _missing = {"n": 1, "source": ""}


class AddedSource(_Lenient):
    source: str
    source_type: SourceType
    sentence: SentenceNumber
    _missing = {"source": "", "source_type": "unattributed", "sentence": 1}


class CitedLedger(_Lenient):
    """Flat and bounded (maxItems, integer ranges) so grammar-constrained local servers cope and cannot loop.

    The review of the finder's candidates is one kind per candidate, in order (a word each, not a copy of the
    candidate), plus the few it renames and the statements it adds.
    """

    summary: str
    summary_sentences: list[SentenceNumber] = Field(max_length=4)
    claims: list[CitedClaim] = Field(max_length=MAX_CLAIMS)
    kinds: list[SourceType] = Field(max_length=MAX_CANDIDATES)
    renamed: list[Renamed] = Field(max_length=8)
    added: list[AddedSource] = Field(max_length=8)
    not_heard: list[str] = Field(max_length=4)
    _missing = {"summary": "", "summary_sentences": [], "claims": [], "kinds": [], "renamed": [], "added": [],
                "not_heard": []}


@cache
def ledger_schema(candidates: int, sentences: int) -> type[CitedLedger]:
    """The schema for one article: exactly one kind per candidate, and at least a few claims (a small model
    otherwise stops after two). Only the schema says so: parsing stays lenient, and what is missing is
    reported by the checks, not rejected."""
    count = min(candidates, MAX_CANDIDATES)
    return create_model(  # type: ignore[no-any-return]
        "CitedLedger", __base__=CitedLedger, __doc__=CitedLedger.__doc__,
        claims=(list[CitedClaim], Field(max_length=MAX_CLAIMS,
                                        json_schema_extra={"minItems": min(3, sentences, MAX_CLAIMS)})),
        kinds=(list[SourceType], Field(max_length=MAX_CANDIDATES,
                                       json_schema_extra={"minItems": count, "maxItems": count})),
    )
