"""Named leases: work only one replica may do at a time (periodic purge, reading one URL), on either backend.

A lease expires by itself, so a replica that dies holding one blocks the others only until then.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator

from sqlalchemy import delete, or_

from bot.store.engine import Database, insert_for
from bot.store.schema import leases

log = logging.getLogger(__name__)


class Leases:
    db: Database

    def try_lease(self, name: str, holder: str, ttl_seconds: float) -> bool:
        """Take or renew the lease if it is free, expired or already ours; True if we hold it now."""
        now = time.time()
        stmt = insert_for(self.db.dialect)(leases).values(name=name, holder=holder, expires=now + ttl_seconds)
        stmt = stmt.on_conflict_do_update(index_elements=[leases.c.name],
                                          set_={"holder": stmt.excluded.holder, "expires": stmt.excluded.expires},
                                          where=or_(leases.c.expires < now, leases.c.holder == holder))
        stmt = stmt.returning(leases.c.name)  # rowcount is not reliable for INSERT on every driver
        return self.db.run(lambda c: c.execute(stmt).first() is not None)

    def release_lease(self, name: str, holder: str) -> None:
        self.db.run(lambda c: c.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder)))

    @contextlib.contextmanager
    def hold(self, name: str, holder: str, ttl_seconds: float, wait_seconds: float) -> Iterator[bool]:
        """Wait (up to wait_seconds) for the lease and yield whether we got it; while held, it is renewed
        every ttl/3, so a short ttl covers long work and a holder that dies blocks others for ttl at most."""
        deadline = time.monotonic() + wait_seconds
        pause = 0.02
        while not (held := self.try_lease(name, holder, ttl_seconds)) and time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, 0.5)
        done = threading.Event()
        renewer = threading.Thread(target=self._renew, args=(name, holder, ttl_seconds, done), daemon=True,
                                   name="newsbot-lease")
        if held:
            renewer.start()
        try:
            yield held
        finally:
            if held:
                done.set()
                renewer.join()
                self.release_lease(name, holder)

    def _renew(self, name: str, holder: str, ttl_seconds: float, done: threading.Event) -> None:
        while not done.wait(ttl_seconds / 3):
            try:
                self.try_lease(name, holder, ttl_seconds)
            except Exception:  # noqa: BLE001 - the database is away: the lease may lapse, the work goes on
                log.warning("could not renew lease %s", name)
