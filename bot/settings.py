"""Every setting the bot reads, in one typed place.

Values come from the process environment, then from a `.env` file (python-dotenv). Nothing else in the
package reads `os.environ`: code receives a `Settings` object, so tests build one directly.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and never echoes a secret's value."""


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class Settings(BaseModel):
    """Typed settings. Field aliases are the environment variable names."""

    model_config = ConfigDict(populate_by_name=True, frozen=True, extra="ignore")

    # --- reading -------------------------------------------------------------------------------
    allow_private_hosts: list[str] = Field(default_factory=list, alias="NEWSBOT_ALLOW_PRIVATE_HOSTS")
    max_page_bytes: int = Field(5_000_000, alias="NEWSBOT_MAX_PAGE_BYTES", gt=0)
    connect_timeout: float = Field(5.0, alias="NEWSBOT_CONNECT_TIMEOUT", gt=0)
    fetch_timeout: float = Field(20.0, alias="NEWSBOT_FETCH_TIMEOUT", gt=0)
    max_redirects: int = Field(5, alias="NEWSBOT_MAX_REDIRECTS", ge=0, le=20)
    min_article_words: int = Field(50, alias="NEWSBOT_MIN_ARTICLE_WORDS", ge=1)
    user_agent: str = Field(
        "newsbot/0.1 (Slack claims-and-sourcing bot for newsrooms)", alias="NEWSBOT_USER_AGENT"
    )

    # --- analysis (any OpenAI-compatible endpoint) ------------------------------------------------
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    model: str = Field("gpt-4.1-mini", alias="NEWSBOT_MODEL", min_length=1)
    llm_timeout: float = Field(60.0, alias="NEWSBOT_LLM_TIMEOUT", gt=0)
    llm_max_attempts: int = Field(4, alias="NEWSBOT_LLM_MAX_ATTEMPTS", ge=1, le=10)
    llm_max_wait: float = Field(90.0, alias="NEWSBOT_LLM_MAX_WAIT", gt=0)
    max_article_tokens: int = Field(6000, alias="NEWSBOT_MAX_ARTICLE_TOKENS", ge=200)
    max_output_tokens: int = Field(4000, alias="NEWSBOT_MAX_OUTPUT_TOKENS", ge=200)
    offline_fallback: bool = Field(True, alias="NEWSBOT_OFFLINE_FALLBACK")

    # --- Slack -----------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(None, alias="SLACK_API_URL")
    command: str = Field("/summarise", alias="NEWSBOT_COMMAND", pattern=r"^/[a-z0-9_\-]{1,31}$")
    workers: int = Field(48, alias="NEWSBOT_WORKERS", ge=1, le=256)
    work_process: bool = Field(True, alias="NEWSBOT_WORK_PROCESS")
    db_path: str = Field("newsbot.sqlite3", alias="NEWSBOT_DB", min_length=1)
    channels: list[str] = Field(default_factory=list, alias="NEWSBOT_CHANNELS")
    mention_only: bool = Field(False, alias="NEWSBOT_MENTION_ONLY")
    mention_only_channels: list[str] = Field(default_factory=list, alias="NEWSBOT_MENTION_ONLY_CHANNELS")
    deny_domains: list[str] = Field(default_factory=list, alias="NEWSBOT_DENY_DOMAINS")
    max_links_per_message: int = Field(3, alias="NEWSBOT_MAX_LINKS", ge=1, le=10)
    cache_ttl_hours: float = Field(24.0, alias="NEWSBOT_CACHE_TTL_HOURS", ge=0)
    dedupe_ttl_hours: float = Field(24.0, alias="NEWSBOT_DEDUPE_TTL_HOURS", gt=0)
    http_port: int = Field(3000, alias="PORT", ge=1, le=65535)
    slack_retry_seconds: float = Field(20.0, alias="NEWSBOT_SLACK_RETRY_SECONDS", ge=0)

    @field_validator("channels", "mention_only_channels", "deny_domains", mode="before")
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
        for host in hosts:
            if "/" in host:
                try:
                    ipaddress.ip_network(host, strict=False)
                except ValueError as exc:
                    raise ValueError(f"{host!r} is not a valid CIDR") from exc
        return [host.lower() for host in hosts]

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
