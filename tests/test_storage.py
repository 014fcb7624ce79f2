"""The SQLite store: atomic dedupe with expiry, sessions and jobs that survive a reopen."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from bot.analysis import Turn
from bot.analysis.offline import analyze_offline
from bot.reading.article import Article
from bot.storage import Store


def test_claim_is_atomic_across_threads_and_connections(tmp_path: Path) -> None:
    stores = [Store(tmp_path / "db.sqlite3") for _ in range(2)]
    wins: list[bool] = []
    lock = threading.Lock()

    def race(store: Store) -> None:
        result = store.claim("event:Ev1", 60)
        with lock:
            wins.append(result)

    threads = [threading.Thread(target=race, args=(stores[i % 2],)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1


def test_claims_expire_and_are_purged(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    assert store.claim("k", 0.05)
    assert not store.claim("k", 0.05)
    time.sleep(0.1)
    assert store.claim("k", 60)  # an expired key is taken over
    store.claim("old", 0.01)
    time.sleep(0.05)
    assert store.purge_expired() == 1


def test_state_survives_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    analysis = analyze_offline(Article(text="The mayor said the bridge would reopen in May.", word_count=9))
    store.save_analysis("https://news.example/a", analysis)
    store.open_session("C1", "1.1", "https://news.example/a")
    store.add_turn("C1", "1.1", Turn(question="When?", answer="May."))
    store.claim("event:Ev9", 3600)
    job = store.add_job("link", {"url": "https://news.example/b"})
    store.close()

    reopened = Store(path)
    assert reopened.cached_analysis("https://news.example/a", 3600) == analysis
    session = reopened.session("C1", "1.1")
    assert session is not None and session.history == [Turn(question="When?", answer="May.")]
    assert not reopened.claim("event:Ev9", 3600)
    assert [j.id for j in reopened.unfinished_jobs()] == [job.id]


def test_jobs_are_claimed_once_oldest_first_and_can_wait(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    first = store.add_job("link", {"n": 1})
    second = store.add_job("link", {"n": 2})
    claimed = store.claim_jobs(10)
    assert [j.id for j in claimed] == [first.id, second.id] and all(j.attempts == 1 for j in claimed)
    assert store.claim_jobs(10) == []
    store.retry_job(first.id, 0.2)
    assert store.claim_jobs(10) == []
    time.sleep(0.25)
    assert [j.attempts for j in store.claim_jobs(10)] == [2]
    assert store.requeue_running() == 2
