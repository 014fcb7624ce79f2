"""The store on both backends (SQLite file, PostgreSQL): atomic dedupe with expiry, sessions and jobs that
survive a reopen, jobs claimed once across connections, leases, per-workspace cache, migrations, bad URLs."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.analysis import Turn
from bot.analysis.offline import analyze_offline
from bot.reading.article import Article
from bot.store import Store, StoreError
from bot.store.migrations import LATEST


def _analysis(text: str = "The mayor said the bridge would reopen in May."):  # type: ignore[no-untyped-def]
    return analyze_offline(Article(text=text, word_count=len(text.split())))


def test_claim_is_atomic_across_threads_and_connections(db_url: str) -> None:
    stores = [Store(db_url) for _ in range(2)]
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
    for store in stores:
        store.close()


def test_claims_expire_and_are_purged(db_url: str) -> None:
    store = Store(db_url)
    assert store.claim("k", 0.05)
    assert not store.claim("k", 0.05)
    time.sleep(0.1)
    assert store.claim("k", 60)  # an expired key is taken over
    store.claim("old", 0.01)
    time.sleep(0.05)
    assert store.purge_expired() == 1
    store.release("k")
    assert store.claim("k", 60)


def test_state_survives_a_reopen(db_url: str) -> None:
    store = Store(db_url)
    analysis = _analysis()
    store.save_analysis("https://news.example/a", analysis)
    store.open_session("C1", "1.1", "https://news.example/a")
    store.add_turn("C1", "1.1", Turn(question="When?", answer="May."))
    store.claim("event:Ev9", 3600)
    job = store.add_job("link", {"url": "https://news.example/b"})
    store.close()

    reopened = Store(db_url)
    assert reopened.cached_analysis("https://news.example/a", 3600) == analysis
    session = reopened.session("C1", "1.1")
    assert session is not None and session.history == [Turn(question="When?", answer="May.")]
    assert not reopened.claim("event:Ev9", 3600)
    assert [j.id for j in reopened.unfinished_jobs()] == [job.id]


def test_jobs_are_claimed_once_oldest_first_and_can_wait(db_url: str) -> None:
    store = Store(db_url)
    first = store.add_job("link", {"n": 1})
    second = store.add_job("link", {"n": 2})
    later = store.add_job("watch", {"n": 3}, delay_seconds=0.3)  # a run-after time
    claimed = store.claim_jobs(10)
    assert [j.id for j in claimed] == [first.id, second.id] and all(j.attempts == 1 for j in claimed)
    assert store.claim_jobs(10) == []
    store.retry_job(first.id, 0.2)
    assert store.claim_jobs(10) == []
    time.sleep(0.35)
    assert sorted(j.attempts for j in store.claim_jobs(10)) == [1, 2]
    assert store.requeue_running() == 3
    assert later.id in {j.id for j in store.unfinished_jobs()}


def test_many_runners_claim_each_job_exactly_once(db_url: str) -> None:
    """Four stores (as four replicas) race for 60 jobs: none is claimed twice, none is left."""
    stores = [Store(db_url) for _ in range(4)]
    ids = {stores[0].add_job("link", {"n": n}).id for n in range(60)}
    claimed: list[str] = []
    lock = threading.Lock()

    def runner(store: Store, name: str) -> None:
        while True:
            batch = store.claim_jobs(3, holder=name, lease_seconds=60)
            if not batch:
                return
            with lock:
                claimed.extend(j.id for j in batch)

    threads = [threading.Thread(target=runner, args=(s, f"r{i}")) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(ids)
    for store in stores:
        store.close()


def test_an_expired_lease_is_taken_over_and_the_attempt_limit_counts_it(db_url: str) -> None:
    a, b = Store(db_url), Store(db_url)
    job = a.add_job("link", {"n": 1})
    assert [j.id for j in a.claim_jobs(5, holder="a", lease_seconds=0.3)] == [job.id]
    assert b.claim_jobs(5, holder="b", lease_seconds=60) == []  # a's lease still runs
    assert a.extend_leases([job.id], "a", 0.3) == 1  # a is alive and renews it
    time.sleep(0.4)  # then a dies
    taken = b.claim_jobs(5, holder="b", lease_seconds=60)
    assert [(j.id, j.attempts) for j in taken] == [(job.id, 2)]
    assert a.extend_leases([job.id], "a", 60) == 0  # a's renewal no longer applies
    a.close()
    b.close()


def test_a_lease_has_one_holder_until_released_or_expired(db_url: str) -> None:
    a, b = Store(db_url), Store(db_url)
    assert a.try_lease("purge", "a", 0.3)
    assert not b.try_lease("purge", "b", 0.3)
    assert a.try_lease("purge", "a", 0.3)  # renewal by the holder
    time.sleep(0.35)
    assert b.try_lease("purge", "b", 60)
    b.release_lease("purge", "b")
    with a.hold("flight:x", "a", 10, wait_seconds=0) as held:
        assert held
        with b.hold("flight:x", "b", 10, wait_seconds=0.1) as other:
            assert not other
    assert b.try_lease("flight:x", "b", 10)


def test_the_cache_keeps_scopes_apart(db_url: str) -> None:
    store = Store(db_url)
    mine, theirs = _analysis("The mayor said it would reopen."), _analysis("The council said it would not reopen.")
    store.save_analysis("http://intranet/a", mine, scope="T1")
    store.save_analysis("http://intranet/a", theirs, scope="T2")
    assert store.cached_analysis("http://intranet/a", 3600, scope="T1") == mine
    assert store.cached_analysis("http://intranet/a", 3600, scope="T2") == theirs
    assert store.cached_analysis("http://intranet/a", 3600) is None
    store.save_analysis_if_absent("http://intranet/a", theirs, scope="T1")
    assert store.any_analysis("http://intranet/a", scope="T1") == mine


def test_a_pre_versioning_sqlite_file_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE dedupe (key TEXT PRIMARY KEY, expires REAL NOT NULL);
        CREATE TABLE analyses (url TEXT PRIMARY KEY, analysis TEXT NOT NULL, created REAL NOT NULL);
        CREATE TABLE sessions (channel TEXT NOT NULL, thread_ts TEXT NOT NULL, url TEXT NOT NULL,
            history TEXT NOT NULL DEFAULT '[]', updated REAL NOT NULL, PRIMARY KEY (channel, thread_ts));
        CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL, updated REAL NOT NULL,
            run_after REAL NOT NULL DEFAULT 0);
    """)
    analysis = _analysis()
    old.execute("INSERT INTO analyses VALUES (?, ?, ?)", ("https://news.example/a", analysis.model_dump_json(),
                                                          time.time()))
    old.execute("INSERT INTO dedupe VALUES ('event:Ev1', ?)", (time.time() + 3600,))
    old.execute("INSERT INTO jobs VALUES ('j1', 'link', '{}', 'pending', 0, 1, 1, 0)")
    old.commit()
    old.close()

    store = Store(path)
    assert store.cached_analysis("https://news.example/a", 3600) == analysis
    assert not store.claim("event:Ev1", 60)
    assert [j.id for j in store.claim_jobs(5)] == ["j1"]
    store.close()
    version = sqlite3.connect(path).execute("SELECT version FROM schema_version").fetchall()
    assert version == [(LATEST,)]


def test_replicas_starting_together_migrate_once(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.database()
    errors: list[BaseException] = []

    def start() -> None:
        try:
            Store(url).close()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_an_unreachable_database_is_a_clear_error_without_the_password() -> None:
    with socket_port() as port:
        url = f"postgresql://newsbot:s3cret-pw@127.0.0.1:{port}/newsbot"
        with pytest.raises(StoreError) as caught:
            Store(url, retry_seconds=0.5)
    message = str(caught.value)
    assert "NEWSBOT_DATABASE_URL" in message and "127.0.0.1" in message and "s3cret-pw" not in message


def test_a_wrong_password_or_database_name_is_a_clear_error(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.base_url.set(drivername="postgresql", database="no_such_db", password="hunter2-pw")
    with pytest.raises(StoreError) as caught:
        Store(url.render_as_string(hide_password=False))
    message = str(caught.value)
    assert "NEWSBOT_DATABASE_URL" in message and "no_such_db" in message and "hunter2-pw" not in message


@pytest.mark.parametrize("url", ["mysql://x@h/db", "not a url://", "postgresql://h:notaport/db"])
def test_unsupported_or_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError, match="NEWSBOT_DATABASE_URL"):
        Store(url)


class socket_port:
    """A loopback port nothing listens on (bound, never listened, then closed on exit)."""

    def __enter__(self) -> int:
        import socket
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        return self._sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self._sock.close()


def test_a_corrupt_sqlite_file_is_named_by_the_setting_that_chose_it(tmp_path) -> None:
    """Only NEWSBOT_DB was set: the message must not send the reader looking for NEWSBOT_DATABASE_URL."""
    from bot.settings import Settings, SettingsError
    from bot.store import open_store

    broken = tmp_path / "newsbot.sqlite3"
    broken.write_bytes(b"this is not a database file at all" * 100)
    settings = Settings.from_env(environ={"NEWSBOT_DB": str(broken)}, env_file=None)
    try:
        open_store(settings).close()
    except SettingsError as error:
        assert str(error).startswith("NEWSBOT_DB:") and "NEWSBOT_DATABASE_URL" not in str(error)
    else:
        raise AssertionError("a corrupt database file was opened")
