"""Schema versions, applied in order at start-up: a `schema_version` row and a list of steps, never by hand.

Step 1 is the schema SQLite files had before versioning (so an existing `newsbot.sqlite3` is adopted as it is);
each later step moves one version on. Steps are plain SQL both SQLite and PostgreSQL accept. Replicas starting
together take turns: PostgreSQL through an advisory lock, SQLite through its write lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, text

from bot.store.engine import Database

log = logging.getLogger(__name__)
_MIGRATION_LOCK = 746_372_001  # pg_advisory_xact_lock key: one migrator at a time

_V1_LEGACY = [
    "CREATE TABLE IF NOT EXISTS dedupe (key TEXT PRIMARY KEY, expires DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS dedupe_expires ON dedupe (expires)",
    "CREATE TABLE IF NOT EXISTS analyses (url TEXT PRIMARY KEY, analysis TEXT NOT NULL, "
    "created DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sessions (channel TEXT NOT NULL, thread_ts TEXT NOT NULL, url TEXT NOT NULL, "
    "history TEXT NOT NULL DEFAULT '[]', updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (channel, thread_ts))",
    "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, "
    "status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created DOUBLE PRECISION NOT NULL, "
    "updated DOUBLE PRECISION NOT NULL, run_after DOUBLE PRECISION NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS jobs_status ON jobs (status)",
]

_V2_REPLICAS = [
    "ALTER TABLE dedupe ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE jobs ADD COLUMN locked_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE jobs ADD COLUMN locked_until DOUBLE PRECISION NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (status, run_after)",
    # the cache gains a scope (per-workspace for private pages): rebuilt, as SQLite cannot change a key
    "CREATE TABLE analysis_cache (scope TEXT NOT NULL DEFAULT '', url TEXT NOT NULL, analysis TEXT NOT NULL, "
    "created DOUBLE PRECISION NOT NULL, PRIMARY KEY (scope, url))",
    "INSERT INTO analysis_cache (scope, url, analysis, created) SELECT '', url, analysis, created FROM analyses",
    "DROP TABLE analyses",
    "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL)",
]


def _slack_oauth_tables(connection: Connection) -> None:
    """Bolt's installation and OAuth-state tables (slack_sdk's own definitions), for multi-workspace installs."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    SQLAlchemyInstallationStore(client_id="", engine=connection.engine).metadata.create_all(connection)
    SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=connection.engine).metadata.create_all(connection)


_V4_WATCHES = [
    "CREATE TABLE watches (scope TEXT NOT NULL, url TEXT NOT NULL, baseline TEXT NOT NULL, text_hash TEXT NOT NULL, "
    "step INTEGER NOT NULL, replies INTEGER NOT NULL, active INTEGER NOT NULL, created DOUBLE PRECISION NOT NULL, "
    "updated DOUBLE PRECISION NOT NULL, PRIMARY KEY (scope, url))",
    "CREATE TABLE watch_threads (scope TEXT NOT NULL, url TEXT NOT NULL, channel TEXT NOT NULL, "
    "thread_ts TEXT NOT NULL, team TEXT NOT NULL, enterprise TEXT NOT NULL, "
    "PRIMARY KEY (scope, url, channel, thread_ts))",
]

_V5_REPLIES_AND_FEEDBACK = [
    "CREATE TABLE replies (id TEXT PRIMARY KEY, team TEXT NOT NULL, channel TEXT NOT NULL, thread_ts TEXT NOT NULL, "
    "url TEXT NOT NULL, prompt_version TEXT NOT NULL, analysis TEXT NOT NULL, posted DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX replies_posted ON replies (posted)",
    'CREATE TABLE feedback (reply_id TEXT NOT NULL, "user" TEXT NOT NULL, team TEXT NOT NULL, rating TEXT NOT NULL, '
    "claim_number INTEGER, reason TEXT, text TEXT NOT NULL, updated DOUBLE PRECISION NOT NULL, "
    'PRIMARY KEY (reply_id, "user"))',
]

_V6_OWNERS = [  # the workspace a thread session and a reply belong to (issue 22: workspaces kept apart)
    "ALTER TABLE sessions ADD COLUMN team TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sessions ADD COLUMN enterprise TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE replies ADD COLUMN enterprise TEXT NOT NULL DEFAULT ''",
]

_V7_HOME_VIEWERS = [  # issue 21: the Home tab pushed to those who opened it, in the channels they share
    'CREATE TABLE home_viewers (team TEXT NOT NULL, "user" TEXT NOT NULL, enterprise TEXT NOT NULL DEFAULT \'\', '
    "opened DOUBLE PRECISION NOT NULL, pushed DOUBLE PRECISION NOT NULL DEFAULT 0, "
    'PRIMARY KEY (team, "user"))',
    'CREATE TABLE home_channels (team TEXT NOT NULL, "user" TEXT NOT NULL, channel TEXT NOT NULL, '
    'PRIMARY KEY (team, channel, "user"))',
]

Step = Sequence[str] | Callable[[Connection], None]
STEPS: list[Step] = [_V1_LEGACY, _V2_REPLICAS, _slack_oauth_tables, _V4_WATCHES, _V5_REPLIES_AND_FEEDBACK, _V6_OWNERS,
                     _V7_HOME_VIEWERS]
LATEST = len(STEPS)


def migrate(db: Database) -> int:
    """Bring the schema to LATEST; returns the version found before (0 for a new database)."""

    def apply(connection: Connection) -> int:
        if db.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = connection.exec_driver_sql("SELECT version FROM schema_version").first()
        found = row[0] if row else 0
        if found > LATEST:
            raise RuntimeError(f"the database is at schema version {found}, newer than this code ({LATEST})")
        for version in range(found + 1, LATEST + 1):
            step = STEPS[version - 1]
            if callable(step):
                step(connection)
            else:
                for statement in step:
                    connection.exec_driver_sql(statement)
            log.info("database schema migrated to version %d", version)
        if row is None:
            connection.exec_driver_sql(f"INSERT INTO schema_version (version) VALUES ({LATEST})")
        elif found != LATEST:
            connection.exec_driver_sql(f"UPDATE schema_version SET version = {LATEST}")
        return found

    return db.run(apply)
