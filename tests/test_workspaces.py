"""Workspaces kept apart in a multi-workspace install: private hosts per workspace (issue 22, item 5) and
interactions and follow-ups checked against the workspace a stored reply, session or watch belongs to (item 4)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.pipeline import cache_scope
from bot.settings import Settings, SettingsError
from slack_harness import Harness, running_app
from test_oauth import CLIENT, _event_for, _install

BY_TEAM = {"NEWSBOT_ALLOW_PRIVATE_HOSTS": "", "NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM": "T2=127.0.0.1"}


@pytest.fixture
def two(tmp_path: Path) -> Iterator[Harness]:
    """Workspaces T2 and T3 installed; only T2 may have the (local, private) article server read."""
    with running_app(tmp_path, with_model=False, **CLIENT, **BY_TEAM) as harness:
        harness.slack.grant("code-2", team="T2", token="xoxb-team-two")
        harness.slack.grant("code-3", team="T3", token="xoxb-team-three")
        assert _install(harness, "code-2")[0] == 200
        assert _install(harness, "code-3")[0] == 200
        yield harness


def _replies(h: Harness, thread_ts: str, timeout: float = 20) -> list[dict]:
    h.slack.wait_for(lambda: h.replies_in(thread_ts), timeout)
    return h.replies_in(thread_ts)


def test_the_per_workspace_setting_reads_team_entries() -> None:
    s = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="cli.local",
                 NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM="T2=Intranet.A,10.1.0.0/16; T3=wiki.b")
    assert s.private_hosts_for("T2") == ["intranet.a", "10.1.0.0/16"]
    assert s.private_hosts_for("T3") == ["wiki.b"]
    assert s.private_hosts_for("T9") == []  # a workspace the table does not name gets none
    assert s.private_hosts_for("") == ["cli.local"]  # outside Slack: the single list
    single = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1")
    assert single.private_hosts_for("T2") == ["127.0.0.1"]  # the single-workspace form is unchanged
    with pytest.raises(SettingsError, match="NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM"):
        Settings.from_env({"NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM": "T2=10.0.0.0/33"}, env_file=None)
    with pytest.raises(SettingsError, match="NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM"):
        Settings.from_env({"NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM": "intranet.a"}, env_file=None)


def test_cache_scope_follows_the_workspace_allowance() -> None:
    s = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM="T2=127.0.0.1")
    assert cache_scope(s, "http://127.0.0.1:8080/story", "T2") == "T2"
    assert cache_scope(s, "http://127.0.0.1:8080/story", "T3") == ""  # T3 cannot fetch it, so nothing to keep apart


def test_a_private_host_is_read_for_its_workspace_and_refused_for_another(two: Harness) -> None:
    allowed = _event_for(two, "T2")
    two.send.event(allowed)
    replies = _replies(two, allowed["event"]["ts"])
    assert replies and "private" not in two.text_of(replies[0]).lower()
    assert "refused" not in two.text_of(replies[0])

    other = _event_for(two, "T3")
    two.send.event(other)
    replies = _replies(two, other["event"]["ts"])
    assert replies, "the other workspace is told why, not left waiting"
    text = two.text_of(replies[0])
    assert "refused" in text or "does not fetch" in text, text
    assert "Mayor" not in text  # nothing of the article


# --- item 4: cross-workspace payloads ------------------------------------------------------------------------
def _as_team(payload: dict, team: str) -> dict:
    """The payload as delivered through workspace `team`'s installation (no enterprise)."""
    payload = json.loads(json.dumps(payload))
    payload["team"] = {"id": team, "domain": team.lower()}
    payload["user"]["team_id"] = team
    payload.pop("enterprise", None)
    if "view" in payload:
        payload["view"]["team_id"] = team
    return payload


def _reply_of_t2(two: Harness) -> dict:
    body = _event_for(two, "T2")
    two.send.event(body)
    replies = _replies(two, body["event"]["ts"])
    assert replies
    return {**replies[0], "root": body["event"]["ts"]}


def test_feedback_and_modal_from_another_workspace_are_refused_quietly(two: Harness) -> None:
    from test_slack_surface import feedback_click, submission

    reply = _reply_of_t2(two)
    click = _as_team(feedback_click(reply, "negative"), "T3")
    click["response_url"] = two.slack.url("/webhook/t3")
    assert two.send.interaction(click).status == 200
    assert not two.slack.wait_for(lambda: two.slack.calls_to("views.open") or two.slack.webhooks, 1.5)
    up = _as_team(feedback_click(reply, "positive", user="U9"), "T3")
    assert two.send.interaction(up).status == 200

    own = _as_team(feedback_click(reply, "negative"), "T2")  # the owner's click opens the modal with its claims
    assert two.send.interaction(own).status == 200
    assert two.slack.wait_for(lambda: two.slack.calls_to("views.open"), 5)
    view = two.slack.calls_to("views.open")[0].params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    sent = two.send.interaction(_as_team(submission(view, "1", "misquote", "from T3"), "T3"))
    assert sent.status == 200 and not sent.body.strip()  # closed, no error that would confirm the id
    assert two.bot.store.all_feedback() == []  # neither the 👍 nor the verdict was stored under T2's reply
    assert two.send.interaction(_as_team(submission(view, "1", "misquote", "from T2"), "T2")).status == 200
    assert [(f.team, f.text) for f in two.bot.store.all_feedback()] == [("T2", "from T2")]


def test_a_follow_up_or_shortcut_from_another_workspace_in_the_thread_is_not_answered(two: Harness) -> None:
    from fakes.slack_events import message_event
    from test_slack_surface import PRESS_RELEASE, shortcut

    reply = _reply_of_t2(two)
    root = reply["root"]
    before = len(two.slack.calls)
    question = message_event("Who said the wall would protect 400 homes?", thread_ts=root, user="U5")
    question["team_id"] = "T3"
    question["authorizations"] = [{"team_id": "T3", "enterprise_id": None, "user_id": "UBOT", "is_bot": True,
                                   "is_enterprise_install": False}]
    two.send.event(question)
    sc = _as_team(shortcut(PRESS_RELEASE, ts=root), "T3")
    assert two.send.interaction(sc).status == 200
    time.sleep(1.5)  # nothing to wait for: the refusal is silence
    by_t3 = [c.method for c in two.slack.calls[before:]
             if c.headers.get("authorization", "").endswith("xoxb-team-three") and c.method != "auth.test"]
    assert by_t3 == []  # T3's installation neither reacted, nor posted, nor streamed an answer
    assert len(two.replies_in(root)) == 1 and not two.slack.calls_to("chat.startStream")

    own = message_event("Who said the wall would protect 400 homes?", thread_ts=root, user="U5")
    own["team_id"] = "T2"
    own["authorizations"] = [{"team_id": "T2", "enterprise_id": None, "user_id": "UBOT", "is_bot": True,
                              "is_enterprise_install": False}]
    two.send.event(own)
    assert two.slack.wait_for(lambda: len(two.replies_in(root)) > 1 or two.slack.calls_to("chat.startStream"), 10)


def test_home_shows_only_the_viewers_workspace(two: Harness) -> None:
    _reply_of_t2(two)
    # the reply is recorded just after it is posted: wait for that, not only for the post
    assert two.slack.wait_for(lambda: two.bot.store.posted_since(0, team="T2"), 10)
    assert [p.thread_ts for p in two.bot.store.posted_since(0, team="T3")] == []
    assert len(two.bot.store.posted_since(0, team="T2")) == 1
