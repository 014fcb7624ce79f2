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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


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
