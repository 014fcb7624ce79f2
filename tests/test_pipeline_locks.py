"""Single flight per URL: a stuck fetch holds only its own URL's lock, and the lock table empties."""

from __future__ import annotations

import threading

from bot.pipeline import KeyedLocks


def test_a_held_url_blocks_only_itself_and_the_table_empties() -> None:
    locks = KeyedLocks()
    stuck, release = threading.Event(), threading.Event()

    def hold_a() -> None:
        with locks.hold("https://slow.example/a"):
            stuck.set()
            release.wait(10)

    holder = threading.Thread(target=hold_a)
    holder.start()
    assert stuck.wait(5)
    # Any other URL goes ahead at once (with 64 stripes, 1 in 64 of them waited for the stuck one).
    others = [f"https://news.example/{i}" for i in range(200)]
    for url in others:
        got = threading.Event()
        thread = threading.Thread(target=lambda u=url, g=got: _enter(locks, u, g))
        thread.start()
        assert got.wait(2), f"{url} waited for an unrelated URL"
        thread.join()
    # The same URL still waits: single flight.
    same = threading.Event()
    waiter = threading.Thread(target=_enter, args=(locks, "https://slow.example/a", same))
    waiter.start()
    assert not same.wait(0.3)
    release.set()
    assert same.wait(5)
    holder.join()
    waiter.join()
    assert len(locks) == 0


def _enter(locks: KeyedLocks, url: str, entered: threading.Event) -> None:
    with locks.hold(url):
        entered.set()
