"""Thread sessions: which article a thread is about, and its follow-up turns."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from bot.analysis.followup import Turn
from bot.store.engine import Database, insert_for
from bot.store.schema import sessions


@dataclass(frozen=True)
class Session:
    channel: str
    thread_ts: str
    url: str
    history: list[Turn]
    team: str = ""  # the workspace (and enterprise) whose reply opened the thread
    enterprise: str = ""


class ThreadSessions:
    db: Database

    def open_session(self, channel: str, thread_ts: str, url: str, team: str = "", enterprise: str = "") -> None:
        stmt = insert_for(self.db.dialect)(sessions).values(channel=channel, thread_ts=thread_ts, url=url,
                                                            history="[]", updated=time.time(), team=team,
                                                            enterprise=enterprise)
        stmt = stmt.on_conflict_do_update(index_elements=[sessions.c.channel, sessions.c.thread_ts],
                                          set_={"url": stmt.excluded.url, "updated": stmt.excluded.updated,
                                                "team": stmt.excluded.team, "enterprise": stmt.excluded.enterprise})
        self.db.run(lambda c: c.execute(stmt))

    def session(self, channel: str, thread_ts: str) -> Session | None:
        query = select(sessions.c.url, sessions.c.history, sessions.c.team, sessions.c.enterprise).where(sessions.c.channel == channel,
                                                                 sessions.c.thread_ts == thread_ts)
        row = self.db.run(lambda c: c.execute(query).first(), read_only=True)
        if row is None:
            return None
        return Session(channel, thread_ts, row[0], [Turn.model_validate(t) for t in json.loads(row[1])], row[2], row[3])

    def add_turn(self, channel: str, thread_ts: str, turn: Turn, keep: int = 20) -> None:
        where = (sessions.c.channel == channel, sessions.c.thread_ts == thread_ts)

        def do(connection: Connection) -> None:  # row locked: two replicas adding turns do not lose one
            row = connection.execute(select(sessions.c.history).where(*where).with_for_update()).first()
            if row is None:
                return
            history = (json.loads(row[0]) + [turn.model_dump()])[-keep:]
            connection.execute(update(sessions).where(*where).values(history=json.dumps(history), updated=time.time()))

        self.db.run(do)
