"""The correction watch end to end: a local article server whose page changes over time, the real app on
real sockets, a seconds-long schedule. Cosmetic edits post nothing; a real change posts once per thread."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.slack.app import build
from bot.slack.http_server import http_server, start_in_thread
from fakes.server import FakeServer, Request
from fakes.slack_api import FakeSlack
from fakes.slack_events import EventSender, message_event
from slack_harness import SECRET, settings_for
from test_cli_diff import STORIES, page

SCHEDULE = {"NEWSBOT_WATCH": True, "NEWSBOT_WATCH_SCHEDULE": "1s,2s,3s"}


@dataclass
class Story:
    """One article URL whose page is whatever version the test says, counting every fetch."""

    version: str = "dam_v1.txt"
    status: int = 200
    fetches: int = 0
    log: list[str] = field(default_factory=list)

    def route(self, request: Request) -> None:
        self.fetches += 1
        self.log.append(self.version)
        if self.status != 200:
            request.send(self.status, "<h1>Not found</h1>")
        else:
            request.send(200, page(self.version))


@contextmanager
def app(tmp_path: Path, slack: FakeSlack, **extra: object) -> Iterator[EventSender]:
    bot = build(settings_for(slack, tmp_path / "newsbot.sqlite3", None, **{**SCHEDULE, **extra}), http_mode=True)
    server = http_server(bot, "127.0.0.1", 0)
    start_in_thread(server)
    try:
        yield EventSender(f"http://127.0.0.1:{server.server_address[1]}/slack/events", SECRET)
    finally:
        server.shutdown()
        server.server_close()
        bot.close()


@pytest.fixture
def story() -> Iterator[tuple[Story, FakeServer]]:
    s = Story()
    with FakeServer({"/story": s.route}) as server:
        yield s, server


def first_reply(slack: FakeSlack, send: EventSender, url: str) -> str:
    """Post the link, wait for the analysis reply, return the thread."""
    body = message_event(f"<{url}>")
    send.event(body)
    ts = body["event"]["ts"]
    assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 1)
    return ts


def thread_posts(slack: FakeSlack, thread_ts: str) -> list[dict]:
    return [p for p in slack.posts() if p.get("thread_ts") == thread_ts]


def text(post: dict) -> str:
    return json.dumps(post.get("blocks", []), ensure_ascii=False) + post.get("text", "")


def test_cosmetic_edit_posts_nothing_and_a_correction_posts_once(tmp_path: Path, story, db_url: str) -> None:
    s, server = story
    backend = {"NEWSBOT_DATABASE_URL": db_url} if db_url.startswith("postgresql") else {}
    with FakeSlack() as slack, app(tmp_path, slack, **backend) as send:
        body = message_event(f"<{server.url('/story')}>")
        send.event(body)
        ts = body["event"]["ts"]
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 1)
        s.version = "dam_v2.txt"  # byline, date line and whitespace only
        assert slack.wait_for(lambda: s.fetches >= 2, 10)
        s.version = "dam_v3.txt"  # said → alleged, 12 → 19, a correction note
        send.event(body, retry_num=1)  # a re-delivery mid-schedule changes nothing
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 2, 10), slack.posts()
        assert slack.wait_for(lambda: s.fetches >= 4, 10)  # the last step re-reads v3 again
        time.sleep(1.5)
        posts = thread_posts(slack, ts)
        assert len(posts) == 2 and s.fetches == 4  # one reply, then one watch reply; the schedule is over
        assert s.log[1] == "dam_v2.txt" and "dam_v3.txt" in s.log[2:]
        change = text(posts[1])
        assert "The article has changed" in change
        assert "figure: 12 → 19" in change and "“told” → “alleged”" in change
        assert "Correction: An earlier version" in change
        assert "12 people had been taken" in change and "19 people had been taken" in change  # before and after


def test_one_reread_per_step_however_many_threads_and_a_post_in_each(tmp_path: Path, story) -> None:
    s, server = story
    with FakeSlack() as slack, app(tmp_path, slack, NEWSBOT_WATCH_SCHEDULE="2s") as send:
        first = message_event(f"<{server.url('/story')}>", channel="C1")
        second = message_event(f"look <{server.url('/story')}>", channel="C2")
        send.event(first)
        send.event(second)
        roots = (first["event"]["ts"], second["event"]["ts"])
        assert slack.wait_for(lambda: all(len(thread_posts(slack, ts)) == 1 for ts in roots))
        s.version = "dam_v3.txt"
        assert slack.wait_for(lambda: all(len(thread_posts(slack, ts)) == 2 for ts in roots), 10), slack.posts()
        time.sleep(1.0)
        assert s.fetches == 2  # the first read (the second thread was served from the cache), and one re-read
        assert len(slack.posts()) == 4


def test_watch_survives_a_restart_mid_schedule(tmp_path: Path, story) -> None:
    s, server = story
    with FakeSlack() as slack:
        body = message_event(f"<{server.url('/story')}>")
        ts = body["event"]["ts"]
        with app(tmp_path, slack, NEWSBOT_WATCH_SCHEDULE="3s") as send:
            send.event(body)
            assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 1)
        s.version = "dam_v3.txt"  # changed while the bot was down
        with app(tmp_path, slack, NEWSBOT_WATCH_SCHEDULE="3s"):
            assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 2, 10), slack.posts()
            time.sleep(1.0)
            assert len(thread_posts(slack, ts)) == 2


def test_a_page_that_starts_failing_is_reported_once_and_the_watch_stops(tmp_path: Path, story) -> None:
    s, server = story
    with FakeSlack() as slack, app(tmp_path, slack) as send:
        ts = first_reply(slack, send, server.url("/story"))
        s.status = 404
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 2, 10)
        time.sleep(3.0)  # steps 2 and 3 would have run by now
        assert len(thread_posts(slack, ts)) == 2 and s.fetches == 2
        assert "can no longer read this article" in text(thread_posts(slack, ts)[1])


def test_watch_off_for_a_channel(tmp_path: Path, story) -> None:
    s, server = story
    with FakeSlack() as slack, app(tmp_path, slack, NEWSBOT_WATCH_OFF_CHANNELS="C1") as send:
        body = message_event(f"<{server.url('/story')}>", channel="C1")
        send.event(body)
        assert slack.wait_for(lambda: len(slack.posts()) == 1)
        s.version = "dam_v3.txt"
        time.sleep(2.0)
        assert len(slack.posts()) == 1 and s.fetches == 1


def test_a_link_that_now_leads_to_another_article_is_reported_once(tmp_path: Path, story) -> None:
    s, server = story
    with FakeSlack() as slack, app(tmp_path, slack) as send:
        ts = first_reply(slack, send, server.url("/story"))
        s.version = "bakery.txt"  # the URL now serves something else (a redirect, a recycled address)
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) == 2, 10)
        time.sleep(3.0)
        assert len(thread_posts(slack, ts)) == 2 and s.fetches == 2
        assert "different article" in text(thread_posts(slack, ts)[1])


def test_a_page_that_changes_at_every_read_gets_three_change_posts_then_the_note(tmp_path: Path) -> None:
    base = (STORIES / "dam_v1.txt").read_text(encoding="utf-8")
    fetches: list[int] = []

    def live(request: Request) -> None:  # every read adds a new, substantive paragraph
        fetches.append(len(fetches))
        title, body = base.split("\n", 1)
        updates = "".join(f"<p>A hospital spokeswoman said {n + 2} more people had been admitted overnight, "
                          f"update {n}.</p>" for n in range(len(fetches)))
        paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
        request.send(200, f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                          f"{paragraphs}{updates}</article></body></html>")

    schedule = "1s,2s,3s,4s,5s,6s"  # more steps than the watch may use
    with FakeServer({"/live": live}) as server, FakeSlack() as slack, \
            app(tmp_path, slack, NEWSBOT_WATCH_SCHEDULE=schedule) as send:
        ts = first_reply(slack, send, server.url("/live"))
        assert slack.wait_for(lambda: len(thread_posts(slack, ts)) >= 5, 20), slack.posts()
        time.sleep(2.5)  # the remaining steps would have run by now
        posts = thread_posts(slack, ts)
    assert [("has changed" in text(p), "keeps changing" in text(p)) for p in posts[1:]] == \
        [(True, False)] * 3 + [(False, True)]
    assert len(fetches) == 5  # the first read and four re-reads; none after the note
