"""Dedupe keys with expiry: the first claimant of a key wins, on every replica sharing the database."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import Connection, delete, select

from bot.store.engine import Database, insert_for
from bot.store.schema import dedupe


class DedupeKeys:
    db: Database

    def claim(self, key: str, ttl_seconds: float) -> bool:
        """Record key if it is new (or expired); True only for the first caller. Atomic.

        Each claim carries an owner token: when the commit went through but the connection dropped before
        the answer and the transaction is retried, the retry sees its own token and still wins.
        """
        now, owner = time.time(), uuid.uuid4().hex
        insert = insert_for(self.db.dialect)

        def do(connection: Connection) -> bool:
            stmt = insert(dedupe).values(key=key, expires=now + ttl_seconds, owner=owner)
            stmt = stmt.on_conflict_do_update(
                index_elements=[dedupe.c.key], set_={"expires": stmt.excluded.expires, "owner": stmt.excluded.owner},
                where=dedupe.c.expires < now).returning(dedupe.c.key)  # rowcount is unreliable for INSERT
            if connection.execute(stmt).first() is not None:
                return True
            return connection.execute(select(dedupe.c.owner).where(dedupe.c.key == key)).scalar() == owner

        return self.db.run(do)

    def release(self, key: str) -> None:
        """Forget a key, so that a later delivery of the same work is not mistaken for a duplicate."""
        self.db.run(lambda c: c.execute(delete(dedupe).where(dedupe.c.key == key)))

    def purge_expired(self) -> int:
        now = time.time()
        stmt = delete(dedupe).where(dedupe.c.expires < now).returning(dedupe.c.key)
        return self.db.run(lambda c: len(c.execute(stmt).fetchall()))
