"""The job table is the queue: claimed once across replicas, leased while running, retried at run-after times.

PostgreSQL claims with `FOR UPDATE SKIP LOCKED` (replicas never wait on each other's rows) and sends a
NOTIFY on every new job; SQLite claims inside `BEGIN IMMEDIATE` (one writer at a time). A running job holds a
lease that its runner renews; if the runner dies, the lease runs out and any replica takes the job over (its
attempt counter keeps counting, so the attempt limit holds).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, text, update

from bot.observability import metrics
from bot.store.engine import Database, insert_for
from bot.store.schema import jobs

NOTIFY_CHANNEL = "newsbot_jobs"
_COLUMNS = (jobs.c.id, jobs.c.kind, jobs.c.payload, jobs.c.status, jobs.c.attempts, jobs.c.created)


@dataclass(frozen=True)
class Job:
    id: str
    kind: str
    payload: dict[str, Any]
    status: str
    attempts: int


def _job(row: Any) -> Job:
    return Job(row[0], row[1], json.loads(row[2]), row[3], row[4])


class JobTable:
    db: Database

    def add_job(self, kind: str, payload: dict[str, Any], delay_seconds: float = 0.0,
                job_id: str | None = None) -> Job:
        """Store a job (runnable after delay_seconds) and wake the runners. With a `job_id` of the caller's
        making, adding the same job twice (a retried step that schedules the next one) stores it once."""
        job = Job(job_id or uuid.uuid4().hex, kind, payload, "pending", 0)
        now = time.time()
        stmt = insert_for(self.db.dialect)(jobs).values(
            id=job.id, kind=kind, payload=json.dumps(payload), status="pending", created=now, updated=now,
            run_after=now + delay_seconds).on_conflict_do_nothing()

        def do(connection: Connection) -> None:
            connection.execute(stmt)
            if self.db.dialect == "postgresql":  # delivered at commit, to every replica's listener
                connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})

        self.db.run(do)
        metrics.count(lambda m: m.jobs_queued, kind)
        return job

    def claim_jobs(self, limit: int, holder: str = "", lease_seconds: float = 300.0) -> list[Job]:
        """Take up to `limit` runnable jobs, oldest first: pending ones due now, or running ones whose lease
        ran out. Marks them running under our lease and counts the attempt."""
        if limit <= 0:
            return []
        now = time.time()
        ready = or_(and_(jobs.c.status == "pending", jobs.c.run_after <= now),
                    and_(jobs.c.status == "running", jobs.c.locked_until < now))
        chosen = (select(jobs.c.id).where(ready).order_by(jobs.c.created).limit(limit)
                  .with_for_update(skip_locked=True).scalar_subquery())
        stmt = (update(jobs).where(jobs.c.id.in_(chosen))
                .values(status="running", attempts=jobs.c.attempts + 1, updated=now, locked_by=holder,
                        locked_until=now + lease_seconds).returning(*_COLUMNS))
        rows = self.db.run(lambda c: c.execute(stmt).fetchall())
        return [_job(r) for r in sorted(rows, key=lambda r: r[5])]

    def extend_leases(self, job_ids: list[str], holder: str, lease_seconds: float) -> int:
        """Renew the leases of the jobs this runner is still working on."""
        if not job_ids:
            return 0
        stmt = (update(jobs).where(jobs.c.id.in_(job_ids), jobs.c.locked_by == holder, jobs.c.status == "running")
                .values(locked_until=time.time() + lease_seconds).returning(jobs.c.id))
        return self.db.run(lambda c: len(c.execute(stmt).fetchall()))

    def retry_job(self, job_id: str, delay_seconds: float) -> None:
        """Put a job back to run again later (e.g. Slack was down when it tried to post)."""
        now = time.time()
        self.db.run(lambda c: c.execute(update(jobs).where(jobs.c.id == job_id).values(
            status="pending", run_after=now + delay_seconds, updated=now, locked_by="", locked_until=0.0)))

    def requeue_running(self) -> int:
        """Running work is pending again (its attempt stays counted). Only for a store with one runner
        (SQLite after a restart); with replicas, leases decide when a job is abandoned."""
        now = time.time()
        stmt = update(jobs).where(jobs.c.status == "running").values(
            status="pending", updated=now, locked_by="", locked_until=0.0).returning(jobs.c.id)
        return self.db.run(lambda c: len(c.execute(stmt).fetchall()))

    def requeue_orphans(self, gone: Callable[[str], bool]) -> int:
        """Running jobs whose holder is known to be dead (gone(holder)) are pending again, without waiting for
        their leases: a restarted process on the same machine resumes its predecessor's work at once."""
        holders = self.db.run(lambda c: c.execute(
            select(jobs.c.locked_by).where(jobs.c.status == "running").distinct()).scalars().all(), read_only=True)
        dead = [h for h in holders if gone(h)]
        if not dead:
            return 0
        now = time.time()
        stmt = update(jobs).where(jobs.c.status == "running", jobs.c.locked_by.in_(dead)).values(
            status="pending", updated=now, locked_by="", locked_until=0.0).returning(jobs.c.id)
        return self.db.run(lambda c: len(c.execute(stmt).fetchall()))

    def finish_job(self, job_id: str) -> None:
        self.db.run(lambda c: c.execute(delete(jobs).where(jobs.c.id == job_id)))

    def unfinished_jobs(self) -> list[Job]:
        """Work acked and never finished, oldest first."""
        rows = self.db.run(lambda c: c.execute(select(*_COLUMNS).order_by(jobs.c.created)).fetchall(),
                           read_only=True)
        return [_job(r) for r in rows]
