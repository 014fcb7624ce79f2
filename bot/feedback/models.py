"""One person's verdict on one analysis reply; the last answer of a user on a reply wins."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Reason = Literal["wrong_speaker", "misquote", "wrong_kind", "missed_source", "not_a_claim", "other"]
REASONS: dict[str, str] = {
    "wrong_speaker": "Wrong speaker",
    "misquote": "Misquote",
    "wrong_kind": "Wrong kind of source",
    "missed_source": "Missed source",
    "not_a_claim": "Not a claim",
    "other": "Other",
}


class Feedback(BaseModel):
    analysis_id: str
    prompt_version: str = ""  # which prompt (or "offline") made the analysis judged
    url: str | None = None
    team: str = ""
    channel: str = ""
    message_ts: str = ""
    user: str
    rating: Literal["up", "down"]
    claim_number: int | None = None  # None: the reply as a whole
    reason: Reason | None = None
    text: str = Field("", max_length=3000)
    claim: str | None = None  # the claim as the reply stated it, so an export stands on its own
    source: str | None = None
    updated: float = 0.0
