"""Issue 22's attacks on HTTP mode, against the real `newsbot serve --http` process or the server in a thread:
a header flood must not swell the acking process, and trickling clients must not make the bot deaf."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

from fakes.attackers import flood, trickle
from fakes.slack_api import FakeSlack
from fakes.slack_events import message_event
from replica_harness import Replica, replica_env
from slack_harness import SECRET
from test_http_server import post, serving, signed

def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_header_flood_keeps_the_acking_process_small(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        env = replica_env(slack.api_url, f"sqlite:///{tmp_path / 'db.sqlite3'}", SECRET)
        replica = Replica(env, tmp_path / "r", "r")
        try:
            replica.wait_ready()
            before = rss_mb(replica.process.pid)
            stop = threading.Event()
            # 128 connections from 8 addresses: more than the connection cap, within the per-address limit
            attackers = [threading.Thread(target=flood, args=(replica.port, f"127.0.0.{2 + i % 8}", stop),
                                          daemon=True) for i in range(128)]
            for thread in attackers:
                thread.start()
            peak = before
            ends = time.monotonic() + 8
            while time.monotonic() < ends:
                peak = max(peak, rss_mb(replica.process.pid))
                time.sleep(0.1)
            body = json.dumps(message_event("no links here")).encode()
            with socket.create_connection(("127.0.0.1", replica.port), timeout=10) as sock:
                sock.sendall(post("/slack/events", body, signed(body)))
                answer = sock.recv(100)
            stop.set()
            for thread in attackers:
                thread.join(10)
            assert replica.alive(), replica.output()
            print(f"header flood: RSS {before:.0f} MB before, {peak:.0f} MB at most during")
        finally:
            replica.stop()
    assert answer.startswith(b"HTTP/1.0 200") or answer.startswith(b"HTTP/1.1 200"), answer
    assert peak < 150, f"RSS went from {before:.0f} MB to {peak:.0f} MB"
    assert peak - before < 40, f"RSS went from {before:.0f} MB to {peak:.0f} MB"
    assert "Traceback" not in replica.output()


def test_trickling_clients_do_not_crowd_out_signed_deliveries(tmp_path: Path) -> None:
    stop = threading.Event()
    with serving(tmp_path) as server:
        # 66 trickling sockets from 6 addresses (11 each, within the per-address limit): more than the cap of 64
        attackers = [threading.Thread(target=trickle, args=(server.port, f"127.0.0.{2 + i % 6}", stop), daemon=True)
                     for i in range(66)]
        for thread in attackers:
            thread.start()
        try:
            time.sleep(1)
            statuses = []
            for i in range(16):  # signed deliveries, one every half second for 8 s, alongside
                body = json.dumps(message_event(f"no links here {i}")).encode()
                statuses.append(server.request(post("/slack/events", body, signed(body)))[0])
                time.sleep(0.5)
        finally:
            stop.set()
            for thread in attackers:
                thread.join(10)
    assert statuses == [200] * 16
