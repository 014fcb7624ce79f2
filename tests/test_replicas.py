"""Two `newsbot serve --http` replicas sharing one PostgreSQL: each event answered once, whichever replica
gets it (or both do); a replica killed mid-job; the database restarted or gone for a while under load."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store import Store
from fakes.articles import article_server
from fakes.openai_server import FakeOpenAI
from fakes.server import FakeServer
from fakes.slack_api import FakeSlack
from fakes.slack_events import EventSender, Sent, message_event
from replica_harness import Replica, replica_env

SECRET = "replica-signing-secret"
pytestmark = pytest.mark.timeout(300)  # real processes on a shared 2-core machine: start-up alone can take 10 s


@dataclass
class Cluster:
    slack: FakeSlack
    articles: FakeServer
    model: FakeOpenAI
    replicas: list[Replica]
    senders: list[EventSender]

    def replies_per_thread(self) -> Counter[str]:
        return Counter(p.get("thread_ts") for p in self.slack.posts() if p.get("thread_ts"))

    def deliver(self, body: dict, to: list[int]) -> list[Sent]:
        """Send one event to the given replicas at once (a re-delivery reaching another replica)."""
        results: list[Sent] = []
        threads = [threading.Thread(target=lambda i=i: results.append(self.senders[i].event(body))) for i in to]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results


@contextmanager
def cluster(tmp_path: Path, database_url: str, replicas: int = 2, model_latency: float = 0.0,
            **extra: str) -> Iterator[Cluster]:
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI(latency=model_latency) as model:
        env = replica_env(slack.api_url, database_url, SECRET, model.base_url, **extra)
        running = [Replica(env, tmp_path / f"r{i}", f"r{i}") for i in range(replicas)]
        try:
            for replica in running:
                replica.wait_ready()
            yield Cluster(slack, articles, model, running, [EventSender(r.events_url, SECRET) for r in running])
        finally:
            for replica in running:
                replica.stop()


def test_each_event_delivered_to_both_replicas_gets_exactly_one_reply(tmp_path: Path, pg_server) -> None:
    with cluster(tmp_path, pg_server.database()) as c:
        bodies = [message_event(f"<{c.articles.url('/article')}?n={i}>", channel=f"C{i % 3}") for i in range(12)]
        for body in bodies:
            assert all(r.status == 200 for r in c.deliver(body, [0, 1]))
        threads = {b["event"]["ts"] for b in bodies}
        assert c.slack.wait_for(lambda: set(c.replies_per_thread()) >= threads, 60)
        time.sleep(1.0)  # a duplicate would arrive now
        assert all(c.replies_per_thread()[t] == 1 for t in threads), c.replies_per_thread()
        assert all(r.alive() for r in c.replicas)


def test_one_url_from_both_replicas_is_read_and_analysed_once(tmp_path: Path, pg_server) -> None:
    with cluster(tmp_path, pg_server.database(), model_latency=0.5) as c:
        lone = message_event(f"<{c.articles.url('/article')}?lone>")
        c.deliver(lone, [0])
        assert c.slack.wait_for(lambda: c.replies_per_thread()[lone["event"]["ts"]] == 1, 30)
        assert c.slack.wait_for(lambda: c.slack.calls_to("chat.update"), 30)  # the model's ledger replaced the quick one
        per_analysis = len(c.model.requests)
        assert per_analysis >= 1
        same = [message_event(f"<{c.articles.url('/article')}?same>", channel=f"C{i}") for i in range(6)]
        for i, body in enumerate(same):  # distinct messages, one URL, spread over both replicas
            assert c.deliver(body, [i % 2])[0].status == 200
        assert c.slack.wait_for(lambda: all(c.replies_per_thread()[b["event"]["ts"]] == 1 for b in same), 60)
        assert c.slack.wait_for(lambda: len(c.model.requests) >= 2 * per_analysis, 30)
        time.sleep(1.0)  # a second analysis of the shared URL would call the model now
        assert len(c.model.requests) == 2 * per_analysis  # the lone URL, then the shared one once


def test_a_replica_killed_mid_job_leaves_its_jobs_to_the_other(tmp_path: Path, pg_server) -> None:
    url = pg_server.database()
    with cluster(tmp_path, url, model_latency=3.0, NEWSBOT_JOB_LEASE_SECONDS="2") as c:
        bodies = [message_event(f"<{c.articles.url('/article')}?k={i}>") for i in range(6)]
        for body in bodies:
            assert c.senders[0].event(body).status == 200  # all acked by replica 0 (either may claim them)
        store = Store(url)
        held_by_r0 = lambda: [r for r in store.db.run(lambda conn: conn.exec_driver_sql(  # noqa: E731
            "SELECT locked_by FROM jobs WHERE status = 'running'").scalars().all()) if ":r0:" in r]
        assert c.slack.wait_for(lambda: len(c.model.requests) >= 1 and held_by_r0(), 20)  # replica 0 is mid-job
        c.replicas[0].kill()
        store.close()
        # nothing final was answered before the kill: at most quick first answers, waiting for the model
        assert not c.slack.calls_to("chat.update")
        quick = c.slack.calls_to("chat.postMessage")
        assert all(q.params["metadata"]["event_payload"].get("stage") == "quick" for q in quick)
        threads = {b["event"]["ts"] for b in bodies}
        assert c.slack.wait_for(lambda: set(c.replies_per_thread()) >= threads, 60), c.replicas[1].output()
        updated = lambda: {u.params["ts"] for u in c.slack.calls_to("chat.update")}  # noqa: E731
        assert c.slack.wait_for(lambda: {q.response["ts"] for q in quick} <= updated(), 60)  # finished in place
        time.sleep(1.0)
        assert all(c.replies_per_thread()[t] == 1 for t in threads), c.replies_per_thread()


def _deliver_like_slack(c: Cluster, body: dict, replica: int, attempts: int = 6) -> None:
    """Slack retries an event whose ack failed (here: up to 6 times, every 1.5 s, to either replica)."""
    for attempt in range(attempts):
        try:
            result = c.senders[(replica + attempt) % len(c.senders)].event(body, retry_num=attempt or None)
            if result.status == 200:
                return
        except OSError:
            pass
        time.sleep(1.5)
    raise AssertionError(f"event {body['event_id']} never acked")


def test_the_database_restarted_mid_run_loses_nothing_acked(tmp_path: Path, pg_server) -> None:
    with cluster(tmp_path, pg_server.database(), model_latency=0.3) as c:
        bodies = [message_event(f"<{c.articles.url('/article')}?r={i}>") for i in range(16)]
        senders = []
        for i, body in enumerate(bodies):
            if i == 6:
                restart = threading.Thread(target=pg_server.restart)
                restart.start()
            thread = threading.Thread(target=_deliver_like_slack, args=(c, body, i % 2))
            thread.start()
            senders.append(thread)
            time.sleep(0.1)
        restart.join()
        for thread in senders:
            thread.join()
        threads = {b["event"]["ts"] for b in bodies}
        assert c.slack.wait_for(lambda: set(c.replies_per_thread()) >= threads, 90), c.replicas[0].output()
        time.sleep(1.0)
        assert all(c.replies_per_thread()[t] == 1 for t in threads), c.replies_per_thread()
        assert all(r.alive() for r in c.replicas)


def test_a_database_gone_for_a_while_fails_acks_then_recovers(tmp_path: Path, pg_server) -> None:
    """Down longer than NEWSBOT_DB_RETRY_SECONDS: acks fail (Slack will retry), the replicas stay up, and once
    the database is back every retried event is answered once."""
    url = pg_server.database()
    with cluster(tmp_path, url, NEWSBOT_DB_RETRY_SECONDS="1") as c:
        first = message_event(f"<{c.articles.url('/article')}?before>")
        assert c.senders[0].event(first).status == 200
        assert c.slack.wait_for(lambda: c.replies_per_thread()[first["event"]["ts"]] == 1, 30)
        store = Store(url)  # (a job whose reply is posted but not yet marked done would run again: at least once)
        assert c.slack.wait_for(lambda: not store.unfinished_jobs(), 10)
        store.close()
        pg_server.stop_server()
        try:
            during = [message_event(f"<{c.articles.url('/article')}?during={i}>") for i in range(4)]
            statuses = [c.senders[i % 2].event(b).status for i, b in enumerate(during)]
            assert all(s >= 500 for s in statuses), statuses  # not acked: Slack retries these
            time.sleep(1.5)  # the runners keep failing to poll meanwhile
            assert all(r.alive() for r in c.replicas)
        finally:
            pg_server.start()
        for i, body in enumerate(during):
            _deliver_like_slack(c, body, i % 2)
        threads = {b["event"]["ts"] for b in during}
        assert c.slack.wait_for(lambda: set(c.replies_per_thread()) >= threads, 60), c.replicas[0].output()
        time.sleep(1.0)
        assert all(c.replies_per_thread()[t] == 1 for t in threads | {first["event"]["ts"]})


def test_serve_with_an_unreachable_database_stops_with_a_clear_error(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    from replica_harness import ROOT

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # bound, never listening: connection refused
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": "xoxb-x",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "http://127.0.0.1:9/api/",
               "NEWSBOT_DATABASE_URL": f"postgresql://newsbot:pw-never-shown@127.0.0.1:{port}/newsbot"}
        result = subprocess.run([sys.executable, "-m", "bot", "serve", "--http"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "NEWSBOT_DATABASE_URL" in result.stderr and f"127.0.0.1:{port}" in result.stderr
    assert "pw-never-shown" not in result.stderr + result.stdout
