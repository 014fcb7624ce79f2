#!/usr/bin/env python3
"""Drive the HTTP Slack app with signed link events from this process; the app runs in its own process.

Usage:
  python bench/slack_load.py burst --events 50 --latency 1.0        # issue 4: 50 links as fast as possible
  python bench/slack_load.py burst --events 200 --latency 1.5       # a burst of 200
  python bench/slack_load.py sustained --rate 20 --duration 60 --latency 1.5
  python bench/slack_load.py burst --events 200 --latency 1.5 --matrix   # SQLite/PostgreSQL x 1/2 replicas
  python bench/slack_load.py sustained --rate 1 --duration 30 --latency 20 --first-answer  # issue 21, item 1

Everything is on loopback: a fake Slack Web API, a fake OpenAI-compatible model (fixed latency) and a local
article server run here; `newsbot serve --http` runs as a child process pointed at them. Each event carries
a distinct article URL, so every event is a real read + model call + post (no cache hits). Reports ack
latency (the HTTP response to the event POST), time to reply (event sent -> chat.postMessage received),
replies lost, duplicates, and the app's peak RSS (VmHWM) and CPU time.

`--first-answer` runs the same events twice, with NEWSBOT_QUICK_FIRST_ANSWER=true (the built-in reading posted
at once, then replaced in place by the model's ledger) and =false (the model's ledger is the one post), and
reports time to first answer (the chat.postMessage) and to the final answer (the message's last chat.update, or
its post when it is never updated), p50 and p95, for both.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import signal
import socket
from collections import Counter
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fakes.articles import article_html  # noqa: E402
from fakes.openai_server import FakeOpenAI  # noqa: E402
from fakes.server import FakeServer  # noqa: E402
from fakes.slack_api import Call, FakeSlack  # noqa: E402
from fakes.slack_events import EventSender, message_event  # noqa: E402
from pg import PostgresServer  # noqa: E402

SECRET = "bench-signing-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30.0) -> None:
    """Until the app listens (or the time is up: the first request then says what went wrong)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def stop_apps(apps: list[subprocess.Popen[bytes]], seconds: float = 10.0) -> None:
    """SIGTERM every app at once (they drain in parallel), then wait for each, killing one that hangs."""
    for app in apps:
        app.send_signal(signal.SIGTERM)
    for app in apps:
        try:
            app.wait(seconds)
        except subprocess.TimeoutExpired:
            app.kill()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))] if ordered else float("nan")


class ArticleServer(FakeServer):
    """Every /story/N is a distinct article (so nothing comes from the cache)."""

    def route_for(self, path: str):  # type: ignore[override]
        if path.startswith("/story/"):
            n = path.rsplit("/", 1)[-1]
            body = article_html().replace(b"Harbour council", f"Harbour council {n}".encode())
            return lambda r: r.send(200, body)
        return None


def proc_stats(pid: int) -> tuple[float, float, list[float]]:
    """(peak RSS in MB, CPU seconds, each process's peak in MB) of the app and its helper processes, from /proc.

    Peak RSS is the sum of each process's own peak (VmHWM): an upper bound on the app's combined peak. The
    first of the per-process peaks is the acking process, the next the work process (which holds the parser).
    """
    hwm_kb, cpu, each = 0, 0.0, []
    for proc in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)  # 0: zombie
        hwm_kb += kb
        each.append(kb / 1024)
        times = proc.cpu_times()
        cpu += times.user + times.system
    return hwm_kb / 1024, cpu, each


def run_fakes(latency: float, ports: mp.Queue, posts: mp.Queue, stop: mp.Event,  # type: ignore[type-arg]
              pages: type[FakeServer] | None = None) -> None:
    """The fake Slack, model and article server, in their own process so they don't skew the driver's clock.

    They stand for remote services, so they run at a lower CPU priority than the app: on a 2-core machine
    their own work (the fake model builds a real ledger per request) would otherwise be billed to the app.
    """
    os.nice(10)
    with FakeSlack() as slack, (pages or ArticleServer)() as articles, FakeOpenAI(latency=latency) as model:
        def report(call: Call) -> None:  # (method, thread of a post, ts of the message, when Slack got it)
            if call.method == "chat.postMessage":
                posts.put(("post", call.params.get("thread_ts"), call.response.get("ts"), call.at))
            elif call.method == "chat.update":
                posts.put(("update", None, call.params.get("ts"), call.at))
        slack.on_call = report
        ports.put((slack.api_url, articles.base_url, model.base_url))
        stop.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["burst", "sustained"])
    parser.add_argument("--events", type=int, default=50, help="burst size")
    parser.add_argument("--rate", type=float, default=20.0, help="events per second (sustained)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (sustained)")
    parser.add_argument("--latency", type=float, default=1.0, help="fake model latency, seconds")
    parser.add_argument("--workers", type=int, default=48, help="NEWSBOT_WORKERS for the app (48 is the default)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections the driver opens")
    parser.add_argument("--drain", type=float, default=120.0, help="max seconds to wait for replies")
    parser.add_argument("--no-links", action="store_true", help="events without links: measures the ack path alone")
    parser.add_argument("--replicas", type=int, default=1, help="`newsbot serve --http` processes sharing one store")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="the shared store (postgresql: a throwaway server, as in the tests)")
    parser.add_argument("--matrix", action="store_true",
                        help="one run each of {sqlite, postgresql} x {1, 2 replicas}, one table")
    parser.add_argument("--first-answer", action="store_true",
                        help="quick first answer on vs off (today's one post), time to first and final answer")
    args = parser.parse_args()

    ports: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    posts: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    stop = mp.Event()
    fakes = mp.Process(target=run_fakes, args=(args.latency, ports, posts, stop), daemon=True)
    fakes.start()
    endpoints = ports.get(timeout=30)
    configs = ([(db, n, True) for db in ("sqlite", "postgresql") for n in (1, 2)] if args.matrix
               else [(args.database, args.replicas, q) for q in (True, False)] if args.first_answer
               else [(args.database, args.replicas, True)])
    pg = PostgresServer() if any(db == "postgresql" for db, _, _ in configs) else None
    results = []
    try:
        for database, replicas, quick in configs:
            url = pg.database() if pg is not None and database == "postgresql" else None
            results.append(run_config(args, endpoints, posts, database, url, replicas, quick))
    finally:
        stop.set()
        fakes.join(10)
        if pg is not None:
            pg.close()
    print(json.dumps({"mode": args.mode, "events": results[0]["count"], "model_latency_s": args.latency,
                      "workers": args.workers, "connections": args.connections}, indent=None))
    if args.first_answer:
        print_first_answer(results)
    elif len(results) == 1:
        print_single(args, results[0])
    else:
        print_matrix(results)
    return 0 if all(r["lost"] == 0 and r["duplicates"] == 0 for r in results) else 1


def run_config(args: argparse.Namespace, endpoints: tuple[str, str, str], posts: mp.Queue,  # type: ignore[type-arg]
               database: str, database_url: str | None, replicas: int, quick: bool = True) -> dict:
    """One run: `replicas` app processes on one store, events spread over them round-robin (as a load balancer
    would), every reply counted once."""
    slack_api, articles_url, model_url = endpoints
    with tempfile.TemporaryDirectory() as tmp:
        store_env = {"NEWSBOT_DATABASE_URL": database_url} if database_url else {
            "NEWSBOT_DB": str(Path(tmp) / "bench.sqlite3")}
        apps = []
        for r in range(replicas):
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
            env.update({
                "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api,
                "OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": model_url, "NEWSBOT_MODEL": "bench",
                "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "NEWSBOT_REPLICA_NAME": f"bench{r}",
                "NEWSBOT_WORKERS": str(args.workers), "PORT": str(port), "PYTHONPATH": str(ROOT), **store_env,
                "NEWSBOT_QUICK_FIRST_ANSWER": "true" if quick else "false",
            })
            proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                                    env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            apps.append((proc, port))
        try:
            for _proc, port in apps:
                wait_for_port(port)
            senders = [EventSender(f"http://127.0.0.1:{port}/slack/events", SECRET) for _proc, port in apps]
            sent_at: dict[str, float] = {}
            acks: list[float] = []
            statuses: list[int] = []
            lock = threading.Lock()

            def fire(i: int) -> None:
                body = message_event(f"<{articles_url}/story/{i}>" if not args.no_links else f"hello {i}", channel=f"C{i % 7}")
                ts = body["event"]["ts"]
                started = time.monotonic()
                with lock:
                    sent_at[ts] = started
                try:
                    result = senders[i % len(senders)].event(body)
                except OSError as exc:  # a refused or reset connection is a failed ack, not a crash
                    result = type("Failed", (), {"seconds": time.monotonic() - started, "status": f"{type(exc).__name__}"})()
                with lock:
                    acks.append(result.seconds * 1000)
                    statuses.append(result.status)

            count = args.events if args.mode == "burst" else int(args.rate * args.duration)
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=args.connections) as pool:
                for i in range(count):
                    if args.mode == "sustained":
                        wait = started + i / args.rate - time.monotonic()
                        if wait > 0:
                            time.sleep(wait)
                    pool.submit(fire, i)
            sent_done = time.monotonic()

            received: list[tuple[str, str | None, str, float]] = []

            def threads_answered() -> set[str]:
                while True:
                    try:
                        received.append(posts.get_nowait())
                    except queue.Empty:
                        break
                return {thread for kind, thread, _ts, _at in received if kind == "post" and thread in sent_at}

            end = sent_done + args.drain
            while time.monotonic() < end and len(threads_answered()) < count:
                time.sleep(0.05)
            # quick answers: until every reply is final too (its update in), then let any duplicate show itself
            while quick and args.first_answer and time.monotonic() < end and len(
                    updated_threads(received, sent_at, threads_answered())) < count:
                time.sleep(0.05)
            time.sleep(1.0 if not args.first_answer else 3.0)
            threads_answered()
            posted = [(thread, at) for kind, thread, _ts, at in received if kind == "post" and thread in sent_at]
            first_reply: dict[str, float] = {}
            for ts, at in posted:
                first_reply[ts] = min(at, first_reply.get(ts, at))
            to_reply = [first_reply[ts] - sent_at[ts] for ts in first_reply]
            final = final_replies(received, sent_at)
            to_final = [final[ts] - sent_at[ts] for ts in final]
            per_thread = Counter(ts for ts, _ in posted)
            stats = [proc_stats(proc.pid) for proc, _port in apps]
            elapsed = time.monotonic() - started
        finally:
            stop_apps([proc for proc, _port in apps])

    last_reply = max(first_reply.values()) - started if first_reply else float("nan")
    return {"database": database, "replicas": replicas, "quick": quick, "count": count,
            "statuses": dict(Counter(statuses)), "acks": acks, "to_reply": to_reply, "to_final": to_final, "last_reply": last_reply, "lost": count - len(first_reply),
            "duplicates": sum(n - 1 for n in per_thread.values()), "peak_mb": [mb for mb, _, _ in stats],
            "process_mb": [each for _, _, each in stats], "cpu": sum(cpu for _, cpu, _ in stats), "elapsed": elapsed}


def final_replies(received: list[tuple[str, str | None, str, float]], sent_at: dict[str, float]) -> dict[str, float]:
    """Thread -> when its reply took its final form: the last update of the posted message, or the post."""
    thread_of: dict[str, str] = {}
    final: dict[str, float] = {}
    for kind, thread, ts, at in received:  # in the order Slack answered them
        if kind == "post" and thread in sent_at:
            thread_of[ts] = thread
            final.setdefault(thread, at)
        elif kind == "update" and ts in thread_of:
            final[thread_of[ts]] = at
    return final


def updated_threads(received: list[tuple[str, str | None, str, float]], sent_at: dict[str, float],
                    answered: set[str]) -> set[str]:
    """Threads whose reply has been updated at least once (a quick answer replaced by the model's ledger)."""
    thread_of = {ts: thread for kind, thread, ts, _at in received if kind == "post" and thread in answered}
    return {thread_of[ts] for kind, _thread, ts, _at in received if kind == "update" and ts in thread_of}


def print_first_answer(results: list[dict]) -> None:
    print("| first answer | events | time to first answer p50 / p95 | time to final answer p50 / p95 | "
          "lost | duplicated |")
    print("|---|---|---|---|---|---|")
    for r in results:
        mode = "quick, refined in place" if r["quick"] else "model only, one post (before)"
        print(f"| {mode} | {r['count']} | {percentile(r['to_reply'], .5):.2f} / {percentile(r['to_reply'], .95):.2f} s"
              f" | {percentile(r['to_final'], .5):.2f} / {percentile(r['to_final'], .95):.2f} s"
              f" | {r['lost']} | {r['duplicates']} |")


def print_single(args: argparse.Namespace, r: dict) -> None:
    count, acks, to_reply, cpu = r["count"], r["acks"], r["to_reply"], r["cpu"]
    print("| measure | value |")
    print("|---|---|")
    print(f"| events sent | {count} ({'burst' if args.mode == 'burst' else f'{args.rate:g}/s for {args.duration:g} s'}) |")
    print(f"| store, replicas | {r['database']}, {r['replicas']} |")
    print(f"| ack responses | {r['statuses']} |")
    print(f"| ack latency p50 / p99 / max | {percentile(acks, .5):.1f} / {percentile(acks, .99):.1f} / {max(acks):.1f} ms |")
    print(f"| time to reply p50 / p99 | {percentile(to_reply, .5):.2f} / {percentile(to_reply, .99):.2f} s |")
    print(f"| all replies posted after first event | {r['last_reply']:.2f} s |")
    print(f"| replies lost | {r['lost']} |")
    print(f"| duplicate replies | {r['duplicates']} |")
    print(f"| app peak RSS (VmHWM) | {sum(r['peak_mb']):.0f} MB |")
    print(f"| peak RSS per process (ack, work, ...) | {' / '.join(f'{mb:.0f}' for mb in r['process_mb'][0])} MB |")
    print(f"| app CPU time | {cpu:.1f} s ({cpu / max(1e-9, r['elapsed']) * 100:.0f}% of one core over the run) |")


def print_matrix(results: list[dict]) -> None:
    print("| store | replicas | acks | ack p50 / p99 | reply p50 / p99 | throughput | lost | duplicated | peak RSS per replica |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        throughput = (r["count"] - r["lost"]) / r["last_reply"] if r["last_reply"] == r["last_reply"] else 0.0
        print(f"| {r['database']} | {r['replicas']} | {r['statuses']} | {percentile(r['acks'], .5):.1f} / "
              f"{percentile(r['acks'], .99):.1f} ms | {percentile(r['to_reply'], .5):.2f} / "
              f"{percentile(r['to_reply'], .99):.2f} s | {throughput:.1f} replies/s | {r['lost']} | "
              f"{r['duplicates']} | {' + '.join(f'{mb:.0f}' for mb in r['peak_mb'])} MB |")


if __name__ == "__main__":
    raise SystemExit(main())
