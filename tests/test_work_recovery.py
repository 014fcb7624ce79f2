"""Nothing acked is lost: the work process, crashes and restarts."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.slack.app import build
from bot.store import Store
from fakes.articles import article_server
from fakes.slack_api import FakeSlack
from fakes.slack_events import message_event
from slack_harness import settings_for, work_in_a_process


def test_work_runs_in_its_own_process_as_in_serve(tmp_path: Path) -> None:
    with FakeSlack() as slack, article_server() as articles:
        with work_in_a_process(settings_for(slack, tmp_path / "db.sqlite3", None)) as served:
            body = message_event(f"<{articles.url('/article')}>")
            assert served.send.event(body).status == 200
            assert slack.wait_for(lambda: len(slack.posts()) == 1, 30)
            assert slack.posts()[0]["thread_ts"] == body["event"]["ts"]


def test_work_left_running_by_a_crash_is_finished_on_restart(tmp_path: Path) -> None:
    with FakeSlack() as slack, article_server() as articles:
        settings = settings_for(slack, tmp_path / "db.sqlite3", None)
        store = Store(settings.db_path)
        store.add_job("link", {"channel": "C1", "ts": "1.1", "thread_ts": "1.1", "url": articles.url("/article")})
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()  # a process of this host that has exited
        assert len(store.claim_jobs(10, holder=f"{socket.gethostname()}:{dead}:x")) == 1  # it "crashed" here
        store.close()
        bot = build(settings, http_mode=True)  # a restart: the runner requeues and finishes it
        try:
            assert slack.wait_for(lambda: len(slack.posts()) == 1, 15)
            assert slack.posts()[0]["thread_ts"] == "1.1"
            assert slack.wait_for(lambda: not bot.store.unfinished_jobs())
        finally:
            bot.close()


def test_job_that_keeps_crashing_is_reported_not_retried_forever(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        settings = settings_for(slack, tmp_path / "db.sqlite3", None)
        store = Store(settings.db_path)
        store.add_job("link", {"channel": "C1", "ts": "2.2", "thread_ts": "2.2", "url": "http://127.0.0.1:9/x"})
        for _ in range(3):  # three crashes while running it
            store.claim_jobs(10)
            store.requeue_running()
        store.close()
        bot = build(settings, http_mode=True)
        try:
            assert slack.wait_for(lambda: len(slack.posts()) == 1, 15)
            post = slack.posts()[0]
            assert post["thread_ts"] == "2.2" and "gave up" in post["text"]
            time.sleep(0.3)
            assert len(slack.posts()) == 1 and bot.store.unfinished_jobs() == []
        finally:
            bot.close()


def test_a_starting_runner_takes_back_only_the_jobs_of_dead_runners(tmp_path: Path) -> None:
    """A second replica (or a late work process) starting on the same host must not steal running work."""
    from bot.slack.work import runner_is_dead, runner_name

    store = Store(tmp_path / "db.sqlite3")
    store.add_job("link", {"n": 1})
    store.add_job("link", {"n": 2})
    assert len(store.claim_jobs(1, holder=runner_name("alive"))) == 1  # this very process: alive
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert len(store.claim_jobs(1, holder=f"{socket.gethostname()}:{dead}:x")) == 1
    assert not runner_is_dead(f"another-host:{dead}:x")  # other hosts: the lease decides
    assert store.requeue_orphans(runner_is_dead) == 1
    assert [j.payload["n"] for j in store.claim_jobs(5)] == [2]
