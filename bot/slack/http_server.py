"""HTTP mode: a small threaded server in front of Bolt's WSGI adapter.

Anyone on the internet can reach this port, so nothing is read or parsed before it looks like a signed Slack
request: method and path from a routing table, a required and capped Content-Length, a numeric and fresh
`X-Slack-Request-Timestamp` and a well-formed `X-Slack-Signature` are checked on the headers alone; then at
most the cap is read (within a deadline) and the signature verified; only then does Bolt see the body.
A refusal is a 4xx and one log line, never a traceback. Idle or half-sent connections time out, and the
number of handler threads is capped (above it, a 503 at once).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import deadline
from bot.observability.metrics import metrics_app
from bot.slack.health import health_app

if TYPE_CHECKING:
    from bot.slack.app import NewsBot

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024  # Slack's event and command payloads are a few KB
MAX_HANDLERS = 64  # concurrent connections being served; above, a 503 without reading
IDLE_SECONDS = 5.0  # longest wait for the next bytes of a request
REQUEST_SECONDS = 10.0  # longest time to receive a whole request (line, headers, body)
TIMESTAMP_WINDOW = 300  # Slack's rule: refuse requests signed more than five minutes away from now
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_BODY_BYTES
    max_handlers: int = MAX_HANDLERS
    idle_seconds: float = IDLE_SECONDS
    request_seconds: float = REQUEST_SECONDS


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


def routes(bot: NewsBot) -> dict[str, Route]:
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
    if not length.isdigit():
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


def _plain(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


class BoundedThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread per connection, at most `max_handlers` at once; the rest get a 503 and are closed."""

    daemon_threads = True
    request_queue_size = 256  # socketserver's default of 5 drops connections in a burst; Slack then retries
    max_handlers = MAX_HANDLERS

    def server_activate(self) -> None:
        super().server_activate()
        self._slots = threading.BoundedSemaphore(self.max_handlers)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            log.warning("http: %d connections in hand; refused one from %s with 503", self.max_handlers,
                        client_address[0])
            _refuse_busy(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def _refuse_busy(sock: socket.socket) -> None:
    try:
        sock.settimeout(0.5)
        sock.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nRetry-After: 1\r\n"
                     b"Connection: close\r\n\r\nbusy")
    except OSError:
        pass


class DeadlineHandler(WSGIRequestHandler):
    """Reads the request within `request_seconds` overall and `idle_seconds` per wait; a timeout is one line."""

    timeout = IDLE_SECONDS
    request_seconds = REQUEST_SECONDS

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self.rfile = deadline.reader(self.connection, time.monotonic() + self.request_seconds, idle=self.timeout)

    def handle(self) -> None:
        try:
            super().handle()
        except (TimeoutError, ConnectionError) as exc:
            log.info("http: connection from %s dropped: %s", self.client_address[0], type(exc).__name__)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("http: " + format, *args)


def http_server(bot: NewsBot, host: str = "0.0.0.0", port: int = 3000,
                table: Mapping[str, Route] | None = None, limits: Limits = Limits()) -> WSGIServer:
    """The hardened HTTP server for POST /slack/events and GET /healthz (put it behind your load balancer)."""
    app = gateway(table if table is not None else routes(bot), bot.signing_secret, limits.max_body)
    server_class = type("NewsbotHTTPServer", (BoundedThreadingServer,), {"max_handlers": limits.max_handlers})
    handler_class = type("NewsbotHTTPHandler", (DeadlineHandler,),
                         {"timeout": limits.idle_seconds, "request_seconds": limits.request_seconds})
    return make_server(host, port, app, server_class=server_class, handler_class=handler_class)


def start_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread
