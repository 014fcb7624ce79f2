"""Who has opened the Home tab, the channels they share with the bot, and when their tab was last pushed.

The Home tab is pushed (republished) to these viewers when an analysis is posted in one of their channels
(bot/slack/home_push.py). Their channels are the ones the last publish of their tab read with
users.conversations anyway, so knowing them costs no extra Slack call; a viewer who joins a channel is
counted in it from their next publish (the next time they open the tab, or the next push from another channel).
"""

from __future__ import annotations

import time

from sqlalchemy import Connection, delete, select, update

from bot.store.engine import Database, insert_for
from bot.store.schema import home_channels, home_viewers


class HomeViewers:
    db: Database

    def saw_home(self, team: str, enterprise: str, user: str, channels: set[str], opened: bool = True) -> None:
        """A publish of `user`'s tab: remember them (`opened`: they opened it themselves) and their channels."""
        now = time.time()
        upsert = insert_for(self.db.dialect)(home_viewers).values(team=team, user=user, enterprise=enterprise,
                                                                   opened=now, pushed=0)
        upsert = upsert.on_conflict_do_update(
            index_elements=[home_viewers.c.team, home_viewers.c.user],
            set_={"enterprise": upsert.excluded.enterprise, **({"opened": upsert.excluded.opened} if opened else {})})
        mine = (home_channels.c.team == team, home_channels.c.user == user)

        def do(connection: Connection) -> None:
            connection.execute(upsert)
            connection.execute(delete(home_channels).where(*mine))
            if channels:
                connection.execute(insert_for(self.db.dialect)(home_channels).on_conflict_do_nothing(),
                                   [{"team": team, "user": user, "channel": c} for c in sorted(channels)])

        self.db.run(do)

    def home_viewers_in(self, team: str, channel: str) -> list[tuple[str, str]]:
        """(user, enterprise) of this workspace's viewers who were in `channel` at their last publish."""
        query = (select(home_channels.c.user, home_viewers.c.enterprise)
                 .join(home_viewers, (home_viewers.c.team == home_channels.c.team)
                       & (home_viewers.c.user == home_channels.c.user))
                 .where(home_channels.c.team == team, home_channels.c.channel == channel)
                 .order_by(home_channels.c.user))
        return [(row[0], row[1]) for row in self.db.run(lambda c: c.execute(query).fetchall(), read_only=True)]

    def claim_home_push(self, team: str, user: str, every_seconds: float) -> bool:
        """True for one caller at most every `every_seconds` per viewer, across replicas: one conditional
        UPDATE, so two analyses finishing together push the tab once."""
        now = time.time()
        stmt = (update(home_viewers).where(home_viewers.c.team == team, home_viewers.c.user == user,
                                           home_viewers.c.pushed <= now - every_seconds).values(pushed=now))
        return bool(self.db.run(lambda c: c.execute(stmt).rowcount) == 1)
