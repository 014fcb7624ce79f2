"""GET /healthz: is the database usable, and is the work being done? (docs/operations-slack.md)

200 when every check passes, 503 naming the failed check otherwise; the body is JSON either way, e.g.
`{"status": "failing", "failed": ["database"], "checks": {"database": "failing: OperationalError ...",
"work": "ok"}}`. The database check is one `SELECT 1` on the store's engine with a short timeout, never
the store's retry loop, so a load balancer gets its answer in well under a second. The work check asks a
callable: the supervised work process alive, or the in-process runner's thread alive; None means the work
runs elsewhere (another replica), reported as "elsewhere" and not failed.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.store import Store, StoreError

log = logging.getLogger(__name__)
DB_TIMEOUT_SECONDS = 2.0
WorkAlive = Callable[[], bool | None]


@dataclass
class Health:
    checks: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_json(self) -> bytes:
        return json.dumps({"status": "ok" if self.ok else "failing", "failed": self.failed,
                           "checks": self.checks}).encode()


def check_database(store: Store, timeout: float = DB_TIMEOUT_SECONDS) -> str | None:
    """None when `SELECT 1` answers within `timeout`; otherwise why not (no password, no traceback)."""
    outcome: list[str | None] = []

    def probe() -> None:
        try:
            if store.db.dialect == "sqlite":  # one shared connection, behind the store's lock
                store.db.run(lambda c: c.exec_driver_sql("SELECT 1"), read_only=True)
            else:  # the pool (pre-ping), not the store's retry loop
                with store.db.engine.connect() as connection:
                    connection.exec_driver_sql("SELECT 1")
            outcome.append(None)
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
            password = store.db.url.password
            reason = reason.replace(str(password), "***") if password else reason
            outcome.append(f"{type(exc).__name__}: {reason[:200]}")
        except (SQLAlchemyError, OSError, StoreError) as exc:
            outcome.append(type(exc).__name__)

    thread = threading.Thread(target=probe, name="newsbot-health", daemon=True)
    thread.start()
    thread.join(timeout)
    if not outcome:
        return f"no answer within {timeout:g} s"
    return outcome[0]


def check(store: Store, work_alive: WorkAlive | None = None) -> Health:
    health = Health()
    problem = check_database(store)
    health.checks["database"] = "ok" if problem is None else f"failing: {problem}"
    if problem is not None:
        health.failed.append("database")
    alive = work_alive() if work_alive is not None else None
    health.checks["work"] = "elsewhere" if alive is None else ("ok" if alive else "failing: the work process is not running")
    if alive is False:
        health.failed.append("work")
    return health


def health_app(store: Store, work_alive: WorkAlive | None = None) -> Callable[..., Iterable[bytes]]:
    """WSGI app for GET/HEAD /healthz."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        health = check(store, work_alive)
        if not health.ok:
            log.warning("healthz: failing %s", ", ".join(f"{n} ({health.checks[n]})" for n in health.failed))
        body = health.as_json()
        start_response("200 OK" if health.ok else "503 Service Unavailable",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                        ("Cache-Control", "no-store")])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    return application


def operations_app(store: Store, work_alive: WorkAlive | None = None) -> Callable[..., Iterable[bytes]]:
    """GET /healthz and GET /metrics as one WSGI app (Socket Mode serves it on NEWSBOT_METRICS_PORT)."""
    from bot.observability.metrics import metrics_app

    health = health_app(store, work_alive)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        app = {"/healthz": health, "/metrics": metrics_app}.get(path)
        if app is None or method not in ("GET", "HEAD"):
            status = "404 Not Found" if app is None else "405 Method Not Allowed"
            start_response(status, [("Content-Type", "text/plain"), ("Content-Length", "0")])
            return [b""]
        return app(environ, start_response)

    return application


class _QuietHandler(WSGIRequestHandler):
    timeout = 5.0  # an idle scraper connection is closed, not held

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("operations: " + format, *args)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128


def serve_operations(store: Store, work_alive: WorkAlive | None, host: str, port: int) -> WSGIServer:
    """The /healthz + /metrics server, started in a daemon thread (Socket Mode has no HTTP server of its own)."""
    server = make_server(host, port, operations_app(store, work_alive), server_class=_Server,
                         handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="newsbot-operations",
                     daemon=True).start()
    return server
