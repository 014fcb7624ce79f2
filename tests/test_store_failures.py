"""Issue 22 item 9: a full disk is one log line per request and a counter, never a traceback; a corrupt
SQLite file's message names the setting actually used."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from bot.slack.app import build
from bot.slack.http_server import http_server, start_in_thread
from bot.store import open_store
from bot.store.engine import store_failures
from fakes.slack_api import FakeSlack
from fakes.slack_events import message_event
from slack_harness import settings_for
from test_http_server import Server, post, signed


def test_a_full_disk_is_one_line_per_signed_request_and_a_counter(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with FakeSlack() as slack:
        bot = build(settings_for(slack, tmp_path / "db.sqlite3", None), http_mode=True, run_work=False)
        server = http_server(bot, "127.0.0.1", 0)
        start_in_thread(server)
        try:
            pages = bot.store.db.run(lambda c: c.exec_driver_sql("PRAGMA page_count").scalar())
            # SQLite's own size limit: a write that needs a page more fails with SQLITE_FULL, as on a full disk
            bot.store.db.run(lambda c: c.exec_driver_sql(f"PRAGMA max_page_count = {pages}"))
            with pytest.raises(Exception):  # noqa: B017 - fill the pages' free room with delivery keys
                for n in range(100_000):
                    bot.store.claim(f"ballast:{n:06d}", 3600)
            before = store_failures.value("full")
            caplog.clear()
            statuses = []
            for i in range(3):
                body = json.dumps(message_event(f"no links {i}")).encode()
                statuses.append(Server(server.server_address[1]).request(post("/slack/events", body, signed(body)))[0])
        finally:
            server.shutdown()
            server.server_close()
            bot.close()
    assert "Traceback" not in caplog.text and all(r.exc_info is None for r in caplog.records)
    assert statuses == [500] * 3  # not acked: Slack retries once there is room
    full = [r for r in caplog.records if "database full" in r.getMessage()]
    assert len(full) == 3, [r.getMessage() for r in caplog.records]
    assert store_failures.value("full") - before == 3


@pytest.mark.parametrize("environ, named", [({"NEWSBOT_DB": "{path}"}, "NEWSBOT_DB"),
                                            ({"NEWSBOT_DATABASE_URL": "sqlite:///{path}"}, "NEWSBOT_DATABASE_URL")])
def test_a_corrupt_sqlite_file_names_the_setting_used(tmp_path: Path, environ: dict, named: str) -> None:
    path = tmp_path / "newsbot.sqlite3"
    path.write_text("not a database\n" * 1000)
    settings = Settings.from_env({k: v.format(path=path) for k, v in environ.items()}, env_file=None)
    with pytest.raises(SettingsError) as raised:
        open_store(settings)
    assert str(raised.value).startswith(f"{named}:"), raised.value
    assert "not a database" in str(raised.value)
