"""Prompts are versioned files in `prompts/` (NAME.vN.md); code only fills in their $placeholders."""

from __future__ import annotations

import secrets
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

PROMPT_PACKAGE = "bot.prompts"  # the top-level prompts/ folder, installed under this name


@cache
def load(name: str, version: int = 1) -> Template:
    filename = f"{name}.v{version}.md"
    source_tree = Path(__file__).resolve().parents[3] / "prompts" / filename  # bot/analysis/model/ -> the repo
    if source_tree.is_file():
        return Template(source_tree.read_text(encoding="utf-8"))
    return Template(resources.files(PROMPT_PACKAGE).joinpath(filename).read_text(encoding="utf-8"))


def render(name: str, version: int = 1, **values: object) -> str:
    """Fill a prompt; a missing value is an error, not a silently blank instruction."""
    return load(name, version).substitute({k: str(v) for k, v in values.items()})


def data_markers(*untrusted: str) -> tuple[str, str]:
    """Delimiters for untrusted text, with a random tag the text cannot contain or forge."""
    while True:
        tag = secrets.token_hex(6)
        if not any(tag in text for text in untrusted):
            return f"<<<ARTICLE {tag}>>>", f"<<<END ARTICLE {tag}>>>"
