"""The watch tables on both backends: one watch per URL, threads added to it, steps moved on once."""

from __future__ import annotations

from bot.analysis.models import Analysis
from bot.reading.article import Article
from bot.store import Store
from bot.store.watches import WatchedThread


def ledger(text: str) -> Analysis:
    return Analysis(article=Article(url="http://a/1", title="t", text=text, word_count=1), summary="s",
                    backend="offline")


def test_one_watch_per_url_with_every_thread(db_url: str) -> None:
    store = Store(db_url)
    try:
        first = WatchedThread("T1", "", "C1", "1.1")
        assert store.start_watch("", "http://a/1", ledger("v1"), "h1", first) is True
        assert store.start_watch("", "http://a/1", ledger("other"), "h2", WatchedThread("T2", "E1", "C2", "2.2"))\
            is False
        assert store.start_watch("", "http://a/1", ledger("v1"), "h1", first) is False  # a re-delivery
        watch = store.watch("", "http://a/1")
        assert watch is not None and watch.baseline.article.text == "v1" and watch.step == 0 and watch.active
        assert [t.channel for t in store.watched_threads("", "http://a/1")] == ["C1", "C2"]
        assert store.watch("T9", "http://a/1") is None  # another scope is another watch
    finally:
        store.close()


def test_a_step_moves_on_once(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.start_watch("", "http://a/1", ledger("v1"), "h1", WatchedThread("T1", "", "C1", "1.1"))
        assert store.advance_watch("", "http://a/1", 0, ledger("v2"), "h2", 1, True) is True
        assert store.advance_watch("", "http://a/1", 0, ledger("v3"), "h3", 2, True) is False  # a stale re-run
        watch = store.watch("", "http://a/1")
        assert watch is not None and (watch.step, watch.replies, watch.text_hash) == (1, 1, "h2")
        assert store.advance_watch("", "http://a/1", 1, ledger("v2"), "h2", 1, False) is True
        assert store.watch("", "http://a/1").active is False  # type: ignore[union-attr]
    finally:
        store.close()


def test_a_job_with_a_callers_id_is_stored_once(db_url: str) -> None:
    store = Store(db_url)
    try:
        store.add_job("watch", {"step": 1}, 60, job_id="watch-x-1")
        store.add_job("watch", {"step": 1}, 60, job_id="watch-x-1")
        assert [j.id for j in store.unfinished_jobs()] == ["watch-x-1"]
        assert store.claim_jobs(5, "me") == []  # due in a minute, not now
    finally:
        store.close()
