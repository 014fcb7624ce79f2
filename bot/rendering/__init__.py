"""Rendering: one `Analysis`, drawn as Slack blocks, terminal text, Markdown or JSON.

The Slack renderer needs slack_sdk's block models; it is imported on first use (PEP 562), so the CLI's
text, Markdown and JSON output start without the Slack packages.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from bot.rendering.text import render_answer_text, render_markdown, render_text

if TYPE_CHECKING:
    from bot.rendering.slack import (SlackMessage, esc, render_answer_slack, render_notice, render_quick,
                                     render_slack, render_slack_summary)

_SLACK = {"SlackMessage", "esc", "render_answer_slack", "render_notice", "render_quick", "render_slack",
          "render_slack_summary"}

__all__ = ["SlackMessage", "esc", "render_answer_slack", "render_answer_text", "render_markdown", "render_notice",
           "render_quick", "render_slack", "render_slack_summary", "render_text"]


def __getattr__(name: str) -> Any:
    if name in _SLACK:
        return getattr(import_module("bot.rendering.slack"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
