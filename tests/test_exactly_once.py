"""Exactly once through a crash (issue 21, item 4): a worker SIGKILLed after chat.postMessage succeeded and
before its job was marked done; the retry finds the reply by its job metadata and does not post again."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.analysis.parsing import warm_up
from bot.pipeline import Pipeline
from bot.rendering import render_notice
from bot.settings import Settings
from bot.slack import once
from bot.slack.app import web_client
from bot.slack.streaming import AnswerStream
from bot.slack.work import JobRunner, Worker
from bot.store import Store, open_store
from fakes.articles import article_server
from fakes.server import FakeServer
from fakes.slack_api import Call, FakeSlack, Failure
from slack_harness import settings_for

pytestmark = pytest.mark.timeout(300)
_fork = multiprocessing.get_context("fork")


def _work(settings: Settings) -> None:
    """A work process as `newsbot serve` runs one: its own store, client and pipeline, until it is killed."""
    store = open_store(settings)
    worker = Worker(settings, web_client(settings), Pipeline(settings, store), store)
    JobRunner(worker, store, 2, poll_seconds=0.02, name="doomed").run_forever()


@dataclass
class Crashes:
    slack: FakeSlack
    articles: FakeServer
    settings: Settings
    store: Store
    worker: Worker  # the survivor's, run in this process after each crash
    victim: multiprocessing.process.BaseProcess | None = None

    def kill_after_post(self, call: Call) -> None:
        """Called by the fake Slack once a chat.postMessage has been answered: the worker dies right there."""
        victim = self.victim
        if call.method == "chat.postMessage" and victim is not None and victim.pid is not None:
            self.victim = None
            os.kill(victim.pid, signal.SIGKILL)

    def crash_while_posting(self, n: int) -> str:
        """Queue a link job, let a forked work process post its reply and die; return the job's id."""
        job = self.store.add_job("link", {"channel": "C1", "ts": f"1700000000.{n:06d}", "team": "T1",
                                          "thread_ts": f"1700000000.{n:06d}", "url": self.articles.url("/article")})
        victim = _fork.Process(target=_work, args=(self.settings,), daemon=True)
        self.victim = victim
        victim.start()
        victim.join(60)  # reaped, so the runner's pid is gone and its jobs are orphans
        assert victim.exitcode == -signal.SIGKILL, victim.exitcode
        # posted, never marked done (the Home tab push it may have queued just before dying is another job)
        assert [j.id for j in self.store.unfinished_jobs() if j.kind == "link"] == [job.id]
        return job.id

    def recover(self) -> None:
        """A runner starts (a restart, or the replica taking over) and runs the orphaned job again."""
        runner = JobRunner(self.worker, self.store, 2, poll_seconds=0.02, name="survivor").start()
        try:
            assert self.slack.wait_for(lambda: not self.store.unfinished_jobs(), 30)
        finally:
            runner.stop()

    def posts_in(self, thread_ts: str) -> list[dict]:
        return [p for p in self.slack.posts() if p.get("thread_ts") == thread_ts]


@contextmanager
def crashes(tmp_path: Path, database: str | None = None) -> Iterator[Crashes]:
    warm_up()  # loaded once here; each forked worker inherits the parser
    with FakeSlack() as slack, article_server() as articles:
        extra = {"NEWSBOT_DATABASE_URL": database} if database else {}
        settings = settings_for(slack, tmp_path / "db.sqlite3", None, **extra)
        store = open_store(settings)
        worker = Worker(settings, web_client(settings), Pipeline(settings, store), store)
        c = Crashes(slack, articles, settings, store, worker)
        slack.on_call = c.kill_after_post
        try:
            yield c
        finally:
            slack.on_call = None
            store.close()


def test_a_reply_posted_before_the_worker_was_killed_is_not_posted_again(tmp_path: Path, db_url: str) -> None:
    """20 times on each backend: SIGKILL right after Slack answered chat.postMessage, then the retry."""
    with crashes(tmp_path, db_url) as c:
        for n in range(20):
            job_id = c.crash_while_posting(n)
            thread = f"1700000000.{n:06d}"
            c.recover()
            posted = c.posts_in(thread)
            assert len(posted) == 1, (n, posted)
            assert posted[0]["metadata"] == {"event_type": "newsbot_job", "event_payload": {"job": job_id}}
            assert len(c.slack.calls_to("conversations.replies")) == n + 1  # one read per retry, none before
        reads = c.slack.calls_to("conversations.replies")
        assert all(str(r.params.get("include_all_metadata")).lower() in ("true", "1") for r in reads)


def test_a_failed_or_rate_limited_thread_read_posts_anyway_and_says_so(tmp_path: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    with crashes(tmp_path) as c:
        caplog.set_level(logging.WARNING, logger="bot.slack.once")
        c.crash_while_posting(1)
        c.slack.fail("conversations.replies", Failure(status=429, error="ratelimited", headers={"Retry-After": "60"}))
        c.recover()  # no 60 s wait: the check is one read without the client's rate-limit retries
        assert len(c.posts_in("1700000000.000001")) == 2  # a duplicate beats a lost reply
        assert any("posting anyway" in r.getMessage() and "ratelimited" in r.getMessage() for r in caplog.records)

        c.crash_while_posting(2)
        c.slack.fail("conversations.replies", Failure(drop_connection=True))
        c.recover()
        assert len(c.posts_in("1700000000.000002")) == 2
        assert len(c.slack.calls_to("conversations.replies")) == 2


def test_a_retry_with_nothing_posted_posts_once(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        client = web_client(settings_for(slack, tmp_path / "db.sqlite3", None))
        assert not once.already_posted(client, "C1", "5.5", "job-a")  # an empty thread: post
        with once.running("job-b"):
            from bot.slack import replies
            replies.post(client, "C1", render_notice("an earlier reply"), "5.5")
        assert not once.already_posted(client, "C1", "5.5", "job-a")  # another job's reply does not count
        assert once.already_posted(client, "C1", "5.5", "job-b")
        posted = slack.calls_to("chat.postMessage")[0].response["ts"]
        with once.running("job-b"):  # the ledger updated in place (source checks) still names its job
            replies.update(client, "C1", posted, render_notice("the same reply, checked"))
        assert slack.calls_to("chat.update")[0].params["metadata"]["event_payload"] == {"job": "job-b"}
        assert once.already_posted(client, "C1", "5.5", "job-b")
        assert once.metadata() is None  # outside a job nothing is labelled


def test_a_streamed_follow_up_answer_names_its_job(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        client = web_client(settings_for(slack, tmp_path / "db.sqlite3", None))
        with once.running("job-q"):
            AnswerStream(client, "C1", "6.6", "T1", "U1").finish("The answer.", [], render_notice("The answer."))
        stop = slack.calls_to("chat.stopStream")
        assert len(stop) == 1
        assert once.already_posted(client, "C1", "6.6", "job-q")
