"""The fetch deadline bounds everything from connect to the last byte, whatever the server sends; and the
odd but real encodings and hosts servers use. Each server here is a raw loopback socket writing bytes."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections.abc import Iterator

import pytest

from bot.reading import Reader
from bot.reading.errors import FetchFailed, FetchTimeout
from bot.reading.fetch import Fetcher
from bot.settings import Settings
from fakes.articles import article_html
from fakes.raw_server import RawServer, trickle

DEADLINE = 2.0
MARGIN = 2.0  # generous: this is a bound, not a speed target


@pytest.fixture
def fast_settings() -> Settings:
    return Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1,::1", NEWSBOT_FETCH_TIMEOUT=DEADLINE,
                    NEWSBOT_CONNECT_TIMEOUT=1)


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def _headers(extra: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n{extra}".encode()


def _fast_then_trickle(fast: bytes, slow: bytes, stop: threading.Event):
    def script(conn: socket.socket) -> None:
        conn.sendall(fast)
        trickle(slow, 0.2, stop)(conn)
    return script


@pytest.mark.parametrize("part", ["status line", "headers", "chunk size line", "body"])
def test_a_trickling_server_is_cut_off_at_the_deadline(fast_settings: Settings, stop: threading.Event,
                                                       part: str) -> None:
    # Each byte arrives well inside any per-read timeout; only an overall deadline stops it.
    scripts = {
        "status line": (b"", b"HTTP/1.1 200 OK\r\n" + b" " * 200),
        "headers": (_headers(), b"X-Padding: " + b"a" * 200),
        "chunk size line": (_headers("Transfer-Encoding: chunked\r\n\r\n"), b"0" * 200),
        "body": (_headers("\r\n"), b"<p>" + b"a" * 200),
    }
    fast, slow = scripts[part]
    with RawServer(_fast_then_trickle(fast, slow, stop)) as server:
        started = time.monotonic()
        with pytest.raises(FetchTimeout, match="longer than"):
            Fetcher(fast_settings).fetch(server.url("/slow"))
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + MARGIN, f"{part}: held {elapsed:.1f} s with a {DEADLINE} s deadline"


def test_a_flood_of_100_continue_is_refused_at_once(fast_settings: Settings, stop: threading.Event) -> None:
    sent = [0]

    def flood(conn: socket.socket) -> None:
        while not stop.is_set():
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n" * 100)
            sent[0] += 100

    with RawServer(flood) as server:
        cpu = time.process_time()
        with pytest.raises(FetchFailed, match="interim"):
            Fetcher(fast_settings).fetch(server.url("/flood"))
    # Refused after a handful of interim replies, not by spinning through the flood until the deadline.
    assert time.process_time() - cpu < DEADLINE


def _serve_body(body: bytes, encoding: str):
    def script(conn: socket.socket) -> None:
        conn.sendall(_headers(f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n") + body)
    return script


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize("name, encoding, encode", [
    ("raw deflate", "deflate", _raw_deflate),
    ("zlib deflate", "deflate", zlib.compress),
    ("gzip under deflate", "deflate", gzip.compress),
    ("multi-member gzip", "gzip", lambda d: gzip.compress(d[: len(d) // 2]) + gzip.compress(d[len(d) // 2:])),
])
def test_compressed_bodies_servers_really_send(fast_settings: Settings, name: str, encoding: str, encode) -> None:
    html = article_html()
    with RawServer(_serve_body(encode(html), encoding)) as server:
        page = Fetcher(fast_settings).fetch(server.url("/page"))
    assert page.body == html, name
    assert "Margaret Hale" in Reader(fast_settings).from_page(page).text


def test_the_host_header_of_an_ipv6_literal_is_bracketed(fast_settings: Settings) -> None:
    html = article_html()
    with RawServer(_serve_body(html, "identity"), host="::1") as server:
        Fetcher(fast_settings).fetch(server.url("/v6"))
        request = server.received[0].decode()
    assert f"\r\nHost: [::1]:{server.port}\r\n" in request


def test_a_trickled_tls_handshake_is_cut_off_at_the_deadline(fast_settings: Settings, stop: threading.Event) -> None:
    # A TLS record header announcing 16 KB, then its body one byte at a time: the handshake never completes.
    with RawServer(trickle(b"\x16\x03\x03\x40\x00" + b"\x00" * 200, 0.2, stop)) as server:
        started = time.monotonic()
        with pytest.raises(FetchTimeout):
            Fetcher(fast_settings).fetch(f"https://127.0.0.1:{server.port}/")
        elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + MARGIN
