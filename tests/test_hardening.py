"""Issue 14's smaller cases, each against the running app or the real CLI: odd charsets, null texts, Slack's
rate-limit notice, the slash-command ack, replayed commands, and the settings file."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from bot.settings import Settings
from fakes.articles import article_html
from fakes.server import FakeServer, Request
from fakes.slack_events import message_event, post, sign
from slack_harness import SECRET, Harness, running_app
from test_cli_read import newsbot

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def h(tmp_path: Path):
    with running_app(tmp_path) as harness:
        yield harness


def settle(h: Harness, seconds: float = 0.5) -> None:
    time.sleep(seconds)
    h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 10)


def _undefined_in_header(r: Request) -> None:
    r.send(200, article_html(), "text/html; charset=undefined")


def _undefined_in_meta(r: Request) -> None:
    r.send(200, article_html().replace(b"<head>", b'<head><meta charset="undefined">', 1), "text/html")


UNDEFINED = {"/undefined-header": _undefined_in_header, "/undefined-meta": _undefined_in_meta}


@pytest.mark.parametrize("path", sorted(UNDEFINED))
def test_an_unusable_charset_label_falls_through_to_detection_in_the_cli(path: str) -> None:
    with FakeServer(UNDEFINED) as server:
        result = newsbot("read", server.url(path), env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Margaret Hale" in result.stdout


@pytest.mark.parametrize("path", sorted(UNDEFINED))
def test_an_unusable_charset_label_gets_a_real_reply_in_slack(h: Harness, path: str) -> None:
    h.articles.routes.update(UNDEFINED)
    body = message_event(f"<{h.link(path)}>")
    h.send.event(body)
    assert h.slack.wait_for(lambda: h.replies_in(body["event"]["ts"]), 15)
    reply = h.text_of(h.replies_in(body["event"]["ts"])[0])
    assert "Harbour council approves flood wall" in reply
    assert "went wrong" not in reply


def _stuck(r: Request) -> None:
    """Trickles its status line a byte every half second, far longer than the fetch deadline."""
    try:
        for byte in b"HTTP/1.1 200 OK\r\n" + b" " * 200:
            r.handler.wfile.write(bytes([byte]))
            r.handler.wfile.flush()
            time.sleep(0.5)
    except OSError:
        pass
    r.handler.close_connection = True


def test_a_stuck_page_ends_at_the_deadline_and_other_links_are_answered_meanwhile(h: Harness) -> None:
    h.articles.routes["/stuck"] = _stuck
    stuck = message_event(f"<{h.link('/stuck')}>")
    started = time.monotonic()
    h.send.event(stuck)
    time.sleep(0.3)
    ordinary = message_event(f"<{h.link()}>")
    h.send.event(ordinary)
    assert h.slack.wait_for(lambda: h.replies_in(ordinary["event"]["ts"]), 15)
    assert not h.replies_in(stuck["event"]["ts"])  # the ordinary reply did not wait for the stuck fetch
    assert h.slack.wait_for(lambda: h.replies_in(stuck["event"]["ts"]), 20)
    elapsed = time.monotonic() - started
    assert elapsed < h.settings.fetch_timeout + 5  # a bound on the deadline (5 s here), not a speed target
    assert "longer than" in h.text_of(h.replies_in(stuck["event"]["ts"])[0])


def test_a_null_text_in_an_answered_thread_is_no_crash(h: Harness) -> None:
    body = message_event(f"<{h.link()}>")
    h.send.event(body)
    root = body["event"]["ts"]
    assert h.slack.wait_for(lambda: h.replies_in(root), 15)
    null = message_event("", thread_ts=root)
    null["event"]["text"] = None
    assert h.send.event(null).status == 200
    # The listener did not raise: a later question in the same thread is still answered.
    h.send.event(message_event("Who approved the wall?", thread_ts=root))
    assert h.slack.wait_for(lambda: len(h.replies_in(root)) == 2, 15)
    settle(h)
    assert len(h.replies_in(root)) == 2


def test_app_rate_limited_is_acked(h: Harness) -> None:
    notice = {"token": "legacy", "type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": 1518467820,
              "api_app_id": "A1"}
    assert h.send.event(notice).status == 200
    settle(h, 0.2)
    assert h.slack.posts() == []


def test_the_slash_command_ack_does_not_echo_live_markup(h: Harness) -> None:
    sent = h.send.command(f"{h.link()}?q=<!channel>&x=<@U0ADMIN>", h.slack.url("/webhook/cmd"))
    assert sent.status == 200
    ack = json.loads(sent.body)["text"] if sent.body.startswith("{") else sent.body
    assert "<!channel>" not in ack and "<@U0ADMIN>" not in ack and "<http" not in ack
    assert re.search(r"https?://", ack) is None  # the URL is shown defused, not as a live link


def test_a_replayed_signed_command_is_acted_on_once(h: Harness) -> None:
    from urllib.parse import urlencode

    raw = urlencode({"token": "legacy", "team_id": "T1", "channel_id": "C1", "user_id": "U1",
                     "command": "/summarise", "text": h.link(), "response_url": h.slack.url("/webhook/cmd"),
                     "trigger_id": "trig.replayed", "api_app_id": "A1"})
    headers = sign(SECRET, raw)
    first = post(h.send.url, raw, headers, "application/x-www-form-urlencoded")
    replay = post(h.send.url, raw, headers, "application/x-www-form-urlencoded")
    assert first.status == 200 and replay.status == 200
    assert h.slack.wait_for(lambda: len(h.slack.posts()) >= 2, 15)  # the summary and its detail
    settle(h, 1.0)
    assert len(h.slack.posts()) == 2
    assert len(h.articles.requests_to("/article")) == 1


def test_env_example_lists_exactly_the_settings() -> None:
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    known = {field.alias for field in Settings.model_fields.values() if field.alias}
    assert documented == known, {"undocumented": known - documented, "not a setting": documented - known}
