"""Installs in many workspaces: Bolt's OAuth flow against the fake Slack (oauth.v2.access), state and tokens
in our database (both backends), each workspace answered with its own token, uninstall, bad input."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from bot.slack.app import build
from fakes.slack_events import message_event
from slack_harness import Harness, running_app, settings_for
from fakes.slack_api import FakeSlack

CLIENT = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "oauth-client-secret", "SLACK_BOT_TOKEN": None}


@pytest.fixture
def h(tmp_path: Path, db_url: str) -> Iterator[Harness]:
    with running_app(tmp_path, with_model=False, NEWSBOT_DATABASE_URL=db_url, **CLIENT) as harness:
        yield harness


def _get(url: str, cookie: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.headers.get("Set-Cookie", "")


def _base(h: Harness) -> str:
    return h.send.url.removesuffix("/slack/events")


def _install(h: Harness, code: str) -> tuple[int, str]:
    """Open /slack/install (state + cookie), then come back to /slack/oauth_redirect as Slack sends the user."""
    status, page, cookie = _get(_base(h) + "/slack/install")
    assert status == 200, page
    state = re.search(r"state=([\w\-]+)", page)
    assert state is not None, page
    status, page, _ = _get(f"{_base(h)}/slack/oauth_redirect?code={code}&state={state.group(1)}",
                           cookie.split(";")[0])
    return status, page


def _event_for(h: Harness, team: str, enterprise: str | None = None, org: bool = False) -> dict:
    body = message_event(f"<{h.link()}?for={team}>")
    body["team_id"] = team
    if enterprise:
        body["enterprise_id"] = enterprise
    body["authorizations"] = [{"team_id": None if org else team, "enterprise_id": enterprise, "user_id": "UBOT",
                               "is_bot": True, "is_enterprise_install": org}]
    return body


def _reply_token(h: Harness, thread_ts: str, timeout: float = 20) -> str | None:
    def posted() -> list:
        return [c for c in h.slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == thread_ts]
    if not h.slack.wait_for(lambda: posted(), timeout):
        return None
    return posted()[0].headers.get("authorization", "").removeprefix("Bearer ")


def test_two_workspaces_install_and_each_is_answered_with_its_own_token(h: Harness) -> None:
    h.slack.grant("code-2", team="T2", token="xoxb-team-two")
    h.slack.grant("code-3", team="T3", token="xoxb-team-three")
    assert _install(h, "code-2")[0] == 200
    assert _install(h, "code-3")[0] == 200
    assert [c.params["code"] for c in h.slack.calls_to("oauth.v2.access")] == ["code-2", "code-3"]
    two, three = _event_for(h, "T2"), _event_for(h, "T3")
    assert h.send.event(two).status == 200 and h.send.event(three).status == 200
    assert _reply_token(h, two["event"]["ts"]) == "xoxb-team-two"
    assert _reply_token(h, three["event"]["ts"]) == "xoxb-team-three"
    auth_tests = len(h.slack.calls_to("auth.test"))
    again = _event_for(h, "T2")
    h.send.event(again)
    assert _reply_token(h, again["event"]["ts"]) == "xoxb-team-two"
    assert len(h.slack.calls_to("auth.test")) == auth_tests  # authorisation is cached: no auth.test per event


def test_an_org_wide_install_answers_every_workspace_of_the_org(h: Harness) -> None:
    h.slack.grant("code-org", team="", token="xoxb-org-wide", enterprise="E1", org_install=True)
    assert _install(h, "code-org")[0] == 200
    body = _event_for(h, "T9", enterprise="E1", org=True)
    assert h.send.event(body).status == 200
    assert _reply_token(h, body["event"]["ts"]) == "xoxb-org-wide"


def test_uninstall_deletes_the_tokens_and_later_events_get_no_reply(h: Harness) -> None:
    h.slack.grant("code-2", team="T2", token="xoxb-team-two")
    assert _install(h, "code-2")[0] == 200
    uninstall = {"token": "legacy", "team_id": "T2", "api_app_id": "A1", "type": "event_callback",
                 "event_id": "EvUninstall", "event_time": int(time.time()), "event": {"type": "app_uninstalled"}}
    assert h.send.event(uninstall).status == 200
    later = _event_for(h, "T2")
    h.send.event(later)
    assert _reply_token(h, later["event"]["ts"], timeout=1.5) is None
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    store = SQLAlchemyInstallationStore(client_id="1111.2222", engine=h.bot.store.db.side_engine())
    assert store.find_bot(enterprise_id=None, team_id="T2") is None


def test_a_bad_or_replayed_state_installs_nothing(h: Harness) -> None:
    h.slack.grant("code-2", team="T2", token="xoxb-team-two")
    status, page = _get(f"{_base(h)}/slack/oauth_redirect?code=code-2&state=forged-state")[:2]
    assert status >= 400 and h.slack.calls_to("oauth.v2.access") == []
    status, page, cookie = _get(_base(h) + "/slack/install")
    state = re.search(r"state=([\w\-]+)", page).group(1)  # type: ignore[union-attr]
    first = _get(f"{_base(h)}/slack/oauth_redirect?code=code-2&state={state}", cookie.split(";")[0])
    assert first[0] == 200
    h.slack.grant("code-again", team="T2", token="xoxb-stolen")
    replay = _get(f"{_base(h)}/slack/oauth_redirect?code=code-again&state={state}", cookie.split(";")[0])
    assert replay[0] >= 400  # a state is single-use, on every replica (it lives in the database)
    assert [c.params["code"] for c in h.slack.calls_to("oauth.v2.access")] == ["code-2"]


def test_an_event_for_a_workspace_that_never_installed_is_not_answered(h: Harness) -> None:
    stranger = _event_for(h, "T404")
    result = h.send.event(stranger)
    assert result.status < 500
    assert _reply_token(h, stranger["event"]["ts"], timeout=1.5) is None
    h.slack.grant("code-2", team="T2", token="xoxb-team-two")  # the app is still fine for others
    assert _install(h, "code-2")[0] == 200
    body = _event_for(h, "T2")
    h.send.event(body)
    assert _reply_token(h, body["event"]["ts"]) == "xoxb-team-two"


def test_single_workspace_mode_is_unchanged_without_client_credentials(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=False) as h:
        assert h.bot.app.oauth_flow is None
        status, _page, _ = _get(_base(h) + "/slack/install")
        assert status == 404


def test_the_install_flow_needs_http_mode(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        settings = settings_for(slack, tmp_path / "db.sqlite3", None, **CLIENT)
        with pytest.raises(SettingsError, match="--http"):
            build(settings, http_mode=False)


def test_a_token_due_for_rotation_is_rotated_once_across_replicas(tmp_path: Path, db_url: str) -> None:
    """Two replicas' workers need an expiring token at once: one rotates (Slack revokes the old refresh token
    on use), the other waits on the lease and reads the new token."""
    import threading

    from slack_sdk.oauth.installation_store.models.bot import Bot

    from bot.slack.app import open_store, web_client
    from bot.slack.oauth import WorkspaceClients, installation_store

    with FakeSlack() as slack:
        settings = settings_for(slack, tmp_path / "db.sqlite3", None, NEWSBOT_DATABASE_URL=db_url, **CLIENT)
        stores = [open_store(settings), open_store(settings)]
        installation_store(settings, stores[0]).save_bot(Bot(
            app_id="A1", enterprise_id=None, team_id="T2", bot_token="xoxb-old", bot_id="B2", bot_user_id="UBOT",
            bot_refresh_token="refresh-1", bot_token_expires_at=int(time.time()) + 60, installed_at=time.time()))
        slack.refreshes["refresh-1"] = "xoxb-rotated"
        replicas = [WorkspaceClients(settings, store, web_client(settings)) for store in stores]
        tokens: list[str] = []
        threads = [threading.Thread(target=lambda r=r: tokens.append(r.for_job({"team": "T2"}).token))
                   for r in replicas]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert tokens == ["xoxb-rotated", "xoxb-rotated"]
        assert len(slack.calls_to("oauth.v2.access")) == 1
        for store in stores:
            store.close()


def test_revoked_bot_tokens_are_deleted(h: Harness) -> None:
    h.slack.grant("code-3", team="T3", token="xoxb-team-three", bot_user="UBOT3")
    assert _install(h, "code-3")[0] == 200
    revoked = {"token": "legacy", "team_id": "T3", "api_app_id": "A1", "type": "event_callback",
               "event_id": "EvRevoked", "event_time": int(time.time()),
               "event": {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT3"]}}}
    assert h.send.event(revoked).status == 200
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    store = SQLAlchemyInstallationStore(client_id="1111.2222", engine=h.bot.store.db.side_engine())
    assert store.find_bot(enterprise_id=None, team_id="T3") is None


def test_pages_reached_through_allowed_private_hosts_are_cached_per_workspace() -> None:
    from bot.pipeline import cache_scope

    private = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1,intranet.local")
    assert cache_scope(private, "http://127.0.0.1:8080/story", "T2") == "T2"
    assert cache_scope(private, "http://intranet.local/story", "T2") == "T2"  # allowed by name: no lookup
    assert cache_scope(private, "http://93.184.216.34/story", "T2") == ""  # public: shared by all workspaces
    assert cache_scope(private, "http://news.example/story", "T2") == ""  # cannot reach a private address
    networks = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="10.0.0.0/8")
    assert cache_scope(networks, "http://10.1.2.3/story", "T2") == "T2"
    assert cache_scope(networks, "http://wiki.newsroom.example/story", "T2") == "T2"  # may resolve into 10/8
    assert cache_scope(networks, "http://93.184.216.34/story", "T2") == ""
    assert cache_scope(Settings(), "http://127.0.0.1:8080/story", "T2") == ""  # never fetched without the list
