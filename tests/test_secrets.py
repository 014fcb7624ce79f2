"""Tokens and keys never appear in logs, replies or error messages; bad settings stop the app by name."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from bot.slack.app import require
from fakes.openai_server import Reply
from fakes.slack_api import Failure
from fakes.slack_events import message_event
from slack_harness import SECRET, running_app
from test_cli_read import newsbot
from test_faults import one_reply

SECRETS = ["xoxb-test-token", "sk-test-model-key", "xapp-1-test", SECRET]


def test_secrets_stay_out_of_logs_and_replies(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # the most talkative setting: slack_sdk, openai, httpx2, urllib3 all log
    with running_app(tmp_path, NEWSBOT_LLM_MAX_ATTEMPTS=2) as h:
        h.model.then(Reply(status=401, error={"message": "Incorrect API key provided: sk-test-model-key",
                                              "type": "invalid_request_error", "code": "invalid_api_key"}))
        h.slack.fail("chat.postMessage", Failure(status=500), Failure(error="invalid_auth"))
        h.slack.fail("reactions.add", Failure(error="not_authed"))
        first = message_event(f"<{h.link()}>")
        h.send.event(first)
        h.send.event(message_event(f"<{h.link('/404')}>"))
        h.send.event(message_event(f"<{h.link()}>"), secret="wrong")
        h.slack.wait_for(lambda: len(h.slack.posts()) >= 1, 20)
        h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 20)
        assert len(caplog.records) > 20
        logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
        posted = str(h.slack.posts()) + str(h.slack.webhooks)
        assert repr(h.settings).count("**********") >= 3
    for secret in SECRETS:
        assert secret not in logged, secret
        assert secret not in posted, secret


@pytest.mark.parametrize(("env", "named"), [
    ({}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-wrong-kind"}, "SLACK_APP_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "NEWSBOT_WORKERS": "many"}, "NEWSBOT_WORKERS"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": "slack.example"}, "SLACK_API_URL"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "NEWSBOT_COMMAND": "summarise"}, "NEWSBOT_COMMAND"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "OPENAI_BASE_URL": "localhost:8080"}, "OPENAI_BASE_URL"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "NEWSBOT_ALLOW_PRIVATE_HOSTS": "10.0.0.0/33"},
     "NEWSBOT_ALLOW_PRIVATE_HOSTS"),
])
def test_serve_refuses_to_start_and_names_the_setting(tmp_path: Path, env: dict[str, str], named: str) -> None:
    result = newsbot("serve", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    for value in env.values():
        if value.startswith(("xox", "xapp")):
            assert value not in result.stderr


def test_http_mode_needs_the_signing_secret() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        require(Settings(SLACK_BOT_TOKEN="xoxb-1"), http_mode=True)


def test_settings_errors_never_echo_values() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"OPENAI_BASE_URL": "sk-secret-looking-value"}, env_file=None)
    assert "sk-secret-looking-value" not in str(caught.value)
    assert "OPENAI_BASE_URL" in str(caught.value)


def test_serve_with_a_rejected_token_exits_with_a_message(tmp_path: Path) -> None:
    from fakes.slack_api import FakeSlack

    with FakeSlack() as slack:
        slack.fail("auth.test", Failure(error="invalid_auth"))
        env = {"SLACK_BOT_TOKEN": "xoxb-revoked-token", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack.api_url,
               "NEWSBOT_DB": str(tmp_path / "db.sqlite3")}
        result = newsbot("serve", "--http", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "could not start the Slack app" in result.stderr and "invalid_auth" in result.stderr
    assert "xoxb-revoked-token" not in result.stderr and "Traceback" not in result.stderr
