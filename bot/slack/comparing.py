"""Outlets compared in Slack: a second article link posted in a thread the bot answered, or
`/summarise URL1 URL2 …`, gets one reply comparing the accounts claim by claim."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.alignment import compare
from bot.alignment.compare import MAX_ARTICLES
from bot.analysis import Analysis, ModelError
from bot.pipeline import Pipeline
from bot.reading import ReadError
from bot.rendering import SlackMessage, render_notice
from bot.rendering.alignment import render_comparison_slack
from bot.slack import replies

log = logging.getLogger(__name__)
JOB_KIND = "compare"


class Comparer:
    def __init__(self, pipeline: Pipeline, respond: Callable[[str | None, SlackMessage], None]) -> None:
        self.pipeline = pipeline
        self.respond = respond  # the ephemeral answer to a slash command, where the bot cannot post

    def run(self, p: dict[str, Any], client: WebClient) -> None:
        channel, thread_ts, urls = p["channel"], p.get("thread_ts"), list(dict.fromkeys(p["urls"]))[:MAX_ARTICLES]
        if p.get("ts"):
            replies.react(client, channel, p["ts"], replies.WORKING)
        analyses: list[Analysis] = []
        failed: list[str] = []
        for url in urls:  # one unreadable link is reported; the others are still compared
            try:
                analyses.append(self.pipeline.analyze_url(url, p.get("team", ""), source_checks=False))
            except (ReadError, ModelError) as exc:
                failed.append(f"{url}: {exc}")
        ok = len(analyses) >= 2
        messages = [render_comparison_slack(compare(analyses))] if ok else []
        if failed:
            lead = "Compared the others; I couldn't read" if ok else "Nothing to compare: I couldn't read"
            messages.append(render_notice(f"{lead} {'; '.join(failed)}."))
        for message in messages:
            replies.post_or_respond(client, channel, message, thread_ts,
                                    lambda m: self.respond(p.get("response_url"), m))
        if p.get("ts"):
            replies.finish_status(client, channel, p["ts"], ok)
