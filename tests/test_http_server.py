"""HTTP mode under hostile clients: nothing unsigned is read past its headers, slow clients time out, threads
are capped; each refusal is a 4xx and one log line, never a traceback."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from typing import Any
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.slack.app import build
from bot.slack.http_server import Limits, Route, _health, http_server, start_in_thread
from fakes.slack_api import FakeSlack
from fakes.slack_events import message_event, sign
from slack_harness import SECRET, settings_for


@dataclass
class Server:
    port: int

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return sock

    def request(self, raw: bytes) -> tuple[int, bytes]:
        with self.connect() as sock:
            sock.sendall(raw)
            return _status(_read_all(sock))


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _status(response: bytes) -> tuple[int, bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@contextmanager
def running(server: Any) -> Iterator[Server]:
    """The server in a thread for the test, shut down after it."""
    start_in_thread(server)
    try:
        yield Server(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving(tmp_path: Path, limits: Limits = Limits()) -> Iterator[Server]:
    with FakeSlack() as slack:
        bot = build(settings_for(slack, tmp_path / "db.sqlite3", None), http_mode=True, run_work=False)
        try:
            with running(http_server(bot, "127.0.0.1", 0, limits=limits)) as server:
                yield server
        finally:
            bot.close()


def post(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def signed(body: bytes) -> dict[str, str]:
    return {"Content-Length": str(len(body)), **sign(SECRET, body.decode())}


@pytest.fixture
def refusals(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="bot.slack.http_server")
    return caplog


def only_line(caplog: pytest.LogCaptureFixture) -> str:
    records = [r for r in caplog.records if r.name == "bot.slack.http_server"]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is None and "Traceback" not in caplog.text
    return records[0].getMessage()


def test_an_oversized_unsigned_body_is_refused_from_its_headers_alone(tmp_path: Path, refusals) -> None:
    with serving(tmp_path) as server, server.connect() as sock:
        sock.sendall(post("/slack/events", b"", {"Content-Length": str(200 * 1024 * 1024)}))
        # No byte of the 200 MB body is sent: the answer must come without it.
        status, _ = _status(_read_all(sock))
    assert status == 413
    assert "over the cap" in only_line(refusals)


@pytest.mark.parametrize("headers, status, reason", [
    ({}, 411, "Content-Length"),
    ({"Content-Length": "11", "X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=" + "0" * 64},
     401, "timestamp"),
    ({"Content-Length": "11", "X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=" + "0" * 64},
     401, "stale"),
    ({"Content-Length": "11", "X-Slack-Request-Timestamp": str(int(time.time()))}, 401, "signature"),
    ({"Content-Length": "11", "X-Slack-Request-Timestamp": str(int(time.time())),
      "X-Slack-Signature": "v0=" + "0" * 64}, 401, "bad signature"),
])
def test_malformed_or_unsigned_requests_get_a_4xx_and_one_log_line(tmp_path: Path, refusals, headers: dict,
                                                                  status: int, reason: str) -> None:
    with serving(tmp_path) as server:
        got, _ = server.request(post("/slack/events", b"{not json \xff", headers))
    assert got == status
    assert reason in only_line(refusals)


@pytest.mark.parametrize("length", ["²", "¹²", "9" * 5000, "-1", "1e3", "0x10"])
def test_a_malformed_content_length_is_a_400_and_one_log_line(tmp_path: Path, refusals, length: str) -> None:
    """`str.isdigit()` accepts superscript digits that `int()` rejects, and `int()` refuses 5,000 digits."""
    with serving(tmp_path) as server:
        got, _ = server.request(post("/slack/events", b"{}", {"Content-Length": length}))
    assert got == 400
    assert "malformed Content-Length" in only_line(refusals)


def test_signed_invalid_utf8_is_a_400_not_a_traceback(tmp_path: Path, refusals) -> None:
    body = b'{"type": "\xff"}'
    headers = {"Content-Length": str(len(body)),
               **sign(SECRET, body.decode("latin-1"))}  # signed over other bytes: refused as unsigned
    with serving(tmp_path) as server:
        assert server.request(post("/slack/events", body, headers))[0] == 401
    only_line(refusals)


def test_signed_bad_json_is_a_400_not_a_traceback(tmp_path: Path, refusals) -> None:
    body = b"{not json"
    with serving(tmp_path) as server:
        status, _ = server.request(post("/slack/events", body, signed(body)))
    assert status == 400
    assert "not JSON" in only_line(refusals)


def test_a_signed_event_still_gets_through(tmp_path: Path) -> None:
    body = json.dumps(message_event("no links here")).encode()
    with serving(tmp_path) as server:
        assert server.request(post("/slack/events", body, signed(body)))[0] == 200


@pytest.mark.parametrize("raw, status", [
    (b"GET /slack/events HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    (b"POST /admin HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 404),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200),
])
def test_routing_table(tmp_path: Path, raw: bytes, status: int) -> None:
    with serving(tmp_path) as server:
        assert server.request(raw)[0] == status


def test_idle_and_trickling_connections_are_closed_at_the_deadline(tmp_path: Path, refusals) -> None:
    limits = Limits(idle_seconds=0.5, request_seconds=1.5)
    with serving(tmp_path, limits) as server:
        with server.connect() as idle, server.connect() as trickle:
            idle.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")  # half-sent, then silence
            started = time.monotonic()
            closed_at: list[float] = []
            done = threading.Event()

            def dribble() -> None:  # one byte every 0.2 s: never idle long enough for the idle timeout
                try:
                    for byte in b"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100:
                        trickle.sendall(bytes([byte]))
                        time.sleep(0.2)
                except OSError:
                    pass
                done.set()

            threading.Thread(target=dribble, daemon=True).start()
            for sock in (idle, trickle):
                sock.settimeout(10)
                assert _read_all(sock) == b""  # the server closed it, answering nothing
                closed_at.append(time.monotonic() - started)
            done.wait(25)
    assert closed_at[0] < limits.idle_seconds + 2  # the idle one at its idle timeout
    assert closed_at[1] < limits.request_seconds + 2  # the trickling one at the request deadline
    assert "Traceback" not in refusals.text


class Stub:
    app = None
    signing_secret = SECRET


@contextmanager
def serving_table(table: dict[str, Route], limits: Limits) -> Iterator[Server]:
    with running(http_server(Stub(), "127.0.0.1", 0, table=table, limits=limits)) as server:  # type: ignore[arg-type]
        yield server


def connect_from(server: Server, address: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(address, 0))


def request_from(server: Server, address: str, raw: bytes) -> int:
    with connect_from(server, address) as sock:
        sock.sendall(raw)
        return _status(_read_all(sock))[0]


HEALTH = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"


def test_when_every_slot_holds_a_whole_request_a_newcomer_gets_a_503(tmp_path: Path) -> None:
    release = threading.Event()

    def slow(environ: dict, start_response) -> list[bytes]:
        release.wait(10)
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    limits = Limits(max_handlers=4, per_address=0)
    table = {"/slow": Route(frozenset({"GET"}), slow), "/healthz": Route(frozenset({"GET"}), _health)}
    with serving_table(table, limits) as server:
        held = [server.connect() for _ in range(limits.max_handlers)]
        try:
            for sock in held:
                sock.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")  # whole, and in hand
            time.sleep(0.3)
            before = threading.active_count()
            assert server.request(HEALTH)[0] == 503
            assert threading.active_count() <= before
        finally:
            release.set()
            for sock in held:
                sock.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the slots come back once the held requests are answered
            if server.request(HEALTH)[0] == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the server never recovered its handler slots")


def test_incomplete_requests_make_room_for_a_whole_one() -> None:
    limits = Limits(max_handlers=4, per_address=0)
    with serving_table({"/healthz": Route(frozenset({"GET"}), _health)}, limits) as server:
        held = [server.connect() for _ in range(limits.max_handlers)]
        try:
            for sock in held:
                sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # never finished
            time.sleep(0.3)
            assert server.request(HEALTH)[0] == 200
            held[0].settimeout(5)
            assert _read_all(held[0]) == b""  # the oldest incomplete one was dropped for it
        finally:
            for sock in held:
                sock.close()


def test_connections_from_one_address_are_capped() -> None:
    limits = Limits(max_handlers=8, per_address=2)
    with serving_table({"/healthz": Route(frozenset({"GET"}), _health)}, limits) as server:
        held = [connect_from(server, "127.0.0.1") for _ in range(limits.per_address)]
        try:
            for sock in held:
                sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # never finished
            time.sleep(0.3)
            assert request_from(server, "127.0.0.1", HEALTH) == 503
            assert request_from(server, "127.0.0.2", HEALTH) == 200
        finally:
            for sock in held:
                sock.close()


@pytest.mark.parametrize("request_line", ["POST /slack/events", "GET /healthz"])
@pytest.mark.parametrize("length", [b"\xb2", b"\xb9\xb2",  # "²" and "¹²" as HTTP's latin-1 reads them
                                    "\u00b2".encode(), "\u0661".encode(), b"9" * 5000, b"-1", b"1e3", b"0x10"])
def test_a_malformed_content_length_is_a_400_and_one_line(tmp_path: Path, refusals, length: bytes,
                                                          request_line: str) -> None:
    raw = request_line.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n{}"
    with serving(tmp_path) as server:
        assert server.request(raw)[0] == 400
    assert "malformed Content-Length" in only_line(refusals)


def test_headers_past_their_budget_are_a_431_and_one_line(tmp_path: Path, refusals) -> None:
    raw = b"POST /slack/events HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 65_000 + b"\r\n" * 2
    with serving(tmp_path) as server:
        assert server.request(raw)[0] == 431
    assert "431" in only_line(refusals)
