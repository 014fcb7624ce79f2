"""The tables, as SQLAlchemy Core objects for building queries (created and changed only by migrations.py)."""

from __future__ import annotations

from sqlalchemy import Column, Double, Integer, MetaData, Table, Text

metadata = MetaData()

dedupe = Table(
    "dedupe", metadata,
    Column("key", Text, primary_key=True),
    Column("expires", Double, nullable=False),
    Column("owner", Text, nullable=False, server_default=""),  # who claimed it: a retried claim knows it won
)

# scope: "" for public pages; the workspace for pages reached through NEWSBOT_ALLOW_PRIVATE_HOSTS
analysis_cache = Table(
    "analysis_cache", metadata,
    Column("scope", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("analysis", Text, nullable=False),
    Column("created", Double, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("channel", Text, primary_key=True),
    Column("thread_ts", Text, primary_key=True),
    Column("url", Text, nullable=False),
    Column("history", Text, nullable=False, server_default="[]"),
    Column("updated", Double, nullable=False),
    Column("team", Text, nullable=False, server_default=""),  # the workspace the thread's reply came from
    Column("enterprise", Text, nullable=False, server_default=""),
)

jobs = Table(
    "jobs", metadata,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", Text, nullable=False),  # pending | running
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created", Double, nullable=False),
    Column("updated", Double, nullable=False),
    Column("run_after", Double, nullable=False, server_default="0"),
    Column("locked_by", Text, nullable=False, server_default=""),
    Column("locked_until", Double, nullable=False, server_default="0"),  # the lease of a running job
)

# singleton work across replicas (periodic purge, single flight per URL): whoever holds an unexpired row
leases = Table(
    "leases", metadata,
    Column("name", Text, primary_key=True),
    Column("holder", Text, nullable=False),
    Column("expires", Double, nullable=False),
)

# correction watches (bot/store/watches.py): one row per watched URL, and the threads to tell
watches = Table(
    "watches", metadata,
    Column("scope", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("baseline", Text, nullable=False),  # the ledger last reported (or first read), as JSON
    Column("text_hash", Text, nullable=False),
    Column("step", Integer, nullable=False),  # re-reads done so far
    Column("replies", Integer, nullable=False),  # changes reported so far
    Column("active", Integer, nullable=False),
    Column("created", Double, nullable=False),
    Column("updated", Double, nullable=False),
)

watch_threads = Table(
    "watch_threads", metadata,
    Column("scope", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("channel", Text, primary_key=True),
    Column("thread_ts", Text, primary_key=True),
    Column("team", Text, nullable=False),
    Column("enterprise", Text, nullable=False),
)

# the analyses the bot posted, with the ledger as posted (the dashboard and feedback read these)
replies = Table(
    "replies", metadata,
    Column("id", Text, primary_key=True),
    Column("team", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("thread_ts", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("prompt_version", Text, nullable=False),
    Column("analysis", Text, nullable=False),
    Column("posted", Double, nullable=False),
    Column("enterprise", Text, nullable=False, server_default=""),
)

feedback = Table(
    "feedback", metadata,
    Column("reply_id", Text, primary_key=True),
    Column("user", Text, primary_key=True),
    Column("team", Text, nullable=False),
    Column("rating", Text, nullable=False),  # up | down
    Column("claim_number", Integer, nullable=True),
    Column("reason", Text, nullable=True),
    Column("text", Text, nullable=False),
    Column("updated", Double, nullable=False),
)

# Home tab viewers (bot/store/home_viewers.py): who opened it, when their tab was last pushed, and the channels
# they were in when it was last published (refreshed by every publish, which reads them anyway)
home_viewers = Table(
    "home_viewers", metadata,
    Column("team", Text, primary_key=True),
    Column("user", Text, primary_key=True),
    Column("enterprise", Text, nullable=False, server_default=""),
    Column("opened", Double, nullable=False),
    Column("pushed", Double, nullable=False, server_default="0"),
)

home_channels = Table(
    "home_channels", metadata,
    Column("team", Text, primary_key=True),
    Column("channel", Text, primary_key=True),
    Column("user", Text, primary_key=True),
)
