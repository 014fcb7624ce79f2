"""The Home tab pushed (issue 21, item 3): an analysis posted in a channel republishes the tab of those who
opened it and share the channel, at most once per person per 5 minutes. Fake Slack over real HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fakes.slack_events import message_event
from slack_harness import Harness, running_app
from test_slack_surface import home_opened

pytestmark = pytest.mark.timeout(120)


def published_to(h: Harness, user: str) -> int:
    return sum(1 for c in h.slack.calls_to("views.publish") if c.params.get("user_id") == user)


def settle(h: Harness) -> None:
    """Every job done (the push and the publishes it queued), then a moment for a stray one to show."""
    assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 20)
    time.sleep(0.3)
    assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 20)


def analyse_in(h: Harness, channel: str, path: str) -> None:
    h.articles.routes[path] = h.articles.routes["/article"]
    posts = len(h.slack.posts())
    h.send.event(message_event(f"<{h.link(path)}>", channel=channel))
    assert h.slack.wait_for(lambda: len(h.slack.posts()) > posts, 20)
    settle(h)


@pytest.fixture
def h(tmp_path: Path):
    with running_app(tmp_path, with_model=False) as harness:
        harness.slack.memberships.update({"U1": ["C1", "C2"], "U2": ["C9"], "U3": ["C1"]})
        for user in ("U1", "U2"):  # U3 shares C1 but has never opened the tab
            harness.send.event(home_opened(user))
        assert harness.slack.wait_for(lambda: published_to(harness, "U1") == published_to(harness, "U2") == 1, 20)
        settle(harness)
        yield harness


def test_a_viewer_in_the_channel_gets_the_tab_republished_after_an_analysis(h: Harness) -> None:
    analyse_in(h, "C1", "/one")
    assert published_to(h, "U1") == 2
    pushed = [c for c in h.slack.calls_to("views.publish") if c.params.get("user_id") == "U1"][-1]
    assert pushed.params["view"]["type"] == "home"
    assert "1 article" in str(pushed.params["view"])  # the new analysis is counted
    assert published_to(h, "U2") == 1  # not in C1
    assert published_to(h, "U3") == 0  # in C1, never opened the tab


def test_a_second_analysis_within_five_minutes_does_not_republish(h: Harness) -> None:
    analyse_in(h, "C1", "/one")
    assert published_to(h, "U1") == 2
    analyse_in(h, "C2", "/two")  # another of U1's channels
    analyse_in(h, "C1", "/three")
    assert published_to(h, "U1") == 2
    assert len(h.slack.posts()) == 3


def test_opening_the_tab_again_is_always_answered(h: Harness) -> None:
    analyse_in(h, "C1", "/one")
    h.send.event(home_opened("U1"))  # pulled: the throttle is for pushes only
    assert h.slack.wait_for(lambda: published_to(h, "U1") == 3, 20)


def test_a_viewer_who_joined_a_channel_is_pushed_from_their_next_publish(h: Harness) -> None:
    h.slack.memberships["U2"] = ["C9", "C1"]
    analyse_in(h, "C1", "/one")
    assert published_to(h, "U2") == 1  # the channels of their last publish: not C1 yet
    h.send.event(home_opened("U2"))
    assert h.slack.wait_for(lambda: published_to(h, "U2") == 2, 20)
    settle(h)
    analyse_in(h, "C1", "/two")
    assert published_to(h, "U2") == 3


def test_the_store_keeps_viewers_their_channels_and_one_push_per_window(db_url: str) -> None:
    """On both backends: the channels replaced at each publish, the push claimed once per window."""
    from bot.store import Store

    store = Store(db_url)
    try:
        store.saw_home("T1", "E1", "U1", {"C1", "C2"})
        store.saw_home("T1", "", "U2", {"C2"})
        store.saw_home("T2", "", "U1", {"C1"})  # the same user id in another workspace is another viewer
        assert store.home_viewers_in("T1", "C1") == [("U1", "E1")]
        assert store.home_viewers_in("T1", "C2") == [("U1", "E1"), ("U2", "")]
        store.saw_home("T1", "E1", "U1", {"C3"}, opened=False)  # a pushed publish: channels refreshed
        assert store.home_viewers_in("T1", "C1") == [] and store.home_viewers_in("T1", "C3") == [("U1", "E1")]
        assert store.claim_home_push("T1", "U1", 300) and not store.claim_home_push("T1", "U1", 300)
        assert store.claim_home_push("T2", "U1", 300)  # throttled per workspace and person
        assert store.claim_home_push("T1", "U1", 0)  # a window that has passed
        assert not store.claim_home_push("T1", "UNEVER", 300)  # never opened the tab: nothing to push
    finally:
        store.close()
