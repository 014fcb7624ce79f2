"""Socket Mode, the newsroom default: a local websocket server stands in for Slack's."""

from __future__ import annotations

from pathlib import Path

from fakes.slack_events import message_event
from slack_harness import socket_mode_app


def test_socket_mode_event_is_acked_and_answered_once(tmp_path: Path) -> None:
    with socket_mode_app(tmp_path) as app:
        slack, articles, socket, bot = app.slack, app.articles, app.socket, app.bot
        body = message_event(f"<{articles.url('/article')}>")
        socket.send({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                     "retry_attempt": 0, "retry_reason": "", "payload": body})
        assert socket.wait_for_ack("env-1") == {"envelope_id": "env-1"}
        socket.send({"envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False,
                     "retry_attempt": 1, "retry_reason": "timeout", "payload": body})
        socket.wait_for_ack("env-2")
        assert slack.wait_for(lambda: len(slack.posts()) >= 1)
        assert slack.wait_for(lambda: not bot.store.unfinished_jobs())
        post = slack.posts()[0]
        assert post["thread_ts"] == body["event"]["ts"]
        assert "Harbour council approves flood wall" in str(post["blocks"])
        assert "offline analyzer" in str(post["blocks"])  # no model configured: the built-in default
        assert len(slack.posts()) == 1
        assert slack.calls_to("apps.connections.open")[0].headers["authorization"] == "Bearer xapp-1-test"


def test_socket_mode_slash_command_ack_carries_the_text(tmp_path: Path) -> None:
    with socket_mode_app(tmp_path) as app:
        slack, articles, socket = app.slack, app.articles, app.socket
        socket.send({"envelope_id": "cmd-1", "type": "slash_commands", "accepts_response_payload": True,
                     "payload": {"command": "/summarise", "text": articles.url("/article"), "channel_id": "C1",
                                 "user_id": "U1", "team_id": "T1", "response_url": slack.url("/webhook/x"),
                                 "trigger_id": "t1"}})
        ack = socket.wait_for_ack("cmd-1")
        assert "Reading" in ack["payload"]["text"]
        assert slack.wait_for(lambda: len(slack.posts()) >= 2)
