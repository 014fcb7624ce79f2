"""The analyses the bot posted (where, when, and the ledger as posted) and readers' feedback on them.

Kept apart from the cache: the dashboard counts what was posted, and feedback needs the reply it judges,
long after the cache entry has expired or been replaced by a newer reading.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select

from bot.analysis.models import Analysis
from bot.dashboard.stats import Posted
from bot.feedback.models import Feedback
from bot.store.engine import Database, insert_for
from bot.store.schema import feedback, replies


@dataclass(frozen=True)
class Reply:
    id: str
    team: str
    channel: str
    thread_ts: str
    url: str
    prompt_version: str
    analysis: Analysis
    enterprise: str = ""


def prompt_label(analysis: Analysis) -> str:
    """What made the analysis: 'offline', or the model backend and its prompt version."""
    if analysis.backend == "offline":
        return "offline"
    return f"{analysis.backend}:v{analysis.prompt_version}" if analysis.prompt_version else analysis.backend


class RepliesAndFeedback:
    db: Database

    def record_reply(self, reply_id: str, team: str, channel: str, thread_ts: str, url: str,
                     analysis: Analysis, posted: float | None = None, enterprise: str = "") -> None:
        """After the post: only what readers saw is counted (the id was put in its feedback buttons)."""
        stmt = insert_for(self.db.dialect)(replies).values(
            id=reply_id, team=team, enterprise=enterprise, channel=channel, thread_ts=thread_ts, url=url,
            prompt_version=prompt_label(analysis), analysis=analysis.model_dump_json(),
            posted=time.time() if posted is None else posted)
        self.db.run(lambda c: c.execute(stmt.on_conflict_do_nothing()))

    def reply(self, reply_id: str) -> Reply | None:
        query = select(replies.c.team, replies.c.channel, replies.c.thread_ts, replies.c.url,
                       replies.c.prompt_version, replies.c.analysis, replies.c.enterprise).where(
            replies.c.id == reply_id)
        row = self.db.run(lambda c: c.execute(query).first(), read_only=True)
        if row is None:
            return None
        return Reply(reply_id, row[0], row[1], row[2], row[3], row[4], Analysis.model_validate_json(row[5]), row[6])

    def posted_since(self, since: float, team: str | None = None, enterprise: str | None = None) -> list[Posted]:
        query = select(replies.c.channel, replies.c.thread_ts, replies.c.posted, replies.c.analysis).where(
            replies.c.posted >= since)
        if team is not None:
            query = query.where(replies.c.team == team)
        if enterprise:
            query = query.where(replies.c.enterprise.in_([enterprise, ""]))  # "": kept before enterprise ids were
        rows = self.db.run(lambda c: c.execute(query.order_by(replies.c.posted)).fetchall(), read_only=True)
        return [Posted(row[0], row[1], datetime.fromtimestamp(row[2], timezone.utc),
                       Analysis.model_validate_json(row[3])) for row in rows]

    def save_feedback(self, item: Feedback) -> None:
        """One row per (reply, user): the last answer wins, so a modal submitted twice is stored once."""
        values = item.model_dump(include={"user", "rating", "claim_number", "reason", "text", "team"})
        stmt = insert_for(self.db.dialect)(feedback).values(reply_id=item.analysis_id, updated=time.time(), **values)
        stmt = stmt.on_conflict_do_update(index_elements=[feedback.c.reply_id, feedback.c.user],
                                          set_={k: getattr(stmt.excluded, k) for k in (*values, "updated")})
        self.db.run(lambda c: c.execute(stmt))

    def all_feedback(self) -> list[Feedback]:
        """Every verdict with the reply it judges, oldest first, ready to export as test data."""
        query = (select(feedback, replies.c.url, replies.c.prompt_version, replies.c.channel, replies.c.thread_ts,
                        replies.c.analysis)
                 .join(replies, replies.c.id == feedback.c.reply_id).order_by(feedback.c.updated))
        rows = self.db.run(lambda c: c.execute(query).mappings().fetchall(), read_only=True)
        out = []
        for row in rows:
            analysis = Analysis.model_validate_json(row["analysis"])
            number = row["claim_number"]
            claim = analysis.claims[number - 1] if number and 0 < number <= len(analysis.claims) else None
            out.append(Feedback(analysis_id=row["reply_id"], prompt_version=row["prompt_version"], url=row["url"],
                                team=row["team"], channel=row["channel"], message_ts=row["thread_ts"],
                                user=row["user"], rating=row["rating"], claim_number=number, reason=row["reason"],
                                text=row["text"], claim=claim.claim if claim else None,
                                source=claim.source if claim else None, updated=row["updated"]))
        return out
