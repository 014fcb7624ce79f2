"""The bot's state in SQLite: dedupe keys, the analysis cache, thread sessions and pending work.

One connection, one lock: SQLite serialises writes anyway, and every operation here is a few rows, so a
lock is simpler and faster than a pool. WAL mode keeps reads cheap and survives a crash mid-write.
Everything a restart must not lose lives here: re-deliveries after a restart are still deduped, old
threads still take follow-ups, and acked-but-unfinished work is found and finished.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.analysis.followup import Turn
from bot.analysis.models import Analysis

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS dedupe_expires ON dedupe (expires);
CREATE TABLE IF NOT EXISTS analyses (url TEXT PRIMARY KEY, analysis TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    channel TEXT NOT NULL, thread_ts TEXT NOT NULL, url TEXT NOT NULL, history TEXT NOT NULL DEFAULT '[]',
    updated REAL NOT NULL, PRIMARY KEY (channel, thread_ts));
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL, updated REAL NOT NULL,
    run_after REAL NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status);
"""


_LOCK_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class Session:
    channel: str
    thread_ts: str
    url: str
    history: list[Turn]


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    payload: dict[str, Any]
    status: str
    attempts: int


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # timeout=0: no SQLite busy handler. Its back-off sleeps in steps of up to 100 ms, which showed up
        # as 80 ms acks when the work process held the write lock; `_execute` retries in sub-millisecond steps.
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=0)
        self._lock = threading.Lock()
        with self._lock:
            self._execute("PRAGMA journal_mode=WAL")
            self._execute("PRAGMA synchronous=NORMAL")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._execute(statement)

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Execute, retrying while another process holds the write lock (callers hold self._lock)."""
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        pause = 0.0002
        while True:
            try:
                return self._db.execute(sql, params)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.005)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- dedupe ------------------------------------------------------------------------------------
    def claim(self, key: str, ttl_seconds: float) -> bool:
        """Record key if it is new (or expired); True only for the first caller. Atomic."""
        now = time.time()
        with self._lock:  # one statement, one transaction: new key, or an expired one taken over
            cursor = self._execute(
                "INSERT INTO dedupe (key, expires) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE dedupe.expires < ?",
                (key, now + ttl_seconds, now))
            return cursor.rowcount == 1

    def release(self, key: str) -> None:
        """Forget a key, so that a later delivery of the same work is not mistaken for a duplicate."""
        with self._lock:
            self._execute("DELETE FROM dedupe WHERE key = ?", (key,))

    def purge_expired(self) -> int:
        with self._lock:
            return self._execute("DELETE FROM dedupe WHERE expires < ?", (time.time(),)).rowcount

    # --- analysis cache ----------------------------------------------------------------------------
    def cached_analysis(self, url: str, max_age_seconds: float) -> Analysis | None:
        with self._lock:
            row = self._execute("SELECT analysis, created FROM analyses WHERE url = ?", (url,)).fetchone()
        if row is None or time.time() - row[1] > max_age_seconds:
            return None
        return Analysis.model_validate_json(row[0])

    def any_analysis(self, url: str) -> Analysis | None:
        """The cached analysis whatever its age: an old thread's follow-ups still need their article."""
        with self._lock:
            row = self._execute("SELECT analysis FROM analyses WHERE url = ?", (url,)).fetchone()
        return Analysis.model_validate_json(row[0]) if row else None

    def save_analysis(self, url: str, analysis: Analysis) -> None:
        with self._lock:
            self._execute("INSERT OR REPLACE INTO analyses (url, analysis, created) VALUES (?, ?, ?)",
                             (url, analysis.model_dump_json(), time.time()))

    def save_analysis_if_absent(self, url: str, analysis: Analysis) -> None:
        """Keep a stand-in (e.g. the offline fallback) for follow-ups without marking it fresh for the cache."""
        with self._lock:
            self._execute("INSERT OR IGNORE INTO analyses (url, analysis, created) VALUES (?, ?, 0)",
                             (url, analysis.model_dump_json()))

    # --- thread sessions ---------------------------------------------------------------------------
    def open_session(self, channel: str, thread_ts: str, url: str) -> None:
        with self._lock:
            self._execute(
                "INSERT INTO sessions (channel, thread_ts, url, history, updated) VALUES (?, ?, ?, '[]', ?) "
                "ON CONFLICT (channel, thread_ts) DO UPDATE SET url = excluded.url, updated = excluded.updated",
                (channel, thread_ts, url, time.time()))

    def session(self, channel: str, thread_ts: str) -> Session | None:
        with self._lock:
            row = self._execute("SELECT url, history FROM sessions WHERE channel = ? AND thread_ts = ?",
                                   (channel, thread_ts)).fetchone()
        if row is None:
            return None
        return Session(channel, thread_ts, row[0], [Turn.model_validate(t) for t in json.loads(row[1])])

    def add_turn(self, channel: str, thread_ts: str, turn: Turn, keep: int = 20) -> None:
        with self._lock:
            row = self._execute("SELECT history FROM sessions WHERE channel = ? AND thread_ts = ?",
                                   (channel, thread_ts)).fetchone()
            if row is None:
                return
            history = (json.loads(row[0]) + [turn.model_dump()])[-keep:]
            self._execute("UPDATE sessions SET history = ?, updated = ? WHERE channel = ? AND thread_ts = ?",
                             (json.dumps(history), time.time(), channel, thread_ts))

    # --- pending work ------------------------------------------------------------------------------
    def add_job(self, kind: str, payload: dict[str, Any]) -> Job:
        job = Job(uuid.uuid4().hex, kind, payload, "pending", 0)
        now = time.time()
        with self._lock:
            self._execute("INSERT INTO jobs (id, kind, payload, status, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                             (job.id, kind, json.dumps(payload), "pending", now, now))
        return job

    def claim_jobs(self, limit: int) -> list[Job]:
        """Take up to `limit` pending jobs, oldest first, marking them running and counting the attempt."""
        if limit <= 0:
            return []
        with self._lock:
            rows = self._execute(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, updated = ? WHERE id IN "
                "(SELECT id FROM jobs WHERE status = 'pending' AND run_after <= ? ORDER BY created LIMIT ?) "
                "RETURNING id, kind, payload, status, attempts, created", (time.time(), time.time(), limit)).fetchall()
        rows.sort(key=lambda r: r[5])
        return [Job(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    def retry_job(self, job_id: str, delay_seconds: float) -> None:
        """Put a job back to run again later (e.g. Slack was down when it tried to post)."""
        with self._lock:
            self._execute("UPDATE jobs SET status = 'pending', run_after = ?, updated = ? WHERE id = ?",
                          (time.time() + delay_seconds, time.time(), job_id))

    def requeue_running(self) -> int:
        """After a crash or restart, work that was running is pending again (its attempt stays counted)."""
        with self._lock:
            return self._execute("UPDATE jobs SET status = 'pending', updated = ? WHERE status = 'running'",
                                    (time.time(),)).rowcount

    def finish_job(self, job_id: str) -> None:
        with self._lock:
            self._execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def unfinished_jobs(self) -> list[Job]:
        """Work acked before a crash or restart and never finished, oldest first."""
        with self._lock:
            rows = self._execute(
                "SELECT id, kind, payload, status, attempts FROM jobs ORDER BY created").fetchall()
        return [Job(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]
