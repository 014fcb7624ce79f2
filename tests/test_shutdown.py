"""Issue 22 item 8: `newsbot serve --http` (the acking process and its work process) exits within 30 s of
SIGTERM whatever it is doing, and the job it could not finish is left to be retried."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from bot.store import Store
from fakes.server import FakeServer, Request
from fakes.slack_api import FakeSlack
from fakes.slack_events import EventSender, message_event
from replica_harness import Replica, replica_env
from slack_harness import SECRET

EXIT_BOUND = 30  # the promise; not a speed target


@pytest.fixture
def stuck_page() -> Iterator[tuple[FakeServer, threading.Event, threading.Event]]:
    """A page that answers nothing until the test ends (a fetch stuck well inside its deadline)."""
    reached, release = threading.Event(), threading.Event()

    def hang(request: Request) -> None:
        reached.set()
        release.wait(90)
        request.send(200, "<html><body><p>late</p></body></html>")

    with FakeServer({"/stuck": hang}) as server:
        yield server, reached, release
        release.set()


def start(tmp_path: Path, slack: FakeSlack, database: str) -> Replica:
    env = replica_env(slack.api_url, database, SECRET, NEWSBOT_WORK_PROCESS="true", NEWSBOT_FETCH_TIMEOUT="120",
                      NEWSBOT_DB_RETRY_SECONDS="60")
    replica = Replica(env, tmp_path / "r", "r")
    replica.wait_ready()
    return replica


def terminate_and_wait(replica: Replica) -> None:
    family = [replica.process.pid, *(c.pid for c in psutil.Process(replica.process.pid).children(recursive=True))]
    assert len(family) >= 2, "the work process is running"
    started = time.monotonic()
    replica.process.terminate()
    replica.process.wait(EXIT_BOUND)  # raises TimeoutExpired if it hangs
    print(f"exited {time.monotonic() - started:.1f} s after SIGTERM")
    gone, alive = psutil.wait_procs([psutil.Process(p) for p in family if psutil.pid_exists(p)], timeout=5)
    assert not alive, f"still running after SIGTERM: {alive}"
    assert "Traceback" not in replica.output(), replica.output()


def send_stuck_link(replica: Replica, server: FakeServer, reached: threading.Event) -> None:
    sender = EventSender(replica.events_url, SECRET)
    assert sender.event(message_event(f"<{server.url('/stuck')}>")).status == 200
    assert reached.wait(30), replica.output()


def test_sigterm_during_a_stuck_fetch(tmp_path: Path, stuck_page) -> None:
    server, reached, _ = stuck_page
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with FakeSlack() as slack:
        replica = start(tmp_path, slack, database)
        try:
            send_stuck_link(replica, server, reached)
            terminate_and_wait(replica)
        finally:
            replica.stop()
    store = Store(database)
    try:
        left = store.unfinished_jobs()
    finally:
        store.close()
    assert [json.dumps(job.payload) for job in left if "/stuck" in json.dumps(job.payload)], "left to be retried"


def test_sigterm_during_a_database_outage(tmp_path: Path, stuck_page, pg_server) -> None:
    server, reached, _ = stuck_page
    with FakeSlack() as slack:
        replica = start(tmp_path, slack, pg_server.database())
        try:
            send_stuck_link(replica, server, reached)
            pg_server.stop_server()
            try:
                threading.Event().wait(2)  # the runner meets the outage
                terminate_and_wait(replica)
            finally:
                pg_server.start()
        finally:
            replica.stop()
