"""The Store: every piece of state the bot keeps, over one database (SQLite file or PostgreSQL).

Everything a restart or a second replica must see lives here: dedupe keys, the analysis cache, thread
sessions, the job queue and leases, the replies posted and the Home tab's viewers. Opening a Store connects once (a wrong URL fails at start-up, naming
NEWSBOT_DATABASE_URL) and migrates the schema to the current version.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.cache import AnalysisCache
from bot.store.dedupe import DedupeKeys
from bot.settings import Settings, SettingsError
from bot.store.engine import Database, StoreError
from bot.store.home_viewers import HomeViewers
from bot.store.jobs import JobTable
from bot.store.leases import Leases
from bot.store.migrations import migrate
from bot.store.sessions import ThreadSessions
from bot.store.replies import RepliesAndFeedback
from bot.store.watches import Watches


class Store(DedupeKeys, AnalysisCache, ThreadSessions, JobTable, Leases, Watches, RepliesAndFeedback, HomeViewers):
    def __init__(self, url: str | Path, retry_seconds: float = 15.0, pool_size: int = 10,
                 setting: str | None = None) -> None:
        self.db = Database(url, retry_seconds=retry_seconds, pool_size=pool_size, setting=setting)
        try:
            self.db.check()
            migrate(self.db)
        except BaseException:
            self.db.close()
            raise

    @property
    def shared(self) -> bool:
        """True when several processes/replicas may claim jobs (PostgreSQL): leases, not restarts, decide."""
        return self.db.dialect == "postgresql"

    def close(self) -> None:
        self.db.close()


def open_store(settings: Settings) -> Store:
    """The store named by NEWSBOT_DATABASE_URL (or NEWSBOT_DB); a bad URL is a SettingsError naming it."""
    try:
        # up to 2 x 10 pooled connections per process (operations are short; threads queue for one) + LISTEN
        return Store(settings.store_url, retry_seconds=settings.db_retry_seconds, pool_size=10,
                     setting="NEWSBOT_DATABASE_URL" if settings.database_url else "NEWSBOT_DB")
    except StoreError as exc:
        raise SettingsError(str(exc)) from None
