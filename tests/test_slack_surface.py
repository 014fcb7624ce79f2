"""The App Home dashboard, the feedback buttons and modal, and the chart, end to end against the fake Slack.

Payloads are modelled on Slack's own (block_actions, view_submission, app_home_opened), Enterprise Grid
fields included.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from fakes.slack_events import message_event
from slack_harness import Harness, running_app
from test_cli_read import newsbot
from test_dashboard_core import NOW, fixture

ENTERPRISE = {"enterprise": {"id": "E1", "name": "Newsroom Org"}, "is_enterprise_install": False}


@pytest.fixture
def h(tmp_path: Path):
    with running_app(tmp_path, with_model=False) as harness:
        yield harness


def analysis_reply(h: Harness) -> dict:
    body = message_event(f"<{h.link()}>")
    h.send.event(body)
    assert h.slack.wait_for(lambda: h.replies_in(body["event"]["ts"]), 10)
    return h.replies_in(body["event"]["ts"])[0]


def feedback_click(reply: dict, which: str, user: str = "U1") -> dict:
    element = next(b for b in reply["blocks"] if b["type"] == "context_actions")["elements"][0]
    button = element[f"{which}_button"]
    return {"type": "block_actions", "team": {"id": "T1", "domain": "newsroom", "enterprise_id": "E1"},
            "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1", "token": "legacy", "trigger_id": "tr.1",
            "container": {"type": "message", "message_ts": reply.get("ts", "1.1"), "channel_id": "C1"},
            "channel": {"id": "C1"}, "response_url": "", **ENTERPRISE,
            "actions": [{"type": "feedback_buttons", "action_id": element["action_id"], "block_id": "fb",
                         "value": button["value"], "action_ts": "1.2"}]}


def submission(view: dict, claim: str, reason: str, details: str, user: str = "U1") -> dict:
    return {"type": "view_submission", "team": {"id": "T1", "domain": "newsroom", "enterprise_id": "E1"},
            "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1", "token": "legacy", "trigger_id": "tr.2",
            **ENTERPRISE,
            "view": {**view, "id": "V1", "team_id": "T1", "state": {"values": {
                "claim": {"claim": {"type": "static_select", "selected_option": {"value": claim}}},
                "reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": reason}}},
                "details": {"details": {"type": "plain_text_input", "value": details}}}}}}


def test_every_analysis_reply_carries_feedback_buttons_within_slack_limits(h: Harness) -> None:
    reply = analysis_reply(h)
    assert len(reply["blocks"]) <= 50
    last = reply["blocks"][-1]
    assert last["type"] == "context_actions" and last["elements"][0]["type"] == "feedback_buttons"


def test_thumbs_down_opens_the_modal_and_the_submission_is_stored_once_and_exported(h: Harness, tmp_path: Path) -> None:
    reply = analysis_reply(h)
    assert h.send.interaction(feedback_click(reply, "negative")).status == 200
    assert h.slack.wait_for(lambda: h.slack.calls_to("views.open"), 5)
    opened = h.slack.calls_to("views.open")
    assert len(opened) == 1 and opened[0].params["trigger_id"] == "tr.1"
    view = opened[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    claims = view["blocks"][0]["element"]["options"]
    assert claims[0]["value"] == "0" and len(claims) >= 2
    for _ in range(2):  # a modal submitted twice
        sent = h.send.interaction(submission(view, "1", "wrong_speaker", "It was the council"))
        assert sent.status == 200
    h.send.interaction(feedback_click(reply, "positive", user="U2"))
    assert h.slack.wait_for(lambda: len(h.bot.store.all_feedback()) == 2, 5)
    rows = {row.user: row for row in h.bot.store.all_feedback()}
    assert (rows["U1"].rating, rows["U1"].claim_number, rows["U1"].reason) == ("down", 1, "wrong_speaker")
    assert rows["U1"].claim and rows["U1"].prompt_version == "offline" and rows["U2"].rating == "up"
    out = tmp_path / "feedback.jsonl"
    result = newsbot("feedback", "export", "--output", str(out), env={"NEWSBOT_DB": str(h.settings.db_path)},
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["user"] for e in exported} == {"U1", "U2"} and exported[0]["text"] == "It was the council"


def test_feedback_on_an_analysis_no_longer_stored(h: Harness) -> None:
    reply = analysis_reply(h)
    click = feedback_click(reply, "negative")
    click["actions"][0]["value"] = "down:" + "0" * 32
    click["response_url"] = h.slack.url("/webhook/fb")
    h.send.interaction(click)
    assert h.slack.wait_for(lambda: h.slack.webhooks, 5)
    assert "no longer stored" in h.slack.webhooks[0]["text"] and not h.slack.calls_to("views.open")
    view = {"type": "modal", "callback_id": "analysis_feedback_modal",
            "private_metadata": json.dumps({"analysis_id": "gone"})}
    sent = h.send.interaction(submission(view, "1", "misquote", ""))
    assert sent.status == 200 and json.loads(sent.body)["response_action"] == "errors"


def home_opened(user: str) -> dict:
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": f"EvHome{user}{time.monotonic_ns()}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": "E1", "team_id": "T1", "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}],
            "event": {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home",
                      "event_ts": f"{time.time():.6f}"}}


def test_home_tab_counts_the_stored_ledgers_of_the_viewers_channels(h: Harness) -> None:
    shift = time.time() - NOW.timestamp()  # the fixture's times, moved to now
    for n, item in enumerate(fixture()):
        h.bot.store.record_reply(f"r{n}", "T1", item.channel, item.thread_ts, item.analysis.article.url or "",
                                 item.analysis, posted=item.posted_at.timestamp() + shift)
    h.slack.memberships["U1"] = ["C1", "C2", "C9"]
    h.send.event(home_opened("U1"))
    assert h.slack.wait_for(lambda: h.slack.calls_to("views.publish"), 10)
    time.sleep(0.3)
    published = h.slack.calls_to("views.publish")
    assert len(published) == 1 and published[0].params["user_id"] == "U1"
    view = published[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    # hand-computed from the fixture: 2 articles in 7 days (one link posted twice), 3 in 30
    assert "*Last 7 days:* 2 articles analysed" in text and "*Last 30 days:* 3 articles analysed" in text
    assert "anonymous share 40%" in text and "Key claims resting on a single source: 2 of 3" in text
    assert "Reuters (2)" in text and "https://newsroom.slack.example/archives/C1/p11" in text


def test_home_tab_for_a_viewer_in_no_channel_with_the_bot(h: Harness) -> None:
    h.bot.store.record_reply("r1", "T1", "C1", "1.1", "http://a/1", fixture()[0].analysis)
    h.send.event(home_opened("U7"))
    assert h.slack.wait_for(lambda: h.slack.calls_to("views.publish"), 10)
    view = h.slack.calls_to("views.publish")[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "No analyses yet" in json.dumps(view)


def test_chart_button_posts_a_png_in_the_viewers_dm(h: Harness) -> None:
    h.bot.store.record_reply("r1", "T1", "C1", "1.1", "http://a/1", fixture()[0].analysis)
    h.slack.memberships["U1"] = ["C1"]
    action = {"type": "block_actions", "team": {"id": "T1", "domain": "newsroom"}, "user": {"id": "U1", "team_id": "T1"},
              "api_app_id": "A1", "token": "legacy", "trigger_id": "tr.9", "container": {"type": "view", "view_id": "V1"},
              "view": {"id": "V1", "type": "home"}, **ENTERPRISE,
              "actions": [{"type": "button", "action_id": "dashboard_chart", "block_id": "b", "value": "weekly_kinds",
                           "action_ts": "1.3"}]}
    assert h.send.interaction(action).status == 200
    assert h.slack.wait_for(lambda: h.slack.calls_to("files.completeUploadExternal"), 10)
    assert h.slack.uploads and h.slack.uploads[0].startswith(b"\x89PNG\r\n\x1a\n")
    assert h.slack.calls_to("conversations.open")[0].params["users"] == "U1"


def shortcut(text: str | None, ts: str = "1700000100.000100", trigger: str = "tr.sc", **message: object) -> dict:
    return {"type": "message_action", "callback_id": "check_sourcing", "trigger_id": trigger, "token": "legacy",
            "action_ts": "1.4", "team": {"id": "T1", "domain": "newsroom", "enterprise_id": "E1"},
            "user": {"id": "U1", "team_id": "T1"}, "channel": {"id": "C1", "name": "desk"}, **ENTERPRISE,
            "response_url": "", "message_ts": ts,
            "message": {"type": "message", "user": "U2", "ts": ts, "text": text, **message}}


PRESS_RELEASE = ("Harbour council statement\n\nThe council said on Monday that the flood wall would cost 4.2 million "
                 "pounds and be finished by 2027. Councillor Margaret Hale said the wall would protect 300 homes. "
                 "Residents told the meeting that the plan had been rushed. The Environment Agency said it had not "
                 "yet reviewed the design.")


def test_check_sourcing_shortcut_answers_in_the_message_thread_numbers_first(h: Harness) -> None:
    started = time.perf_counter()
    sent = h.send.interaction(shortcut(PRESS_RELEASE))
    assert sent.status == 200 and time.perf_counter() - started < 3
    assert h.slack.wait_for(lambda: h.replies_in("1700000100.000100"), 10)
    h.send.interaction(shortcut(PRESS_RELEASE))  # the same click delivered again
    time.sleep(0.5)
    replies = h.replies_in("1700000100.000100")
    assert len(replies) == 1
    text = h.text_of(replies[0])
    assert "Numbers to check" in text and "Margaret Hale" in text
    sections = [b["text"]["text"] for b in replies[0]["blocks"] if b["type"] == "section"]
    first_claim = next(s for s in sections if s.startswith("*1.*"))
    assert any(ch.isdigit() for ch in first_claim.split("—")[0].removeprefix("*1.*"))


def test_check_sourcing_on_a_message_with_only_files(h: Harness) -> None:
    payload = shortcut(None, files=[{"id": "F1", "name": "scan.pdf"}])
    payload["response_url"] = h.slack.url("/webhook/sc")
    assert h.send.interaction(payload).status == 200
    assert h.slack.wait_for(lambda: h.slack.webhooks, 5)
    assert "no text to check" in h.slack.webhooks[0]["text"] and not h.slack.posts()


def test_check_sourcing_on_40000_characters_and_where_the_bot_cannot_post(h: Harness) -> None:
    from fakes.slack_api import Failure

    h.slack.fail("chat.postMessage", Failure(error="not_in_channel"))
    payload = shortcut((PRESS_RELEASE + "\n\n") * 120, ts="1700000200.000200")
    payload["message"]["text"] = payload["message"]["text"][:40_000]
    payload["response_url"] = h.slack.url("/webhook/sc2")
    assert h.send.interaction(payload).status == 200
    assert h.slack.wait_for(lambda: h.slack.webhooks, 15)
    hook = h.slack.webhooks[0]
    assert hook["response_type"] == "ephemeral" and "Claims and who makes them" in json.dumps(hook["blocks"])


def ask_in_thread(h: Harness, question: str = "Who said the wall would protect 400 homes?") -> str:
    body = message_event(f"<{h.link()}>")
    h.send.event(body)
    root = body["event"]["ts"]
    assert h.slack.wait_for(lambda: h.replies_in(root), 10)
    h.send.event(message_event(question, thread_ts=root, user="U5", enterprise_id="E1"))
    return root


def stream_methods(h: Harness) -> list[str]:
    return [c.method for c in h.slack.calls if c.method.startswith("chat.") and "Stream" in c.method]


def test_follow_up_answer_is_streamed_with_a_status_first(h: Harness) -> None:
    root = ask_in_thread(h)
    assert h.slack.wait_for(lambda: "chat.stopStream" in stream_methods(h), 10)
    methods = stream_methods(h)
    assert methods[0] == "chat.startStream" and methods[-1] == "chat.stopStream" and methods.count("chat.stopStream") == 1
    start = h.slack.calls_to("chat.startStream")[0].params
    assert (start["recipient_team_id"], start["recipient_user_id"], start["thread_ts"]) == ("T1", "U5", root)
    first_chunks = json.dumps(start.get("chunks"))
    assert "task_update" in first_chunks and "in_progress" in first_chunks  # the status while it thinks
    answer = h.replies_in(root)[-1]
    assert answer.get("streamed") and answer["text"] and "offline answer" in json.dumps(answer["blocks"])
    assert len(h.slack.calls_to("chat.postMessage")) == 1  # only the analysis: the answer was streamed


def test_when_streaming_cannot_start_the_answer_is_posted_once(h: Harness) -> None:
    from fakes.slack_api import Failure

    h.slack.fail("chat.startStream", Failure(error="invalid_arguments"))
    root = ask_in_thread(h)
    assert h.slack.wait_for(lambda: len(h.replies_in(root)) == 2, 10)
    time.sleep(0.5)
    assert len(h.replies_in(root)) == 2 and not h.slack.calls_to("chat.stopStream")
    assert "offline answer" in h.text_of(h.replies_in(root)[1])


def test_when_a_started_stream_cannot_stop_the_message_is_completed_not_repeated(h: Harness) -> None:
    from fakes.slack_api import Failure

    h.slack.fail("chat.stopStream", Failure(error="message_not_in_streaming_state"))
    root = ask_in_thread(h)
    assert h.slack.wait_for(lambda: h.slack.calls_to("chat.update"), 10)
    time.sleep(0.5)
    update = h.slack.calls_to("chat.update")[0].params
    assert update["ts"] == h.slack.calls_to("chat.startStream")[0].response["ts"]
    assert len(h.slack.calls_to("chat.postMessage")) == 1 and len(h.replies_in(root)) == 1
