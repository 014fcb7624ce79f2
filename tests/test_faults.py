"""Faults: the model and Slack misbehave, the work process dies. Every link still gets exactly one reply."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from fakes.articles import article_server
from fakes.openai_server import FakeOpenAI, Reply
from fakes.server import FakeServer
from fakes.slack_api import Failure, FakeSlack
from fakes.slack_events import message_event
from slack_harness import Harness, running_app, settings_for, work_in_a_process


def one_reply(h: Harness, body: dict, timeout: float = 30) -> dict:
    thread = body["event"]["ts"]
    assert h.slack.wait_for(lambda: len(h.replies_in(thread)) >= 1, timeout), h.slack.posts()
    assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), timeout)
    time.sleep(0.3)
    replies = h.shown_in(thread)  # as it reads now: a quick first answer shows as what replaced it
    assert len(replies) == 1, replies
    return replies[0]


@pytest.mark.parametrize(("faults", "expect"), [
    ([Reply(status=429, headers={"retry-after-ms": "50"})], "model"),
    ([Reply(status=500)], "model"),
    ([Reply(status=503)], "model"),
    ([Reply(status=500), Reply(status=503)], "offline"),  # both attempts fail
    ([Reply(content="{not json")], "model"),  # one malformed answer, then a good one
    ([Reply(content="{not json"), Reply(content="[]")], "offline"),  # malformed twice: the offline analysis
    ([Reply(delay=2.5)] * 2, "offline"),  # slower than the timeout, twice
    ([Reply(status=429, error={"message": "quota", "type": "insufficient_quota", "code": "insufficient_quota"})], "offline"),
])
def test_model_faults_end_in_exactly_one_reply(tmp_path: Path, faults: list[Reply], expect: str) -> None:
    with running_app(tmp_path, NEWSBOT_LLM_TIMEOUT=1, NEWSBOT_LLM_MAX_ATTEMPTS=2) as h:
        h.model.then(*faults)
        body = message_event(f"<{h.link()}>")
        assert h.send.event(body).status == 200
        text = h.text_of(one_reply(h, body))
        assert "Margaret Hale" in text
        if expect == "model":
            assert "AI-generated from the article text" in text
        else:
            assert "built-in offline analysis" in text


def test_model_endpoint_down(tmp_path: Path) -> None:
    with FakeServer() as closed:
        dead = closed.url("/v1")
    with running_app(tmp_path, OPENAI_BASE_URL=dead, NEWSBOT_LLM_MAX_ATTEMPTS=2) as h:
        body = message_event(f"<{h.link()}>")
        h.send.event(body)
        assert "could not be reached" in h.text_of(one_reply(h, body))


@pytest.mark.parametrize("failure", [
    Failure(status=429, headers={"Retry-After": "1"}),
    Failure(status=500),
    Failure(status=503),
    Failure(drop_connection=True),
])
def test_slack_faults_are_retried_and_post_once(tmp_path: Path, failure: Failure) -> None:
    with running_app(tmp_path) as h:
        h.slack.fail("chat.postMessage", failure)
        body = message_event(f"<{h.link()}>")
        h.send.event(body)
        reply = one_reply(h, body)
        assert "Margaret Hale" in h.text_of(reply)


def test_slack_down_longer_than_the_client_retries_runs_the_job_again(tmp_path: Path) -> None:
    with running_app(tmp_path, NEWSBOT_SLACK_RETRY_SECONDS=0.5) as h:
        h.slack.fail("chat.postMessage", *[Failure(status=503)] * 3)  # the client's 1 try + 2 retries
        body = message_event(f"<{h.link()}>")
        h.send.event(body)
        reply = one_reply(h, body)
        assert "Margaret Hale" in h.text_of(reply)
        assert len(h.model.requests) == 1  # the second run came from the cache


def test_work_process_killed_mid_job_is_restarted_and_finishes(tmp_path: Path) -> None:
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI(latency=3) as model:
        with work_in_a_process(settings_for(slack, tmp_path / "db.sqlite3", model)) as served:
            body = message_event(f"<{articles.url('/article')}>")
            served.send.event(body)
            assert slack.wait_for(lambda: len(model.requests) == 1, 30)  # mid-job: waiting on the model
            pid = served.work._process.pid  # noqa: SLF001 - the test plays the kernel's OOM killer
            os.kill(pid, signal.SIGKILL)  # after the quick first answer went out: the retry must finish it
            assert slack.wait_for(lambda: slack.calls_to("chat.update"), 60)
            assert served.work._process.pid != pid  # noqa: SLF001
            time.sleep(0.5)
            posts = slack.posts()
            assert len(posts) == 1 and posts[0]["thread_ts"] == body["event"]["ts"]
            assert "Harbour council" in json.dumps(posts[0]["blocks"])
            final = slack.calls_to("chat.update")[-1].params
            assert final["ts"] == slack.calls_to("chat.postMessage")[0].response["ts"]
            assert "AI-generated from the article text" in json.dumps(final["blocks"])
