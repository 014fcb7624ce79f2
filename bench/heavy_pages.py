#!/usr/bin/env python3
"""Slow and heavy pages mixed into ordinary ones (issue 14): do ordinary replies stay on time, and does the
work process stay within its memory budget and give the memory back?

Usage:
  python bench/heavy_pages.py                                  # the app from this checkout
  python bench/heavy_pages.py --baseline-root /tmp/newsbot-old # the same run against another checkout first

Everything is on loopback, as in bench/slack_load.py: a fake Slack, a fake model (fixed latency) and a local
article server run in one process at lower CPU priority; `newsbot serve --http` runs as a child process (its
acking process plus its work process). The article server has three kinds of page:
  /story/N  an ordinary article (the test fixture, made distinct per N);
  /heavy/N  an article followed by 50,000 links (about 3 MB of HTML), the issue's heavy page;
  /slow/N   a server that trickles its status line one byte a second, forever.
The heavy and slow links are sent first, then, half a second later, the ordinary ones. Memory is sampled
from /proc every 0.1 s: the work process's peak and its RSS once every reply is in (after a short settle).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fakes.articles import article_html  # noqa: E402
from fakes.server import FakeServer, Request  # noqa: E402
from fakes.slack_events import EventSender, message_event  # noqa: E402
from slack_load import free_port, percentile, run_fakes, stop_apps, wait_for_port  # noqa: E402  (beside this file)

SECRET = "bench-signing-secret"
HEAVY_LINKS = 50_000


def heavy_page(n: str) -> bytes:
    article = article_html().replace(b"Harbour council", f"Harbour council {n}".encode())
    links = "".join(f'<li><a href="/section/{n}/story-{i}">Story {i}: the day in the harbour</a></li>'
                    for i in range(HEAVY_LINKS))
    return article.replace(b"</body>", f"<nav><ul>{links}</ul></nav></body>".encode(), 1)


def _slow(r: Request) -> None:
    stream = r.handler.wfile
    try:
        for byte in b"HTTP/1.1 200 OK\r\n" + b" " * 10_000:
            stream.write(bytes([byte]))
            stream.flush()
            time.sleep(1.0)
    except OSError:
        pass  # the fetcher gave up: what we want
    r.handler.close_connection = True


class Pages(FakeServer):
    def route_for(self, path: str):  # type: ignore[override]
        kind, _, n = path.strip("/").partition("/")
        if kind == "story":
            body = article_html().replace(b"Harbour council", f"Harbour council {n}".encode())
            return lambda r: r.send(200, body)
        if kind == "heavy":
            return lambda r: r.send(200, heavy_page(n))
        if kind == "slow":
            return _slow
        return None


def rss_mb(pid: int, field: str = "VmRSS:") -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field)), 0) / 1024


class Sampler(threading.Thread):
    """Peak RSS of the acking process and of its largest child (the work process), sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_ack = 0.0
        self.peak_work = 0.0
        self.stop = threading.Event()

    def work_pid(self) -> int | None:
        try:
            children = psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            return None
        return max(children, key=lambda c: rss_mb(c.pid), default=None).pid if children else None

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak_ack = max(self.peak_ack, rss_mb(self.pid))
            work = self.work_pid()
            if work is not None:
                self.peak_work = max(self.peak_work, rss_mb(work, "VmHWM:"))


def run(app_root: Path, args: argparse.Namespace, endpoints: tuple[str, str, str], posts: mp.Queue) -> dict:  # type: ignore[type-arg]
    slack_api, pages_url, model_url = endpoints
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
        env.update({
            "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api,
            "OPENAI_API_KEY": "sk-bench", "OPENAI_BASE_URL": model_url, "NEWSBOT_MODEL": "bench",
            "NEWSBOT_DB": str(Path(tmp) / "bench.sqlite3"), "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
            "NEWSBOT_WORKERS": str(args.workers), "NEWSBOT_FETCH_TIMEOUT": str(args.fetch_timeout),
            "PORT": str(port), "PYTHONPATH": str(app_root),
        })
        app = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"],
                               env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sampler = Sampler(app.pid)
        try:
            wait_for_port(port)
            time.sleep(1.0)  # the work process starts
            idle_work = rss_mb(sampler.work_pid() or app.pid)
            sampler.start()
            sender = EventSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
            kinds: dict[str, str] = {}
            sent_at: dict[str, float] = {}
            statuses: list[int] = []
            started = time.monotonic()
            plan = ([("heavy", i) for i in range(args.heavy)] + [("slow", i) for i in range(args.slow)]
                    + [("story", i) for i in range(args.ordinary)])
            for kind, i in plan:
                if kind == "story" and i == 0:
                    time.sleep(0.5)  # the heavy and slow ones are in flight
                body = message_event(f"<{pages_url}/{kind}/{i}>", channel=f"C{i % 7}")
                ts = body["event"]["ts"]
                kinds[ts], sent_at[ts] = kind, time.monotonic()
                statuses.append(sender.event(body).status)
            received: list[tuple[str, float]] = []
            end = time.monotonic() + args.drain
            while time.monotonic() < end:
                while True:
                    try:
                        received.append(posts.get_nowait())
                    except queue.Empty:
                        break
                if len({ts for ts, _ in received if ts in sent_at}) >= len(plan):
                    break
                time.sleep(0.05)
            all_in = time.monotonic() - started
            time.sleep(args.settle)
            while True:
                try:
                    received.append(posts.get_nowait())
                except queue.Empty:
                    break
            work = sampler.work_pid()
            after = rss_mb(work) if work else float("nan")
            sampler.stop.set()
            sampler.join()
        finally:
            stop_apps([app], 15)
    first: dict[str, float] = {}
    for ts, at in received:
        if ts in sent_at:
            first[ts] = min(at, first.get(ts, at))
    per_kind: dict[str, list[float]] = {"story": [], "heavy": [], "slow": []}
    for ts, at in first.items():
        per_kind[kinds[ts]].append(at - sent_at[ts])
    copies = Counter(ts for ts, _ in received if ts in sent_at)
    return {"per_kind": per_kind, "counts": Counter(kinds.values()), "statuses": dict(Counter(statuses)),
            "lost": len(plan) - len(first), "duplicates": sum(n - 1 for n in copies.values()),
            "peak_ack": sampler.peak_ack, "peak_work": sampler.peak_work, "idle_work": idle_work,
            "after_work": after, "all_in": all_in}


def rows(r: dict) -> dict[str, str]:
    k, c = r["per_kind"], r["counts"]

    def times(kind: str) -> str:
        v = k[kind]
        return (f"{len(v)}/{c[kind]} answered; p50 {percentile(v, .5):.1f} s, max {max(v):.1f} s"
                if v else f"0/{c[kind]} answered")

    return {
        "ack responses": str(r["statuses"]),
        "ordinary replies (time to reply)": times("story"),
        "ordinary p99": f"{percentile(k['story'], .99):.1f} s",
        "heavy-page replies": times("heavy"),
        "slow-page replies": times("slow"),
        "replies lost / duplicated": f"{r['lost']} / {r['duplicates']}",
        "all replies in after": f"{r['all_in']:.1f} s",
        "acking process peak RSS": f"{r['peak_ack']:.0f} MB",
        "work process RSS idle / peak / after": f"{r['idle_work']:.0f} / {r['peak_work']:.0f} / {r['after_work']:.0f} MB",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ordinary", type=int, default=40)
    parser.add_argument("--heavy", type=int, default=12)
    parser.add_argument("--slow", type=int, default=6)
    parser.add_argument("--latency", type=float, default=1.0, help="fake model latency, seconds")
    parser.add_argument("--workers", type=int, default=48)
    parser.add_argument("--fetch-timeout", type=float, default=10.0, help="NEWSBOT_FETCH_TIMEOUT for the app")
    parser.add_argument("--drain", type=float, default=240.0, help="max seconds to wait for every reply")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds after the last reply before 'after'")
    parser.add_argument("--baseline-root", type=Path, help="another checkout, run first with the same load")
    args = parser.parse_args()
    ports: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    posts: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    stop = mp.Event()
    fakes = mp.Process(target=run_fakes, args=(args.latency, ports, posts, stop, Pages), daemon=True)
    fakes.start()
    endpoints = ports.get(timeout=30)
    results: list[tuple[str, dict]] = []
    try:
        if args.baseline_root:
            results.append((f"baseline ({args.baseline_root})", run(args.baseline_root, args, endpoints, posts)))
        results.append(("this checkout", run(ROOT, args, endpoints, posts)))
    finally:
        stop.set()
        fakes.join(10)
    print(json.dumps({"ordinary": args.ordinary, "heavy": args.heavy, "heavy_links": HEAVY_LINKS,
                      "slow": args.slow, "model_latency_s": args.latency, "workers": args.workers,
                      "fetch_timeout_s": args.fetch_timeout}))
    table = [(name, rows(r)) for name, r in results]
    print("| measure | " + " | ".join(name for name, _ in table) + " |")
    print("|---|" + "---|" * len(table))
    for measure in table[0][1]:
        print(f"| {measure} | " + " | ".join(r[measure] for _, r in table) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
