"""HTTP mode: a small threaded server in front of Bolt's WSGI adapter.

Anyone on the internet can reach this port, so nothing is read or parsed before it looks like a signed Slack
request: method and path from a routing table, a required and capped Content-Length, a numeric and fresh
`X-Slack-Request-Timestamp` and a well-formed `X-Slack-Signature` are checked on the headers alone; then at
most the cap is read (within a deadline) and the signature verified; only then does Bolt see the body.
A refusal is a 4xx and one log line, never a traceback.

What one client can hold is bounded: the request line and headers together get `max_header_bytes` (a 431
past it, so at most `max_handlers * max_header_bytes` of headers are ever held across connections) and must
arrive within `header_seconds`; the body within `request_seconds`; each wait within `idle_seconds`. At most
`max_handlers` connections are served at once and at most `per_address` from one address. When every slot is
taken, the oldest connection whose headers are still incomplete is dropped to make room, so slow or
incomplete requests cannot crowd out ones that arrive whole; only when every slot holds a whole request is
the newcomer answered 503 at once. docs/http-server.md says what belongs in front of it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import deadline
from bot.observability.metrics import metrics_app
from bot.slack.health import health_app
from bot.store import Store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024  # Slack's event and command payloads are a few KB
MAX_HANDLERS = 64  # concurrent connections being served; above, a 503 without reading
IDLE_SECONDS = 5.0  # longest wait for the next bytes of a request
REQUEST_SECONDS = 10.0  # longest time to receive a whole request (line, headers, body)
HEADER_SECONDS = 2.0  # longest time to receive the request line and headers (Slack sends them in one go)
MAX_HEADER_BYTES = 16 * 1024  # request line and headers; Slack's need a few KB
PER_ADDRESS = 16  # connections from one address; 0 = no limit (behind a proxy every client shares its address)
_LENGTH = re.compile(r"[0-9]{1,15}")  # ASCII digits only: str.isdigit() also accepts "²", which int() refuses
TIMESTAMP_WINDOW = 300  # Slack's rule: refuse requests signed more than five minutes away from now
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_BODY_BYTES
    max_handlers: int = MAX_HANDLERS
    idle_seconds: float = IDLE_SECONDS
    request_seconds: float = REQUEST_SECONDS
    header_seconds: float = HEADER_SECONDS
    max_header_bytes: int = MAX_HEADER_BYTES
    per_address: int = PER_ADDRESS


@dataclass(frozen=True)
class Route:
    methods: frozenset[str]
    app: WSGIApp
    signed: bool = False  # a Slack-signed POST: headers, size and signature checked before `app` runs


class Refused(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Acking(Protocol):
    """What the server needs of the bot (bot.slack.app.NewsBot); this module does not import the app."""

    app: App
    signing_secret: str
    store: Store  # issue 21 item 5: /healthz checks the database

    def work_status(self) -> bool | None: ...  # issue 21 item 5: /healthz reports the work's liveness


def routes(bot: Acking) -> dict[str, Route]:
    """The routing table, path -> Route. OAuth routes (GET, unsigned, Bolt's handler) are added here."""
    bolt = SlackRequestHandler(bot.app, path=EVENTS_PATH)
    table = {
        EVENTS_PATH: Route(frozenset({"POST"}), bolt, signed=True),
        # issue 21 item 5 (re-wire onto the new server): /healthz and /metrics are plain WSGI apps
        "/healthz": Route(frozenset({"GET", "HEAD"}), health_app(bot.store, bot.work_status)),
        "/metrics": Route(frozenset({"GET", "HEAD"}), metrics_app),
    }
    flow = bot.app.oauth_flow
    if flow is not None:  # multi-workspace install: Bolt checks the state (single-use, in the database)
        table[flow.install_path] = Route(frozenset({"GET"}), bolt)
        table[flow.redirect_uri_path] = Route(frozenset({"GET"}), bolt)
    return table


def gateway(table: Mapping[str, Route], signing_secret: str, max_body: int = MAX_BODY_BYTES) -> WSGIApp:
    """The WSGI application: route, check, then hand over to the route's app."""
    secret = signing_secret.encode()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
        try:
            route = table.get(path)
            if route is None:
                raise Refused("404 Not Found", "no such path")
            if method not in route.methods:
                raise Refused("405 Method Not Allowed", f"method {method[:10]!r} not allowed")
            length = environ.get("CONTENT_LENGTH") or ""
            if length and not _LENGTH.fullmatch(length):  # on every route: Bolt's OAuth pages int() it too
                raise Refused("400 Bad Request", f"malformed Content-Length {length[:20]!r}")
            if route.signed:
                body = _signed_body(environ, secret, max_body)
                environ["wsgi.input"] = io.BytesIO(body)
                environ["CONTENT_LENGTH"] = str(len(body))
        except Refused as refusal:
            log.warning("http: refused %s %s from %s: %s (%s)", method[:10], path[:100],
                        environ.get("REMOTE_ADDR", "?"), refusal.status[:3], refusal.reason)
            return _plain(start_response, refusal.status, refusal.status[4:].lower())
        try:
            return route.app(environ, start_response)
        except Exception as exc:  # a signed request Bolt could not handle: one line, not a traceback
            log.error("http: %s %s failed: %s", method, path, type(exc).__name__)
            return _plain(start_response, "500 Internal Server Error", "error")

    return application


def _signed_body(environ: dict[str, Any], secret: bytes, max_body: int) -> bytes:
    """The request body, read only once the headers pass and within the cap; Refused otherwise."""
    length = environ.get("CONTENT_LENGTH") or ""
    if not length:
        raise Refused("411 Length Required", "no Content-Length")
    if int(length) > max_body:
        raise Refused("413 Content Too Large", f"body of {length[:20]} bytes is over the cap")
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        raise Refused("401 Unauthorized", "missing or non-numeric timestamp")
    if abs(time.time() - int(timestamp)) > TIMESTAMP_WINDOW:
        raise Refused("401 Unauthorized", "stale timestamp")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not _SIGNATURE.fullmatch(signature):
        raise Refused("401 Unauthorized", "missing or malformed signature")
    try:
        body = environ["wsgi.input"].read(int(length))
    except (TimeoutError, OSError):
        raise Refused("408 Request Timeout", "body not received in time") from None
    if len(body) != int(length):
        raise Refused("400 Bad Request", "body shorter than its Content-Length")
    expected = "v0=" + hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused("401 Unauthorized", "bad signature")
    try:
        text = body.decode("utf-8")
        if "json" in environ.get("CONTENT_TYPE", "").lower():
            json.loads(text)
    except UnicodeDecodeError:
        raise Refused("400 Bad Request", "body is not UTF-8") from None
    except ValueError:
        raise Refused("400 Bad Request", "body is not JSON") from None
    return body


def _health(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """A bare liveness answer (for tables without a store; the app's /healthz is bot/slack/health.py)."""
    return _plain(start_response, "200 OK", "ok")


def _plain(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


@dataclass
class _Connection:
    address: str
    whole: bool = False  # the request line and headers have arrived


class BoundedThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread per connection, at most `max_handlers` at once and `per_address` from one address; when full,
    the oldest connection with incomplete headers is dropped for the newcomer, else the newcomer gets a 503."""

    daemon_threads = True
    request_queue_size = 256  # socketserver's default of 5 drops connections in a burst; Slack then retries
    limits = Limits()

    def server_activate(self) -> None:
        super().server_activate()
        self._lock = threading.Lock()
        self._open: dict[socket.socket, _Connection] = {}  # in arrival order: the oldest first

    def process_request(self, request: Any, client_address: Any) -> None:
        address = str(client_address[0])
        with self._lock:
            refusal, dropped = self._admit(request, address)
        if dropped is not None:
            log.warning("http: %d connections in hand; dropped the oldest incomplete one (from %s) for one from %s",
                        self.limits.max_handlers, dropped, address)
        if refusal:
            log.warning("http: refused a connection from %s with 503: %s", address, refusal)
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._forget(request)
            raise

    def _admit(self, request: socket.socket, address: str) -> tuple[str, str | None]:
        """Under the lock: ("", dropped address or None) to serve it, or (reason, None) to refuse it."""
        per_address = self.limits.per_address
        if per_address and sum(c.address == address for c in self._open.values()) >= per_address:
            return f"{per_address} connections from that address in hand", None
        dropped = None
        if len(self._open) >= self.limits.max_handlers:
            oldest = next((sock for sock, c in self._open.items() if not c.whole), None)
            if oldest is None:
                return f"{self.limits.max_handlers} whole requests in hand", None
            dropped = self._open.pop(oldest).address
            _drop(oldest)
        self._open[request] = _Connection(address)
        return "", dropped

    def headers_received(self, request: socket.socket) -> None:
        with self._lock:
            if request in self._open:
                self._open[request].whole = True

    def _forget(self, request: socket.socket) -> None:
        with self._lock:
            self._open.pop(request, None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed outside the handler (say, closed under it at shutdown): one line."""
        log.warning("http: connection from %s failed: %s", client_address[0], sys.exc_info()[0].__name__)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._forget(request)


def _drop(sock: socket.socket) -> None:
    """Ends a connection another thread is reading: its recv returns at once with nothing."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _refuse_busy(sock: socket.socket) -> None:
    try:
        sock.settimeout(0.5)
        sock.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nRetry-After: 1\r\n"
                     b"Connection: close\r\n\r\nbusy")
    except OSError:
        pass


def _linger(sock: socket.socket, most: int = 256 * 1024, seconds: float = 0.5) -> None:
    """Half-closes, then discards a little of what the client is still sending: closing with unread bytes
    would reset the connection and could destroy the answer before the client reads it."""
    sock.shutdown(socket.SHUT_WR)
    sock.settimeout(seconds)
    ends = time.monotonic() + seconds
    while most > 0 and time.monotonic() < ends:
        chunk = sock.recv(min(most, 65536))
        if not chunk:
            return
        most -= len(chunk)


class HeadersTooLarge(Exception):
    """The request line and headers went past their byte budget."""


class _HeaderBudget:
    """The request stream, whose readline (the request line and headers) stops at a byte budget."""

    def __init__(self, stream: io.BufferedReader, budget: int) -> None:
        self._stream = stream
        self.left: int | None = budget  # None once the headers are in: the body is bounded by Content-Length

    def readline(self, limit: int | None = -1) -> bytes:
        if self.left is None:
            return self._stream.readline(limit)
        if self.left <= 0:
            raise HeadersTooLarge
        cap = self.left if limit is None or limit < 0 else min(limit, self.left)
        line = self._stream.readline(cap)
        self.left -= len(line)
        if self.left <= 0 and not line.endswith(b"\n"):
            raise HeadersTooLarge
        return line

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class DeadlineHandler(WSGIRequestHandler):
    """Reads the headers within `header_seconds` and `max_header_bytes`, the whole request within
    `request_seconds`, each wait within `idle_seconds`; a timeout or an overflow is one line."""

    limits = Limits()
    server: BoundedThreadingServer

    def setup(self) -> None:
        self.timeout = self.limits.idle_seconds
        super().setup()
        self.rfile.close()
        self._started = time.monotonic()
        header_deadline = self._started + min(self.limits.header_seconds, self.limits.request_seconds)
        self._stream = deadline.reader(self.connection, header_deadline, idle=self.limits.idle_seconds)
        self._budget = _HeaderBudget(self._stream, self.limits.max_header_bytes)
        self.rfile = self._budget  # type: ignore[assignment]

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self._budget.left = None
        self._stream.raw.deadline = self._started + self.limits.request_seconds  # type: ignore[attr-defined]
        self.server.headers_received(self.connection)
        return True

    def handle(self) -> None:
        try:
            super().handle()
        except HeadersTooLarge:
            log.warning("http: refused a request from %s: 431 (headers over %d bytes)", self.client_address[0],
                        self.limits.max_header_bytes)
            self.close_connection = True
            try:
                self.wfile.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                self.wfile.flush()
                _linger(self.connection)
            except OSError:
                pass
        except (TimeoutError, ConnectionError) as exc:
            log.info("http: connection from %s dropped: %s", self.client_address[0], type(exc).__name__)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("http: " + format, *args)


def http_server(bot: Acking, host: str = "0.0.0.0", port: int = 3000,
                table: Mapping[str, Route] | None = None, limits: Limits = Limits()) -> WSGIServer:
    """The hardened HTTP server for POST /slack/events and GET /healthz (see docs/http-server.md)."""
    app = gateway(table if table is not None else routes(bot), bot.signing_secret, limits.max_body)
    server_class = type("NewsbotHTTPServer", (BoundedThreadingServer,), {"limits": limits})
    handler_class = type("NewsbotHTTPHandler", (DeadlineHandler,), {"limits": limits})
    return make_server(host, port, app, server_class=server_class, handler_class=handler_class)


def start_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread
