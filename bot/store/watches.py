"""Correction watches: one row per watched URL (its baseline ledger and where it is in its schedule), and
the threads that asked for it. However many threads share a URL, it is re-read once per step."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from bot.analysis.models import Analysis
from bot.store.engine import Database, insert_for
from bot.store.schema import watch_threads, watches


@dataclass(frozen=True)
class Watch:
    scope: str
    url: str
    baseline: Analysis
    text_hash: str
    step: int
    replies: int
    active: bool


@dataclass(frozen=True)
class WatchedThread:
    team: str
    enterprise: str
    channel: str
    thread_ts: str


class Watches:
    db: Database

    def start_watch(self, scope: str, url: str, baseline: Analysis, text_hash: str, thread: WatchedThread) -> bool:
        """Watch url for this thread; True when the URL was not watched before (its first re-read is due)."""
        now = time.time()
        add_watch = insert_for(self.db.dialect)(watches).values(
            scope=scope, url=url, baseline=baseline.model_dump_json(), text_hash=text_hash, step=0, replies=0,
            active=1, created=now, updated=now).on_conflict_do_nothing().returning(watches.c.url)
        add_thread = insert_for(self.db.dialect)(watch_threads).values(
            scope=scope, url=url, team=thread.team, enterprise=thread.enterprise, channel=thread.channel,
            thread_ts=thread.thread_ts).on_conflict_do_nothing()

        def do(connection: Connection) -> bool:
            created = connection.execute(add_watch).first() is not None  # rowcount is -1 on psycopg
            connection.execute(add_thread)
            return created

        return self.db.run(do)

    def watch(self, scope: str, url: str) -> Watch | None:
        query = select(watches.c.baseline, watches.c.text_hash, watches.c.step, watches.c.replies,
                       watches.c.active).where(watches.c.scope == scope, watches.c.url == url)
        row = self.db.run(lambda c: c.execute(query).first(), read_only=True)
        if row is None:
            return None
        return Watch(scope, url, Analysis.model_validate_json(row[0]), row[1], row[2], row[3], bool(row[4]))

    def watched_threads(self, scope: str, url: str) -> list[WatchedThread]:
        query = (select(watch_threads.c.team, watch_threads.c.enterprise, watch_threads.c.channel,
                        watch_threads.c.thread_ts)
                 .where(watch_threads.c.scope == scope, watch_threads.c.url == url)
                 .order_by(watch_threads.c.channel, watch_threads.c.thread_ts))
        rows = self.db.run(lambda c: c.execute(query).fetchall(), read_only=True)
        return [WatchedThread(*row) for row in rows]

    def advance_watch(self, scope: str, url: str, from_step: int, baseline: Analysis, text_hash: str,
                      replies: int, active: bool) -> bool:
        """Record one re-read; only the runner that did step `from_step` moves it on (a retried job is a no-op)."""
        stmt = (update(watches).where(watches.c.scope == scope, watches.c.url == url, watches.c.step == from_step)
                .values(baseline=baseline.model_dump_json(), text_hash=text_hash, step=from_step + 1, replies=replies,
                        active=int(active), updated=time.time()).returning(watches.c.step))
        return self.db.run(lambda c: c.execute(stmt).first() is not None)
