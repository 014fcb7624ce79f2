"""Wake-ups for runners on PostgreSQL: LISTEN on a dedicated connection (pooled ones cannot listen).

Polling stays the fallback: if the connection drops (server restart, a proxy that does not pass LISTEN),
this reconnects with back-off and the runner still finds its jobs on its next poll.
"""

from __future__ import annotations

import logging
import threading

import psycopg

from bot.store.engine import Database
from bot.store.jobs import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class JobNotices:
    def __init__(self, db: Database, wakeup: threading.Event) -> None:
        self._conninfo = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._wakeup = wakeup
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsbot-listen", daemon=True)

    def start(self) -> JobNotices:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        pause = 0.5
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    pause = 0.5
                    self._wakeup.set()  # anything queued while we were not listening
                    while not self._stop.is_set():
                        for _notice in connection.notifies(timeout=1.0):
                            self._wakeup.set()
            except psycopg.Error as exc:
                log.warning("job notifications lost (%s); polling until reconnected", type(exc).__name__)
                self._stop.wait(pause)
                pause = min(pause * 2, 10.0)
