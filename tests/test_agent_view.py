"""The bot as a Slack AI app (issue 21, item 2): the agent view (Messages tab, `message.im`) and the legacy
assistant view (Bolt's Assistant), with their Slack calls in order, and the bad input of an app DM. Signed event
POSTs in, the fake Slack Web API and the fake model over real HTTP."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.pipeline import cache_scope, text_key
from bot.settings import Settings
from bot.slack.agent_surface import PROMPTS, WELCOME
from bot.slack.assistant import FILE_ONLY, NOTHING, PROMPT_NOTES
from fakes.slack_api import Call, Failure
from fakes.slack_events import assistant_thread_event, dm_event, messages_tab_event
from slack_harness import Harness, running_app

pytestmark = pytest.mark.timeout(120)
SURFACE = ("assistant.threads.", "agents.sessions.", "chat.postMessage", "chat.update", "chat.startStream",
           "chat.stopStream", "reactions.", "users.conversations", "conversations.replies")
HEADLINE = "Harbour council approves flood wall after two-year row"
PASTED = ("Councillors voted on Tuesday to build a flood wall along the harbour, ending a two-year dispute. "
          '"The wall will protect 400 homes from the next storm surge," said Margaret Hale, the council leader. '
          "Opponents said the cost had doubled since the plan was first drawn up, according to a report seen by "
          "local reporters. The work is expected to start in the spring, officials said.")


@pytest.fixture
def h(tmp_path: Path):
    with running_app(tmp_path) as harness:
        yield harness


def channel_of(call: Call) -> str:
    return str(call.params.get("channel") or call.params.get("channel_id") or "")


def calls_in(h: Harness, channel: str) -> list[Call]:
    """The calls the bot made about one DM, in order (failed ones included: they are part of the flow)."""
    return [c for c in list(h.slack.calls) if c.method.startswith(SURFACE) and channel_of(c) == channel]


def flow(h: Harness, channel: str) -> list[str]:
    """The methods, with a repeated chat.update (the source checks' refinement) counted once."""
    methods: list[str] = []
    for call in calls_in(h, channel):
        name = call.method if call.response.get("ok") else f"{call.method}!{call.response.get('error')}"
        if not (methods and name == methods[-1] == "chat.update"):
            methods.append(name)
    return methods


def settled(h: Harness, predicate=lambda: True, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    assert h.slack.wait_for(lambda: predicate() and not h.bot.store.unfinished_jobs(), timeout), h.slack.calls


def shown_text(h: Harness, channel: str) -> list[str]:
    return [json.dumps(m.get("blocks") or [], ensure_ascii=False) + str(m.get("text"))
            for m in h.slack.shown() if m.get("channel") == channel]


# --- the agent view ------------------------------------------------------------------------------
def test_agent_view_dm_with_a_link_gets_status_ledger_and_title_in_order(h: Harness) -> None:
    h.slack.agent_view.add("D1")
    body = dm_event(f"<{h.link()}>")
    assert h.send.event(body).status == 200
    settled(h, lambda: h.slack.calls_to("agents.sessions.rename"))
    assert flow(h, "D1") == [
        "assistant.threads.setStatus!method_not_supported_for_channel_type",  # the 2026 agent view says no
        "agents.sessions.setStatus",  # reading
        "chat.postMessage",  # the quick built-in reading (clears the status)
        "agents.sessions.rename",  # the conversation's title, from the headline
        "agents.sessions.setStatus",  # the model is checking it
        "chat.update",  # the model's ledger in place
        "agents.sessions.setStatus",  # cleared
    ]
    statuses = [c.params["status"] for c in h.slack.calls_to("agents.sessions.setStatus")]
    assert statuses[0].startswith("is reading") and statuses[-1] == ""
    assert all(c.params["thread_ts"] == body["event"]["ts"] for c in calls_in(h, "D1") if "thread_ts" in c.params)
    assert h.slack.calls_to("agents.sessions.rename")[0].params["title"] == HEADLINE
    post = h.slack.calls_to("chat.postMessage")[0].params
    assert post["thread_ts"] == body["event"]["ts"]
    assert "Margaret Hale" in shown_text(h, "D1")[0] and "AI-generated from the article text" in shown_text(h, "D1")[0]
    assert len(h.slack.posts()) == 1


def test_agent_view_follow_up_and_a_second_outlet_in_the_dm_thread(h: Harness) -> None:
    h.slack.agent_view.add("D1")
    root = dm_event(f"<{h.link()}>")
    h.send.event(root)
    settled(h, lambda: h.slack.posts())
    ts = root["event"]["ts"]
    h.send.event(dm_event("Who said the wall would protect 400 homes?", thread_ts=ts))
    settled(h, lambda: len(h.slack.posts()) == 2)
    answer = h.slack.posts()[1]
    assert answer["thread_ts"] == ts and answer.get("streamed") and "flood wall" in answer["text"]
    h.send.event(dm_event(f"And this one? <{h.link('/plain')}>", thread_ts=ts))
    settled(h, lambda: len(h.slack.posts()) == 3)
    assert h.slack.posts()[2]["thread_ts"] == ts  # the comparison, as in a channel thread


def test_a_dm_is_answered_even_where_channels_are_restricted(tmp_path: Path) -> None:
    with running_app(tmp_path, NEWSBOT_CHANNELS="C9", NEWSBOT_MENTION_ONLY="true") as h:
        h.send.event(dm_event(f"<{h.link()}>"))
        settled(h, lambda: h.slack.posts())
        assert h.slack.posts()[0]["channel"] == "D1"


def test_messages_tab_open_without_any_shared_channel_gets_the_welcome_and_prompts(h: Harness) -> None:
    h.slack.memberships["U9"] = []  # in no channel with the bot
    assert h.send.event(messages_tab_event(user="U9", channel="D9")).status == 200
    settled(h, lambda: h.slack.posts())
    assert flow(h, "D9") == ["assistant.threads.setSuggestedPrompts", "chat.postMessage"]
    prompts = h.slack.calls_to("assistant.threads.setSuggestedPrompts")[0].params
    assert [p["title"] for p in prompts["prompts"]] == ["Check a link", "Who are the sources?",
                                                        "What changed since it was published?", "Compare two outlets"]
    assert "thread_ts" not in prompts  # the Messages tab: prompts for the DM itself
    assert h.slack.posts()[0]["text"] == WELCOME and "thread_ts" not in h.slack.posts()[0]
    assert not h.slack.calls_to("users.conversations") and not h.slack.calls_to("views.publish")
    h.send.event(messages_tab_event(user="U9", channel="D9"))  # opened again: not welcomed again
    time.sleep(0.4)
    settled(h)
    assert len(h.slack.posts()) == 1


# --- the legacy assistant view -------------------------------------------------------------------
def test_assistant_view_thread_prompts_then_a_link_with_status_reply_and_title(h: Harness) -> None:
    thread = "1700000500.000100"
    assert h.send.event(assistant_thread_event("assistant_thread_started", "D2", thread)).status == 200
    settled(h, lambda: h.slack.posts())
    assert flow(h, "D2") == ["assistant.threads.setSuggestedPrompts", "chat.postMessage"]
    assert h.slack.calls_to("assistant.threads.setSuggestedPrompts")[0].params["thread_ts"] == thread
    assert h.slack.posts()[0]["thread_ts"] == thread

    before = len(h.slack.calls)
    sent = h.send.event(assistant_thread_event("assistant_thread_context_changed", "D2", thread, viewing="C7"))
    assert sent.status == 200
    time.sleep(0.3)
    assert len(h.slack.calls) == before  # handled: no thread read, no rewritten reply, nothing said

    h.send.event(dm_event(f"Can you check <{h.link()}>?", channel="D2", thread_ts=thread))
    settled(h, lambda: h.slack.calls_to("assistant.threads.setTitle") and len(h.slack.posts()) == 2)
    assert flow(h, "D2")[2:] == [
        "assistant.threads.setStatus",  # reading
        "chat.postMessage",  # the quick built-in reading
        "assistant.threads.setTitle",
        "assistant.threads.setStatus",  # the model is checking it
        "chat.update",
        "assistant.threads.setStatus",  # cleared
    ]
    assert h.slack.calls_to("assistant.threads.setTitle")[0].params["title"] == HEADLINE
    assert h.slack.calls_to("assistant.threads.setStatus")[0].params["loading_messages"]
    assert all(channel_of(c) == "D2" for c in h.slack.calls_to("chat.postMessage"))
    assert h.slack.posts()[1]["thread_ts"] == thread
    assert not h.slack.calls_to("agents.sessions.setStatus")
    assert not [c for c in h.slack.calls_to("reactions.add") if channel_of(c) == "D2"]  # the status says it


def test_assistant_thread_follow_up_prompt_is_answered_from_the_article(h: Harness) -> None:
    thread = "1700000600.000100"
    h.send.event(dm_event(f"<{h.link()}>", channel="D3", thread_ts=thread))
    settled(h, lambda: h.slack.posts())
    h.send.event(dm_event(PROMPTS[1]["message"], channel="D3", thread_ts=thread))  # a clicked prompt
    settled(h, lambda: len(h.slack.posts()) == 2)
    assert h.slack.posts()[1].get("streamed") and h.slack.posts()[1]["thread_ts"] == thread


def test_a_failing_status_or_prompt_call_never_costs_the_reply(h: Harness) -> None:
    h.slack.fail("assistant.threads.setStatus", *[Failure(error="internal_error")] * 5)
    h.slack.fail("assistant.threads.setTitle", Failure(error="internal_error"))
    h.slack.fail("assistant.threads.setSuggestedPrompts", Failure(error="invalid_arguments"))
    h.send.event(messages_tab_event(user="U8", channel="D8"))
    settled(h, lambda: h.slack.posts())
    assert h.slack.posts()[0]["text"] == WELCOME  # the welcome says in words what the prompts would have
    h.send.event(dm_event(f"<{h.link()}>", channel="D8"))
    settled(h, lambda: len(h.slack.posts()) == 2)
    assert "Margaret Hale" in shown_text(h, "D8")[1]
    assert not h.slack.calls_to("agents.sessions.setStatus")  # only the agent view's answer switches surfaces


def test_two_links_in_one_dm_are_compared(h: Harness) -> None:
    body = dm_event(f"<{h.link()}> and <{h.link('/plain')}>", channel="D9")
    h.send.event(body)
    settled(h, lambda: h.slack.posts())
    time.sleep(0.3)
    posts = h.slack.posts()
    assert len(posts) == 1 and posts[0]["thread_ts"] == body["event"]["ts"]
    assert "Outlets compared" in posts[0]["text"]


# --- pasted text ---------------------------------------------------------------------------------
def test_pasted_text_gets_the_ledger_and_answers_follow_ups(h: Harness) -> None:
    body = dm_event(PASTED, channel="D4")
    h.send.event(body)
    settled(h, lambda: h.slack.calls_to("assistant.threads.setTitle"))
    ledger = shown_text(h, "D4")[0]
    assert "Margaret Hale" in ledger and "AI-generated" in ledger
    assert h.slack.calls_to("assistant.threads.setTitle")[0].params["title"] == (
        "Pasted: Councillors voted on Tuesday to build a flood wall along…")
    assert not h.articles.requests_to("/article")  # nothing fetched
    ts = body["event"]["ts"]
    h.send.event(dm_event("Who said the wall would protect 400 homes?", channel="D4", thread_ts=ts))
    settled(h, lambda: len(h.slack.posts()) == 2)
    answer = h.slack.posts()[1]
    assert answer["thread_ts"] == ts and "no longer have" not in answer.get("text", "")


def test_a_pasted_text_stays_with_its_workspace() -> None:
    key = text_key("T1", "D1", "1700000000.000001")
    assert cache_scope(Settings(), key, "T1") == "T1"  # even with no private hosts, unlike any public page
    assert cache_scope(Settings(), key, "T2") == "T2"  # looked up from elsewhere: another scope, a miss


# --- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("extra, note", [
    ({"text": "", "subtype": "file_share", "files": [{"id": "F1", "name": "story.pdf"}]}, FILE_ONLY),
    ({"text": None, "subtype": "file_share", "files": [{"id": "F1", "name": "photo.png"}]}, FILE_ONLY),
    ({"text": ":tada:"}, NOTHING),
    ({"text": "\U0001F389\U0001F44D"}, NOTHING),
    ({"text": "hello"}, NOTHING),
    ({"text": "Compare two outlets"}, PROMPT_NOTES["compare two outlets"]),
])
def test_an_agent_view_message_that_cannot_be_analysed_gets_a_clear_note(h: Harness, extra: dict, note: str) -> None:
    h.slack.agent_view.add("D5")
    body = dm_event("placeholder", channel="D5")
    body["event"].update(extra)
    assert h.send.event(body).status == 200
    settled(h, lambda: h.slack.posts())
    time.sleep(0.3)
    posts = h.slack.posts()
    assert len(posts) == 1 and posts[0]["thread_ts"] == body["event"]["ts"]
    assert note in posts[0]["text"]
    assert not h.model.requests


def test_forty_thousand_characters_are_analysed_not_dropped(h: Harness) -> None:
    text = (PASTED + "\n\n") * (40_000 // (len(PASTED) + 2) + 1)
    body = dm_event(text[:40_000], channel="D6")
    assert len(body["event"]["text"]) == 40_000
    assert h.send.event(body).status == 200
    settled(h, lambda: h.slack.calls_to("assistant.threads.setTitle"), 60)
    assert "Margaret Hale" in shown_text(h, "D6")[0]
    assert len(h.slack.posts()) == 1


def test_forty_thousand_characters_of_one_word_get_a_note(h: Harness) -> None:
    body = dm_event("a" * 40_000, channel="D7")
    assert h.send.event(body).status == 200
    settled(h, lambda: h.slack.posts())
    assert NOTHING[:30] in h.slack.posts()[0]["text"]


def test_every_prompt_is_recognised() -> None:
    assert set(PROMPT_NOTES) == {prompt["message"].lower() for prompt in PROMPTS}
    assert len(PROMPTS) <= 4


def test_assistant_view_over_socket_mode(tmp_path: Path) -> None:
    """Socket Mode, the newsroom default: the same Assistant listeners, the same calls."""
    from slack_harness import socket_mode_app

    with socket_mode_app(tmp_path) as app:
        slack, socket, bot = app.slack, app.socket, app.bot
        thread = "1700000700.000100"
        for n, body in enumerate([assistant_thread_event("assistant_thread_started", "D2", thread),
                                  dm_event(f"<{app.articles.url('/article')}>", channel="D2", thread_ts=thread)]):
            socket.send({"envelope_id": f"env-{n}", "type": "events_api", "accepts_response_payload": False,
                         "retry_attempt": 0, "retry_reason": "", "payload": body})
            assert socket.wait_for_ack(f"env-{n}") == {"envelope_id": f"env-{n}"}
            assert slack.wait_for(lambda: len(slack.posts()) == n + 1 and not bot.store.unfinished_jobs(), 20)
        methods = [c.method for c in slack.calls if channel_of(c) == "D2"]
        assert methods == ["assistant.threads.setSuggestedPrompts", "chat.postMessage",  # the welcome
                           "assistant.threads.setStatus", "chat.postMessage", "assistant.threads.setTitle"]
        assert all(p["thread_ts"] == thread for p in slack.posts())
