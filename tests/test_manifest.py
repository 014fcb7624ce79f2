"""The app manifests ask for exactly the scopes and events the code uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVENTS = {"app_mention", "message.channels", "message.groups", "message.im", "message.mpim"}
SCOPES = {"app_mentions:read", "channels:history", "groups:history", "im:history", "mpim:history",
          "chat:write", "reactions:write", "commands"}


@pytest.mark.parametrize("name", ["manifest.socket.json", "manifest.http.json"])
def test_manifest(name: str) -> None:
    manifest = json.loads((ROOT / "slack" / name).read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    # HTTP mode can be installed in many workspaces: it also hears of uninstalls (bot/slack/oauth.py)
    revocation = {"app_uninstalled", "tokens_revoked"} if name == "manifest.http.json" else set()
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == EVENTS | revocation
    assert manifest["features"]["slash_commands"][0]["command"] == "/summarise"
    socket = manifest["settings"]["socket_mode_enabled"]
    assert socket is (name == "manifest.socket.json")
    if not socket:
        assert manifest["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
        assert manifest["features"]["slash_commands"][0]["url"].endswith("/slack/events")


def test_the_install_flow_asks_for_the_manifest_scopes() -> None:
    from bot.settings import DEFAULT_SCOPES

    assert set(DEFAULT_SCOPES) == SCOPES
    manifest = json.loads((ROOT / "slack" / "manifest.http.json").read_text())
    assert manifest["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")


def test_code_uses_what_the_manifest_grants() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "slack").glob("*.py"))
    for call in ("chat_postMessage", "reactions_add", "reactions_remove"):
        assert call in source
    for forbidden in ("conversations_replies", "conversations_history", "link_names=", "parse=", "chat_unfurl"):
        assert forbidden not in source
