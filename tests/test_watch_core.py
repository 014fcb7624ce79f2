"""The correction watch's core: the schedule and the verdict of one re-read (no Slack, no store)."""

from __future__ import annotations

import pytest

from bot.watch.check import MAX_CHANGE_REPLIES, WatchState, check
from bot.watch.schedule import parse_schedule
from test_alignment import STORIES, analysis


def test_schedule_parses_durations_in_order():
    assert parse_schedule("30s, 15m,1h,3d") == [30, 900, 3600, 259200]
    assert parse_schedule("1.5h") == [5400]
    for bad in ("15x", "1h,15m", "0s", "-1m", ",".join(["1s"] * 21)):
        with pytest.raises(ValueError):
            parse_schedule(bad)


def test_unchanged_then_cosmetic_then_a_correction():
    state = WatchState(analysis("dam_v1.txt"))
    assert check(state, analysis("dam_v1.txt")).kind == "unchanged"
    cosmetic = check(state, analysis("dam_v2.txt"))
    assert cosmetic.kind == "cosmetic" and not cosmetic.posts
    changed = check(state, analysis("dam_v3.txt"))
    assert changed.kind == "changed" and changed.posts and not changed.stops_watch
    assert changed.diff is not None and changed.diff.notes_added
    # the reported version is the new baseline: reading it again reports nothing
    assert check(state, analysis("dam_v3.txt")).kind == "unchanged"


def test_a_page_that_can_no_longer_be_read_stops_the_watch():
    outcome = check(WatchState(analysis("dam_v1.txt")), None, "the page returned 404")
    assert outcome.kind == "unreadable" and outcome.stops_watch and "404" in outcome.message


def test_a_redirect_to_another_article_stops_the_watch():
    outcome = check(WatchState(analysis("dam_v1.txt")), analysis("bakery.txt"))
    assert outcome.kind == "different_article" and outcome.stops_watch


def test_a_page_that_changes_at_every_read_is_not_followed_forever():
    base = (STORIES / "dam_v1.txt").read_text(encoding="utf-8")
    state = WatchState(analysis("v0", text=base))
    kinds = []
    for n in range(MAX_CHANGE_REPLIES + 1):
        update = base + f"\n\nA hospital spokeswoman said {n + 2} more people had been admitted overnight, update {n}."
        kinds.append(check(state, analysis(f"v{n}", text=update)).kind)
    assert kinds == ["changed"] * MAX_CHANGE_REPLIES + ["too_many_changes"]
