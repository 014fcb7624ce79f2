"""Workspaces kept apart in a multi-workspace install: private hosts per workspace (issue 22, item 5) and
interactions and follow-ups checked against the workspace a stored reply, session or watch belongs to (item 4)."""

from __future__ import annotations

import json
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
