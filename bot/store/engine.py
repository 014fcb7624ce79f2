"""Connecting to the database named by NEWSBOT_DATABASE_URL, and running each unit of work in one transaction.

SQLite (the embedded default) gets one connection behind a lock, as before: SQLite serialises writes anyway,
and `BEGIN IMMEDIATE` plus sub-millisecond retries keeps acks fast while the work process writes. PostgreSQL
gets a pool with pre-ping, so a restarted server is reconnected to transparently. Both retry a transaction
that failed because the database was briefly unavailable (locked, restarting), for a bounded time.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)
T = TypeVar("T")
SETTING = "NEWSBOT_DATABASE_URL"
PATH_SETTING = "NEWSBOT_DB"  # the SQLite file, when no URL is set


def setting_for(value: str | Path) -> str:
    """The setting a database value came from: a URL is NEWSBOT_DATABASE_URL, a plain path NEWSBOT_DB."""
    return SETTING if "://" in str(value) else PATH_SETTING


class StoreError(RuntimeError):
    """The database cannot be used; the message names the setting and never the password."""


class Failures:
    """Counts of database failures by kind ("full", "unavailable") since the process started."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def add(self, kind: str) -> int:
        with self._lock:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            return self._counts[kind]

    def value(self, kind: str) -> int:
        with self._lock:
            return self._counts.get(kind, 0)


store_failures = Failures()
_FULL = ("database or disk is full", "no space left on device", "could not extend file")


def database_url(value: str | Path) -> URL:
    """A URL from a URL or a plain SQLite path; `postgres://` and `postgresql://` mean psycopg 3."""
    text = str(value)
    if "://" not in text:
        return URL.create("sqlite", database=text)
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise StoreError(f"{SETTING}: not a database URL (expected postgresql://… or sqlite:///…)") from None
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return url.set(drivername="sqlite")
    raise StoreError(f"{SETTING}: unsupported database {url.drivername!r} (use postgresql:// or sqlite:///)")


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


class Database:
    """An engine plus `run(fn)`: fn(connection) inside one transaction, retried while the database is away."""

    def __init__(self, url: str | Path, retry_seconds: float = 15.0, pool_size: int = 10,
                 setting: str | None = None) -> None:
        self.setting = setting or setting_for(url)  # named in every message about this database
        self.url = database_url(url)
        self.retry_seconds = retry_seconds
        self.dialect = "sqlite" if self.url.drivername == "sqlite" else "postgresql"
        self._lock: threading.Lock | None = None
        self._read_only = False
        self._side: Engine | None = None
        try:
            self.engine = self._sqlite_engine() if self.dialect == "sqlite" else self._postgres_engine(pool_size)
        except NoSuchModuleError:
            raise StoreError(f"{self.setting}: no driver for {self.url.drivername!r}") from None

    def _sqlite_engine(self) -> Engine:
        path = self.url.database or ":memory:"
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # timeout=0: no SQLite busy handler. Its back-off sleeps in steps of up to 100 ms, which showed up
        # as 80 ms acks when the work process held the write lock; `run` retries in sub-millisecond steps.
        engine = create_engine(self.url, poolclass=StaticPool,
                               connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 0})
        self._lock = threading.Lock()

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

        @event.listens_for(engine, "begin")
        def _begin(connection):  # type: ignore[no-untyped-def]
            # writers take the lock up front, so two processes never deadlock upgrading a read lock
            connection.exec_driver_sql("BEGIN" if self._read_only else "BEGIN IMMEDIATE")

        return engine

    def _postgres_engine(self, pool_size: int) -> Engine:
        return create_engine(self.url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size,
                             pool_timeout=30, connect_args={"connect_timeout": 5})

    def side_engine(self) -> Engine:
        """An engine for code that runs its own transactions (slack_sdk's OAuth stores). On PostgreSQL ours;
        on SQLite a separate pooled one with a busy timeout, as our single connection is guarded by our lock."""
        if self.dialect == "postgresql":
            return self.engine
        if self._side is None:
            self._side = create_engine(self.url, connect_args={"timeout": 10, "check_same_thread": False})
        return self._side

    def check(self) -> None:
        """Connect once at start-up, so a wrong URL fails now with a clear message, not at the first event."""
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("SELECT 1")
                return
            except DBAPIError as exc:
                # SQLite locked a moment by another process's write (the bot, while `feedback export` starts):
                # wait as `run` does, rather than fail a command that only reads
                if self.dialect == "sqlite" and self._transient(exc) and time.monotonic() < deadline:
                    time.sleep(0.005)
                    continue
                raise StoreError(f"{self.setting}: cannot use {shown(self.url)}: {self._reason(exc)}") from None

    def _reason(self, exc: DBAPIError) -> str:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        password = self.url.password
        return reason.replace(str(password), "***") if password else reason

    @contextlib.contextmanager
    def _guard(self, read_only: bool) -> Iterator[None]:
        if self._lock is None:
            yield
            return
        with self._lock:
            self._read_only = read_only
            yield

    def run(self, fn: Callable[[Connection], T], read_only: bool = False) -> T:
        """fn in one transaction; retried while SQLite is locked or PostgreSQL unreachable (then StoreError)."""
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.0002 if self.dialect == "sqlite" else 0.05
        while True:
            try:
                with self._guard(read_only), self.engine.begin() as connection:
                    return fn(connection)
            except DBAPIError as exc:
                if self._full(exc):  # one line for the caller to log, not SQLAlchemy's statement and traceback
                    count = store_failures.add("full")
                    raise StoreError(f"database full ({shown(self.url)}): {self._reason(exc)} "
                                     f"({count} failed writes so far)") from None
                if not self._transient(exc):
                    raise
                if time.monotonic() > deadline:
                    count = store_failures.add("unavailable")
                    raise StoreError(f"database unavailable ({shown(self.url)}): {self._reason(exc)} "
                                     f"({count} times so far)") from None
                if self.dialect == "postgresql":
                    log.warning("database unavailable (%s); retrying", self._reason(exc))
                time.sleep(pause)
                pause = min(pause * 2, 0.005 if self.dialect == "sqlite" else 1.0)

    def _full(self, exc: DBAPIError) -> bool:
        text = str(exc.orig).lower()
        return getattr(exc.orig, "sqlstate", None) == "53100" or any(sign in text for sign in _FULL)

    def _transient(self, exc: DBAPIError) -> bool:
        if self.dialect == "sqlite":
            text = str(exc.orig)
            return "locked" in text or "busy" in text
        return exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError))

    def close(self) -> None:
        self.engine.dispose()
        if self._side is not None:
            self._side.dispose()


def insert_for(dialect: str):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which has ON CONFLICT on both (same API, two classes)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
