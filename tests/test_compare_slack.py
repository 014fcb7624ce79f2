"""Outlets compared in Slack: a second outlet's link in an answered thread, and /summarise with several URLs."""

from __future__ import annotations

import json
import time
from pathlib import Path

from fakes.server import FakeServer
from fakes.slack_api import Failure, FakeSlack
from fakes.slack_events import message_event
from test_cli_diff import stories  # noqa: F401  (the fixture: every story on a local server)
from test_watch_slack import app, text, thread_posts


def test_a_second_outlets_link_in_the_thread_gets_a_comparison(tmp_path: Path, stories: FakeServer) -> None:
    with FakeSlack() as slack, app(tmp_path, slack, NEWSBOT_WATCH=False) as send:
        root = message_event(f"<{stories.url('/dam_outlet_a')}>")
        send.event(root)
        ts = root["event"]["ts"]
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 1)
        other = message_event(f"Seven here: <{stories.url('/dam_outlet_b')}>", thread_ts=ts)
        send.event(other)
        send.event(other, retry_num=1)  # a re-delivery is not a second comparison
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 2, 10)
        time.sleep(0.5)
        posts = thread_posts(slack, ts)
        assert len(posts) == 2
        reply = text(posts[1])
        assert "contradict each other" in reply and "Four people died" in reply and "Seven people were killed" in reply
        assert "Shared copy" in reply


def test_summarise_with_five_urls_compares_the_readable_ones(tmp_path: Path, stories: FakeServer) -> None:
    with FakeSlack() as slack, app(tmp_path, slack, NEWSBOT_WATCH=False) as send:
        urls = " ".join(stories.url(f"/{n}") for n in ("dam_outlet_a", "dam_outlet_b", "gone", "dam_outlet_c", "bakery"))
        sent = send.command(urls, slack.url("/webhook/cmd"))
        assert sent.status == 200 and "Comparing 5 articles" in sent.body
        assert slack.wait_for(lambda: len(slack.posts()) == 2, 10), slack.posts()
        comparison, notice = slack.posts()
        assert "different event" in text(comparison) and "contradict" in text(comparison)
        assert "/gone" in text(notice) and "couldn't read" in text(notice)


def test_summarise_compare_falls_back_to_ephemeral(tmp_path: Path, stories: FakeServer) -> None:
    with FakeSlack() as slack, app(tmp_path, slack, NEWSBOT_WATCH=False) as send:
        slack.fail("chat.postMessage", Failure(error="not_in_channel"))
        send.command(f"{stories.url('/dam_outlet_a')} {stories.url('/dam_outlet_b')}", slack.url("/webhook/cmd"))
        assert slack.wait_for(lambda: slack.webhooks, 10)
        assert slack.webhooks[0]["response_type"] == "ephemeral"
        assert "contradict" in json.dumps(slack.webhooks[0]["blocks"])
