"""Feedback in Slack: the 👍/👎 buttons under every analysis, and the modal that asks what was wrong."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (Block, ContextActionsBlock, FeedbackButtonObject, FeedbackButtonsElement,
                                     InputBlock, Option, PlainTextInputElement, PlainTextObject, RadioButtonsElement,
                                     StaticSelectElement)

from bot.feedback import REASONS
from bot.rendering.slack import MAX_BLOCKS, SlackMessage

FEEDBACK_ACTION = "analysis_feedback"
MODAL_CALLBACK = "analysis_feedback_modal"
_WHOLE_REPLY = "0"
_MAX_OPTIONS = 100  # Slack's limit for a static select
_CLAIM_LABEL = 75  # option text limit


def feedback_block(analysis_id: str) -> Block:
    """Slack's own feedback buttons; the value carries the analysis so a click needs no lookup of the message."""
    return ContextActionsBlock(elements=[FeedbackButtonsElement(
        action_id=FEEDBACK_ACTION,
        positive_button=FeedbackButtonObject(text="Good analysis", value=f"up:{analysis_id}",
                                             accessibility_label="This analysis was right"),
        negative_button=FeedbackButtonObject(text="Something's wrong", value=f"down:{analysis_id}",
                                             accessibility_label="Something in this analysis was wrong"))])


def with_feedback(message: SlackMessage, reply_id: str) -> SlackMessage:
    """The analysis reply with its feedback buttons last, still within Slack's 50 blocks."""
    blocks = list(message.blocks)
    if len(blocks) >= MAX_BLOCKS:
        del blocks[-3]  # a claim's block goes before the sourcing line and the AI label do
    return SlackMessage(text=message.text, blocks=[*blocks, feedback_block(reply_id).to_dict()])


def parse_feedback_value(value: str) -> tuple[str, str] | None:
    """'down:abc123' → ('down', 'abc123'); anything else (a forged or old payload) → None."""
    rating, _, analysis_id = value.partition(":")
    if rating not in ("up", "down") or not analysis_id or len(analysis_id) > 64:
        return None
    return rating, analysis_id


def feedback_modal(analysis_id: str, claims: list[str], metadata: dict[str, str]) -> dict[str, Any]:
    """What was wrong, and with which claim. `metadata` (channel, message_ts, ...) comes back on submission."""
    options = [Option(value=_WHOLE_REPLY, text="The reply as a whole")]
    options += [Option(value=str(n), text=_clip(f"{n}. {claim}", _CLAIM_LABEL))
                for n, claim in enumerate(claims[:_MAX_OPTIONS - 1], 1)]
    blocks: list[Block] = [
        InputBlock(block_id="claim", label="Which claim?", element=StaticSelectElement(
            action_id="claim", options=options, initial_option=options[0])),
        InputBlock(block_id="reason", label="What was wrong?", element=RadioButtonsElement(
            action_id="reason", options=[Option(value=key, text=label) for key, label in REASONS.items()])),
        InputBlock(block_id="details", label="Anything else?", optional=True, element=PlainTextInputElement(
            action_id="details", multiline=True, max_length=3000)),
    ]
    private = json.dumps({"analysis_id": analysis_id, **metadata})
    return {"type": "modal", "callback_id": MODAL_CALLBACK, "title": PlainTextObject(text="What was wrong?").to_dict(),
            "submit": PlainTextObject(text="Send").to_dict(), "close": PlainTextObject(text="Cancel").to_dict(),
            "private_metadata": private[:3000], "blocks": [b.to_dict() for b in blocks]}


def parse_submission(view: dict[str, Any]) -> tuple[dict[str, str], int | None, str, str]:
    """(metadata, claim number or None, reason, details) from a view_submission; raises ValueError if malformed."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
        values = view["state"]["values"]
        claim = values["claim"]["claim"]["selected_option"]["value"]
        reason = values["reason"]["reason"]["selected_option"]["value"]
        details = (values.get("details", {}).get("details", {}).get("value") or "").strip()
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError("malformed feedback submission") from exc
    if reason not in REASONS or not str(claim).isdigit() or not isinstance(metadata, dict):
        raise ValueError("malformed feedback submission")
    number = int(claim) or None
    return {str(k): str(v) for k, v in metadata.items()}, number, reason, details[:3000]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
