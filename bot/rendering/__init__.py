"""Rendering: one `Analysis`, drawn as Slack blocks, terminal text, Markdown or JSON."""

from bot.rendering.slack import (SlackMessage, esc, render_answer_slack, render_notice, render_slack,
                                 render_slack_summary)
from bot.rendering.text import render_answer_text, render_markdown, render_text

__all__ = ["SlackMessage", "esc", "render_answer_slack", "render_answer_text", "render_markdown", "render_notice",
           "render_slack", "render_slack_summary", "render_text"]
