#!/usr/bin/env python3
"""Issue 22's attacks on the HTTP server, against ours or (for comparison) waitress serving the same gateway.

Usage:
  python bench/http_attacks.py flood   --server ours --connections 128 --seconds 10
  python bench/http_attacks.py trickle --server ours --connections 66 --seconds 12
  python bench/http_attacks.py trickle --server waitress --connections 150 --seconds 12   # needs waitress
  python bench/http_attacks.py trickle --server ours --connections 150 --addresses 1 --per-address 0  # as behind a proxy
  python bench/http_attacks.py lengths --server ours

The server runs in a child process with the gateway of bot/slack/http_server.py in front of a stand-in for
Bolt (a 200 for every request that passes the checks), so the figures are the server's own. Attackers connect
from several loopback addresses (127.0.0.2 ...), signed deliveries from 127.0.0.1, all on this machine.
Reports the child's RSS (from /proc) before and at its peak, and the status of every signed delivery sent
during the attack (0 = no answer within 10 s).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fakes.attackers import flood, trickle  # noqa: E402  (the tests' attackers: one definition of each attack)
SECRET = "bench-signing-secret"


def serve(kind: str, port: int, per_address: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bot.slack.http_server import EVENTS_PATH, Limits, Route, _health, gateway, http_server

    def bolt(environ: dict, start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    table = {EVENTS_PATH: Route(frozenset({"POST"}), bolt, signed=True),
             "/healthz": Route(frozenset({"GET"}), _health)}
    if kind == "waitress":
        import waitress

        # waitress's defaults, but for the header and body caps set as ours
        server = waitress.create_server(gateway(table, SECRET), host="127.0.0.1", port=port,
                                        max_request_header_size=16 * 1024, max_request_body_size=1024 * 1024)
        server.run()
    else:
        class Stub:
            app = None
            signing_secret = SECRET

        limits = Limits(per_address=per_address)
        http_server(Stub(), "127.0.0.1", port, table=table, limits=limits).serve_forever()  # type: ignore[arg-type]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def signed_request() -> bytes:
    body = json.dumps({"type": "event_callback", "event": {"type": "message", "text": "hi"}}).encode()
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    head = (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Slack-Request-Timestamp: {timestamp}\r\n"
            f"X-Slack-Signature: {signature}\r\nConnection: close\r\n\r\n")
    return head.encode() + body


def status_of(port: int, raw: bytes, address: str = "127.0.0.1") -> int:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0)) as sock:
            sock.sendall(raw)
            answer = sock.recv(64)
        return int(answer.split(b" ", 2)[1]) if answer else 0
    except (OSError, ValueError, IndexError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("attack", choices=["flood", "trickle", "lengths", "serve"])
    parser.add_argument("--server", choices=["ours", "waitress"], default="ours")
    parser.add_argument("--connections", type=int, default=128)
    parser.add_argument("--addresses", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--per-address", type=int, default=16, help="ours: NEWSBOT_HTTP_PER_ADDRESS (0 = none)")
    args = parser.parse_args()
    if args.attack == "serve":
        serve(args.server, args.port, args.per_address)
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    child = subprocess.Popen([sys.executable, __file__, "serve", "--server", args.server, "--port", str(port),
                              "--per-address", str(args.per_address)], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if status_of(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") == 200:
                break
            time.sleep(0.1)
        before = rss_mb(child.pid)
        if args.attack == "lengths":
            for length in ["\u00b2", "\u00b9\u00b2", "9" * 5000]:
                raw = (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: " + length.encode("latin-1")
                       + b"\r\n\r\n{}")
                print(f"Content-Length {length[:12]!r}{'...' if len(length) > 12 else ''}: {status_of(port, raw)}")
            return
        stop = threading.Event()
        target = (lambda port, address, stop: flood(port, address, stop, hold=30)) if args.attack == "flood" else \
            (lambda port, address, stop: trickle(port, address, stop, timeout=4))
        attackers = [threading.Thread(target=target, args=(port, f"127.0.0.{2 + i % args.addresses}", stop),
                                      daemon=True) for i in range(args.connections)]
        for thread in attackers:
            thread.start()
        peak, statuses, slowest = before, Counter(), 0.0
        ends = time.monotonic() + args.seconds
        time.sleep(1)
        while time.monotonic() < ends:
            started = time.monotonic()
            statuses[status_of(port, signed_request())] += 1
            slowest = max(slowest, time.monotonic() - started)
            peak = max(peak, rss_mb(child.pid))
            time.sleep(0.25)
        stop.set()
        print(f"{args.server}, {args.attack} x {args.connections} from {args.addresses} addresses, "
              f"{args.seconds:.0f} s: RSS {before:.0f} MB before, {peak:.0f} MB peak; signed deliveries "
              f"{dict(statuses)} (slowest {slowest:.2f} s)")
    finally:
        child.terminate()
        child.wait(10)


if __name__ == "__main__":
    main()
