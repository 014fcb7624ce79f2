"""Posted replies and feedback on both backends: the last answer of a user wins; exports carry the claim."""

from __future__ import annotations

import time

from bot.analysis.models import Analysis, Claim
from bot.feedback import Feedback
from bot.reading.article import Article
from bot.store import Store


def ledger() -> Analysis:
    return Analysis(article=Article(url="http://a/1", title="t", text="x", word_count=1), summary="s",
                    backend="openai:m", prompt_version=2,
                    claims=[Claim(claim="Squads shoot deserters.", source="Ukrainian security services",
                                  source_type="organisation")])


def test_replies_are_kept_with_their_ledger_and_feedback_last_answer_wins(db_url: str) -> None:
    store = Store(db_url)
    try:
        before = time.time() - 1
        reply_id = "r1"
        store.record_reply(reply_id, "T1", "C1", "1.1", "http://a/1", ledger())
        store.record_reply(reply_id, "T1", "C1", "1.1", "http://a/1", ledger())  # a retried job: one row
        reply = store.reply(reply_id)
        assert reply is not None and reply.prompt_version == "openai:m:v2" and reply.analysis.claims
        assert store.reply("nope") is None
        assert [p.thread_ts for p in store.posted_since(before)] == ["1.1"]
        assert store.posted_since(before, team="T9") == []
        store.save_feedback(Feedback(analysis_id=reply_id, user="U1", team="T1", rating="up"))
        store.save_feedback(Feedback(analysis_id=reply_id, user="U1", team="T1", rating="down", claim_number=1,
                                     reason="wrong_speaker", text="It was the Mail"))
        store.save_feedback(Feedback(analysis_id=reply_id, user="U2", team="T1", rating="up"))
        rows = store.all_feedback()
        assert [(r.user, r.rating) for r in rows] == [("U1", "down"), ("U2", "up")]
        first = rows[0]
        assert (first.claim, first.source, first.reason, first.prompt_version, first.url) == (
            "Squads shoot deserters.", "Ukrainian security services", "wrong_speaker", "openai:m:v2", "http://a/1")
    finally:
        store.close()
