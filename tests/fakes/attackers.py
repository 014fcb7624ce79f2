"""The HTTP attacks of hardening round three, as client loops the tests and bench/http_attacks.py share: each runs
until `stop` is set, reconnecting whenever the server lets go."""

from __future__ import annotations

import socket
import threading

FLOOD_LINE = b"X-Flood: " + b"a" * 65_000 + b"\r\n"  # 99 of these per request, never finished
_REQUEST_HEAD = b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"


def flood(port: int, address: str, stop: threading.Event, hold: float = 5.0) -> None:
    """A request line, then 99 huge header lines, never the end; the connection held `hold` seconds."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2, source_address=(address, 0)) as sock:
                sock.sendall(_REQUEST_HEAD)
                for _ in range(99):
                    if stop.is_set():
                        return
                    sock.sendall(FLOOD_LINE)
                stop.wait(hold)
        except OSError:
            stop.wait(0.05)


def trickle(port: int, address: str, stop: threading.Event, timeout: float = 2.0) -> None:
    """A byte every 3 s."""
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(address, 0)) as sock:
                for byte in _REQUEST_HEAD + b"Content-Length: 10\r\n\r\n":
                    sock.sendall(bytes([byte]))
                    if stop.wait(3):
                        return
        except OSError:
            stop.wait(0.05)
