"""Operations (issue 21, item 5): /healthz that checks the database and the work, /metrics in the Prometheus
text format moving as signed events flow, the Socket Mode endpoints, and JSON log lines."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.observability import logs
from bot.slack.app import build
from bot.slack.health import serve_operations
from bot.slack.http_server import http_server, start_in_thread
from fakes.articles import article_server
from fakes.slack_api import FakeSlack
from fakes.slack_events import message_event
from slack_harness import running_app, settings_for

pytestmark = pytest.mark.timeout(180)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and labels (parsed with prometheus_client's own parser)."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(scrape: dict, name: str, **labels: str) -> float:
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


def test_healthz_names_the_database_when_postgresql_is_down_and_recovers(tmp_path: Path, pg_server) -> None:
    with FakeSlack() as slack:
        settings = settings_for(slack, tmp_path / "unused.sqlite3", None, NEWSBOT_DATABASE_URL=pg_server.database(),
                                NEWSBOT_DB_RETRY_SECONDS=1)
        bot = build(settings, http_mode=True)
        server = http_server(bot, "127.0.0.1", 0)
        start_in_thread(server)
        url = f"http://127.0.0.1:{server.server_address[1]}/healthz"
        try:
            status, body = get(url)
            assert status == 200, body
            assert json.loads(body) == {"status": "ok", "failed": [], "checks": {"database": "ok", "work": "ok"}}
            pg_server.stop_server()
            try:
                status, body = get(url)
                report = json.loads(body)
                assert status == 503
                assert report["failed"] == ["database"] and report["checks"]["database"].startswith("failing")
                assert report["checks"]["work"] == "ok"
            finally:
                pg_server.start()
            assert slack.wait_for(lambda: get(url)[0] == 200, 30)  # reconnected, no restart of the bot
        finally:
            server.shutdown()
            server.server_close()
            bot.close()


def test_healthz_reports_a_stopped_work_runner(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=False) as h:
        url = h.send.url.replace("/slack/events", "/healthz")
        assert get(url)[0] == 200
        assert h.bot.runner is not None
        h.bot.runner.stop()
        status, body = get(url)
        assert status == 503 and json.loads(body)["failed"] == ["work"]


def test_metrics_move_as_signed_events_flow(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=False) as h:
        metrics_url = h.send.url.replace("/slack/events", "/metrics")
        status, text = get(metrics_url)
        assert status == 200
        before = samples(text)
        now = lambda: f"{time.time():.6f}"  # noqa: E731 - a message sent now: time to first answer is observed
        first = message_event(f"<{h.link()}>", ts=now())
        assert h.send.event(first).status == 200
        assert h.send.event(first, retry_num=1).status == 200  # Slack's re-delivery: dropped
        again = message_event(f"<{h.link()}>", ts=now())  # the same article in another message: from the cache
        assert h.send.event(again).status == 200
        broken = message_event(f"<{h.link('/missing')}>")
        assert h.send.event(broken).status == 200
        assert h.slack.wait_for(lambda: len(h.slack.posts()) >= 3, 30)
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 10)
        after = samples(get(metrics_url)[1])

        def moved(name: str, **labels: str) -> float:
            return value(after, name, **labels) - value(before, name, **labels)

        assert moved("newsbot_events_received_total", type="event_callback") == 4
        assert moved("newsbot_events_acked_total", type="event_callback") == 4
        assert moved("newsbot_duplicates_dropped_total") == 1
        assert moved("newsbot_jobs_queued_total", kind="link") == 3
        assert moved("newsbot_jobs_done_total", kind="link") == 3
        assert value(after, "newsbot_jobs_running") == 0
        assert moved("newsbot_cache_hits_total") >= 1
        errors = {dict(lbl)["error"]: v - value(before, n, **dict(lbl)) for (n, lbl), v in after.items()
                  if n == "newsbot_fetch_errors_total"}
        assert sum(errors.values()) == 1, errors  # by class: the missing page's ReadError subclass
        assert moved("newsbot_time_to_first_answer_seconds_count") == 2  # the two ledgers (not the notice)


def test_model_calls_and_fallbacks_are_counted(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=True) as h:
        metrics_url = h.send.url.replace("/slack/events", "/metrics")
        before = samples(get(metrics_url)[1])
        assert h.send.event(message_event(f"<{h.link()}>")).status == 200
        # the job done: its quick first answer replaced by the model's ledger
        assert h.slack.wait_for(lambda: len(h.slack.posts()) == 1 and not h.bot.store.unfinished_jobs(), 30)
        after = samples(get(metrics_url)[1])
        assert value(after, "newsbot_model_calls_total") > value(before, "newsbot_model_calls_total")


def test_metrics_scraped_100_times_a_second_stays_fine(tmp_path: Path) -> None:
    """Ten scrapers at once, 1,000 scrapes: every one a 200 with the full text, and events still acked."""
    with running_app(tmp_path, with_model=False) as h:
        metrics_url = h.send.url.replace("/slack/events", "/metrics")
        statuses: list[int] = []
        complete: list[bool] = []
        lock = threading.Lock()

        def scrape() -> None:
            for _ in range(100):
                status, text = get(metrics_url)
                with lock:
                    statuses.append(status)
                    complete.append("newsbot_jobs_running" in text and "newsbot_events_received_total" in text)

        scrapers = [threading.Thread(target=scrape) for _ in range(10)]
        for t in scrapers:
            t.start()
        acks = [h.send.event(message_event(f"<{h.link()}>")).status for _ in range(5)]
        for t in scrapers:
            t.join()
        assert statuses.count(200) == 1000 and all(complete)
        assert acks == [200] * 5
        assert h.slack.wait_for(lambda: len(h.slack.posts()) == 5, 30)


def test_socket_mode_serves_healthz_and_metrics_on_their_own_port(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        settings = settings_for(slack, tmp_path / "db.sqlite3", None)
        bot = build(settings, http_mode=False, run_work=False)
        server = serve_operations(bot.store, bot.work_status, "127.0.0.1", 0)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            status, body = get(base + "/healthz")
            assert status == 200 and json.loads(body)["checks"] == {"database": "ok", "work": "elsewhere"}
            bot.work_alive = lambda: False  # the supervised work process died
            status, body = get(base + "/healthz")
            assert status == 503 and json.loads(body)["failed"] == ["work"]
            status, text = get(base + "/metrics")
            assert status == 200 and "newsbot_jobs_queued_total" in text
            assert get(base + "/slack/events")[0] == 404
        finally:
            server.shutdown()
            server.server_close()
            bot.close()


def test_json_logs_are_one_object_per_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    log = logging.getLogger("newsbot.test.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("two\nlines for %s", "job-1", extra={"job": "job-1"})
        try:
            raise ValueError("bad")
        except ValueError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "two\nlines for job-1" and first["level"] == "WARNING" and first["job"] == "job-1"
    assert first["logger"] == "newsbot.test.json" and "time" in first
    assert second["message"] == "failed" and "ValueError: bad" in second["exception"]


def test_serve_with_a_work_process_adds_up_both_processes_and_logs_json(tmp_path: Path) -> None:
    """The real `newsbot serve --http` with its work process: /metrics counts the jobs the child ran, and
    with NEWSBOT_LOG_FORMAT=json every line the processes log is one JSON object."""
    from fakes.slack_events import EventSender
    from replica_harness import Replica, replica_env

    with FakeSlack() as slack, article_server() as articles:
        env = replica_env(slack.api_url, f"sqlite:///{tmp_path / 'db.sqlite3'}", "s3cret",
                          NEWSBOT_WORK_PROCESS="true", NEWSBOT_LOG_FORMAT="json")
        replica = Replica(env, tmp_path / "r", "r")
        try:
            replica.wait_ready()
            base = f"http://127.0.0.1:{replica.port}"
            assert json.loads(get(base + "/healthz")[1])["checks"]["work"] == "ok"
            send = EventSender(replica.events_url, "s3cret")
            assert send.event(message_event(f"<{articles.url('/article')}>")).status == 200
            assert slack.wait_for(lambda: len(slack.posts()) == 1, 60), replica.output()
            assert slack.wait_for(lambda: value(samples(get(base + "/metrics")[1]),
                                                "newsbot_jobs_done_total", kind="link") == 1, 10)
            scrape = samples(get(base + "/metrics")[1])
            assert value(scrape, "newsbot_events_acked_total", type="event_callback") == 1  # this process
            assert value(scrape, "newsbot_time_to_first_answer_seconds_count") == 0  # (a 2023 ts: not observed)
        finally:
            replica.stop()
        lines = [line for line in replica.output().splitlines() if line.strip()]
        assert lines and all(json.loads(line)["level"] for line in lines), lines


def test_socket_mode_serve_answers_healthz_and_metrics_on_the_metrics_port(tmp_path: Path) -> None:
    """The real `newsbot serve` in Socket Mode (with its work process), NEWSBOT_METRICS_PORT set: an event
    over the socket is acked, answered, and counted on /metrics; /healthz is up on the same port."""
    import os
    import subprocess
    import sys

    from fakes.socket_mode import FakeSocketMode
    from replica_harness import ROOT, free_port

    port = free_port()
    with FakeSlack() as slack, article_server() as articles, FakeSocketMode() as socket:
        slack.socket_url = socket.url
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
        env.update({"PYTHONPATH": str(ROOT), "SLACK_BOT_TOKEN": "xoxb-socket", "SLACK_APP_TOKEN": "xapp-1-socket",
                    "SLACK_API_URL": slack.api_url, "NEWSBOT_DB": str(tmp_path / "db.sqlite3"),
                    "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "NEWSBOT_WATCH": "false",
                    "NEWSBOT_METRICS_PORT": str(port)})
        with open(tmp_path / "serve.log", "wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"], env=env,
                                       cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            try:
                return get(base + "/healthz")[0] == 200
            except OSError:
                return False

        try:
            assert slack.wait_for(healthy, 60), (tmp_path / "serve.log").read_text()
            assert slack.wait_for(lambda: bool(slack.calls_to("apps.connections.open")), 30)
            body = message_event(f"<{articles.url('/article')}>")
            sent = False
            for _ in range(100):  # until the bot's websocket is up
                try:
                    socket.send({"envelope_id": "env-m", "type": "events_api", "accepts_response_payload": False,
                                 "retry_attempt": 0, "retry_reason": "", "payload": body})
                    socket.wait_for_ack("env-m", timeout=0.5)
                    sent = True
                    break
                except Exception:  # noqa: BLE001
                    continue
            assert sent, (tmp_path / "serve.log").read_text()
            assert slack.wait_for(lambda: len(slack.posts()) == 1, 60), (tmp_path / "serve.log").read_text()
            assert slack.wait_for(lambda: value(samples(get(base + "/metrics")[1]),
                                                "newsbot_jobs_done_total", kind="link") == 1, 10)
            scrape = samples(get(base + "/metrics")[1])
            assert value(scrape, "newsbot_events_acked_total", type="event_callback") >= 1
            assert json.loads(get(base + "/healthz")[1])["checks"] == {"database": "ok", "work": "ok"}
        finally:
            process.terminate()
            process.wait(30)
