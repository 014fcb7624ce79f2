"""The feedback buttons and modal as Slack would send them back (no store, no Slack)."""

from __future__ import annotations

import json

import pytest

from bot.rendering.feedback import (FEEDBACK_ACTION, feedback_block, feedback_modal, parse_feedback_value,
                                    parse_submission)


def test_buttons_carry_the_analysis_id():
    block = feedback_block("a1b2").to_dict()
    assert block["type"] == "context_actions"
    element = block["elements"][0]
    assert element["type"] == "feedback_buttons" and element["action_id"] == FEEDBACK_ACTION
    assert parse_feedback_value(element["negative_button"]["value"]) == ("down", "a1b2")
    assert parse_feedback_value(element["positive_button"]["value"]) == ("up", "a1b2")
    for forged in ("", "down:", "maybe:a1", "down:" + "x" * 65):
        assert parse_feedback_value(forged) is None


def submitted(view: dict, claim: str, reason: str, details: str | None) -> dict:
    return {**view, "state": {"values": {
        "claim": {"claim": {"type": "static_select", "selected_option": {"value": claim}}},
        "reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": reason}}},
        "details": {"details": {"type": "plain_text_input", "value": details}}}}}


def test_modal_round_trip():
    view = feedback_modal("a1b2", ["Squads shoot deserters." * 10, "A tank commander surrendered."],
                          {"channel": "C1", "message_ts": "1.2"})
    options = view["blocks"][0]["element"]["options"]
    assert [o["value"] for o in options] == ["0", "1", "2"]
    assert all(len(o["text"]["text"]) <= 75 for o in options)
    metadata, claim, reason, details = parse_submission(submitted(view, "2", "wrong_speaker", " It was Andrusiv "))
    assert metadata == {"analysis_id": "a1b2", "channel": "C1", "message_ts": "1.2"}
    assert (claim, reason, details) == (2, "wrong_speaker", "It was Andrusiv")
    assert parse_submission(submitted(view, "0", "other", None))[1] is None


def test_a_modal_for_a_long_ledger_stays_within_slack_limits():
    view = feedback_modal("x", [f"claim {n}" for n in range(300)], {})
    assert len(view["blocks"][0]["element"]["options"]) == 100
    assert len(json.loads(view["private_metadata"])) == 1


@pytest.mark.parametrize("state", [{}, {"values": {}}, {"values": {"claim": {"claim": {"selected_option": None}}}}])
def test_malformed_submissions_are_refused(state: dict):
    with pytest.raises(ValueError):
        parse_submission({"private_metadata": "{}", "state": state})
    view = feedback_modal("x", ["c"], {})
    with pytest.raises(ValueError):
        parse_submission(submitted(view, "1", "made_up_reason", None))
