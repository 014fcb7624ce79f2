"""Multi-workspace installs: Bolt's OAuth flow with installations and OAuth state in our database.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, HTTP mode serves /slack/install and /slack/oauth_redirect.
Installations (slack_sdk's `slack_installations`/`slack_bots` tables) and single-use OAuth states
(`slack_oauth_states`) live in the same database as everything else, so any replica can serve any step of
the flow. Each request is authorised from the store (cached per token in-process, so `auth.test` is not called
per event); tokens are rotated with our Web API client (doc §1.4: Bolt's default would ignore it), and the
work process looks up each job's workspace token the same way. Uninstall and revocation events delete tokens.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)
STATE_SECONDS = 600
# Bolt rotates inline (in the ack path, unguarded) only in the last minutes; the work path rotates earlier,
# one replica at a time under a lease, so in practice rotation happens there.
_BOLT_ROTATION_MINUTES = 5
_WORKER_ROTATION_MINUTES = 30


class NotInstalled(LookupError):
    """A job for a workspace that has no installation (never installed, or uninstalled since)."""


def installation_store(settings: Settings, store: Store) -> SQLAlchemyInstallationStore:
    assert settings.slack_client_id is not None
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=store.db.side_engine(),
                                       logger=log)


def oauth_app_kwargs(settings: Settings, store: Store, client: WebClient) -> dict[str, Any]:
    """What `App(...)` needs for the install flow: the shared stores and an authorizer that uses our client."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    installations = installation_store(settings, store)
    secret = settings.slack_client_secret.get_secret_value()
    oauth_settings = OAuthSettings(
        client_id=settings.slack_client_id, client_secret=secret, scopes=settings.slack_scopes,
        redirect_uri=settings.slack_redirect_uri, installation_store=installations, installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=store.db.side_engine(),
                                              logger=log),
        state_expiration_seconds=STATE_SECONDS, token_rotation_expiration_minutes=_BOLT_ROTATION_MINUTES)
    # our own authorizer (App would build one without the cache): auth.test once per token, rotation via our client
    authorize = InstallationStoreAuthorize(
        logger=log, client_id=settings.slack_client_id, client_secret=secret, installation_store=installations,
        token_rotation_expiration_minutes=_BOLT_ROTATION_MINUTES, bot_only=True, cache_enabled=True, client=client)
    oauth_settings.authorize = authorize
    return {"oauth_settings": oauth_settings, "installation_store": installations, "installation_store_bot_only": True,
            "authorize": authorize}


class WorkspaceClients:
    """The Web API client for a job's workspace: its bot token from the installation store, rotated when due."""

    def __init__(self, settings: Settings, store: Store, base: WebClient) -> None:
        self.settings = settings
        self.store = store
        self.base = base
        self.installations = installation_store(settings, store) if settings.oauth_enabled else None
        self._holder = f"clients-{id(self)}-{time.time()}"
        self._lock = threading.Lock()
        self._clients: dict[str, WebClient] = {}

    def for_job(self, payload: dict[str, Any]) -> WebClient:
        if self.installations is None:
            return self.base  # single workspace: SLACK_BOT_TOKEN
        enterprise = payload.get("enterprise") or None
        team = None if payload.get("enterprise_install") else (payload.get("team") or None)
        bot = self.installations.find_bot(enterprise_id=enterprise, team_id=team,
                                          is_enterprise_install=bool(payload.get("enterprise_install")))
        if bot is None or not bot.bot_token:
            raise NotInstalled(f"no installation for team {team} / enterprise {enterprise}")
        if bot.bot_refresh_token and bot.bot_token_expires_at is not None and \
                bot.bot_token_expires_at < time.time() + _WORKER_ROTATION_MINUTES * 60:
            bot = self._rotate(enterprise, team, bool(payload.get("enterprise_install")), bot)
        return self._client(bot.bot_token)

    def _rotate(self, enterprise: str | None, team: str | None, org: bool, bot: Any) -> Any:
        """One replica at a time (a lease per workspace); the others wait, then read the rotated token."""
        assert self.installations is not None and self.settings.slack_client_secret is not None
        with self.store.hold(f"rotate:{enterprise}:{team}", self._holder, ttl_seconds=30, wait_seconds=30):
            fresh = self.installations.find_bot(enterprise_id=enterprise, team_id=team, is_enterprise_install=org)
            if fresh is not None and fresh.bot_token != bot.bot_token:
                return fresh  # another replica rotated it while we waited
            rotator = TokenRotator(client_id=self.installations.client_id,
                                   client_secret=self.settings.slack_client_secret.get_secret_value(), client=self.base)
            rotated = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=_WORKER_ROTATION_MINUTES)
            if rotated is None:
                return bot
            self.installations.save_bot(rotated)
            return rotated

    def _client(self, token: str) -> WebClient:
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                if len(self._clients) > 1000:
                    self._clients.clear()
                client = WebClient(token=token, base_url=self.base.base_url, timeout=self.base.timeout,
                                   retry_handlers=list(self.base.retry_handlers))
                self._clients[token] = client
            return client
