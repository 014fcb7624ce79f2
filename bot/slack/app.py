"""The Bolt app: a thin shell that wires the core (pipeline, store, worker) to Slack.

`newsbot serve` runs it in Socket Mode when SLACK_APP_TOKEN is set (no public URL: the newsroom default),
or as an HTTP app on POST /slack/events with `--http` (signatures checked with SLACK_SIGNING_SECRET).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler,
                                                   ServerErrorRetryHandler)

from bot.pipeline import Pipeline
from bot.settings import Settings, SettingsError
from bot.slack import listeners
from bot.slack.middleware import dedupe_deliveries
from bot.slack.work import Worker
from bot.storage import Store

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"


@dataclass
class NewsBot:
    app: App
    worker: Worker
    store: Store
    client: WebClient


def web_client(settings: Settings) -> WebClient:
    """One client for everything, with Slack's retry handlers: connection resets, 429 (Retry-After), 5xx."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(token=token, timeout=30, retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ], **kwargs)


def build(settings: Settings, http_mode: bool = False, store: Store | None = None,
          pipeline: Pipeline | None = None) -> NewsBot:
    require(settings, http_mode)
    store = store or Store(settings.db_path)
    client = web_client(settings)
    signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(client=client, signing_secret=signing_secret, process_before_response=False,
              raise_error_for_unhandled_request=False)
    worker = Worker(settings, client, pipeline or Pipeline(settings, store), store)
    app.middleware(dedupe_deliveries(store, settings.dedupe_ttl_hours * 3600))
    listeners.register(app, settings, store, worker)
    return NewsBot(app=app, worker=worker, store=store, client=client)


def require(settings: Settings, http_mode: bool) -> None:
    """Refuse to start without what the chosen mode needs, naming the missing setting."""
    missing = []
    if settings.slack_bot_token is None:
        missing.append("SLACK_BOT_TOKEN")
    if http_mode and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET (needed for --http)")
    if not http_mode and settings.slack_app_token is None:
        missing.append("SLACK_APP_TOKEN (needed for Socket Mode; or use --http)")
    if missing:
        raise SettingsError("missing settings: " + ", ".join(missing))
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if not token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN: must be a bot token (starts with xoxb-)")
    if not http_mode and settings.slack_app_token and not settings.slack_app_token.get_secret_value().startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN: must be an app-level token (starts with xapp-)")


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("http: " + format, *args)


def http_server(bot: NewsBot, host: str = "0.0.0.0", port: int = 3000) -> WSGIServer:
    """A threaded WSGI server for POST /slack/events (stdlib; put it behind your load balancer)."""
    handler = SlackRequestHandler(bot.app)

    def application(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        if environ.get("PATH_INFO") != EVENTS_PATH:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        return handler(environ, start_response)

    return make_server(host, port, application, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)


def serve(settings: Settings, http_mode: bool, host: str = "0.0.0.0") -> None:
    bot = build(settings, http_mode)
    bot.worker.resume()
    if http_mode:
        server = http_server(bot, host, settings.http_port)
        log.warning("newsbot listening on http://%s:%d%s", host, settings.http_port, EVENTS_PATH)
        try:
            server.serve_forever()
        finally:
            server.server_close()
            bot.worker.shutdown()
    else:
        assert settings.slack_app_token is not None
        handler = SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())
        log.warning("newsbot connecting to Slack in Socket Mode")
        try:
            handler.start()
        finally:
            bot.worker.shutdown()


def start_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return thread
