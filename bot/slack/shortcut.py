"""The "Check sourcing" message shortcut: the ledger of a message's own text (a pasted press release, a
wire flash), answered in the message's thread, numbers first; ephemerally where the bot cannot post."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from bot.analysis import Analyzer, ModelError
from bot.analysis.figures_first import figures_first
from bot.reading import ReadError
from bot.reading.message import article_from_message
from bot.rendering import SlackMessage, render_notice, render_slack
from bot.rendering.feedback import with_feedback
from bot.slack import replies
from bot.store import Store

CALLBACK_ID = "check_sourcing"
JOB_KIND = "shortcut"


class SourcingCheck:
    def __init__(self, analyzer: Analyzer, store: Store, respond: Callable[[str | None, SlackMessage], None]) -> None:
        self.analyzer = analyzer
        self.store = store
        self.respond = respond

    def run(self, p: dict[str, Any], client: WebClient) -> None:
        channel, thread_ts = p["channel"], p["thread_ts"]
        ephemeral = lambda message: self.respond(p.get("response_url"), message)  # noqa: E731
        try:
            analysis, figures = figures_first(self.analyzer.analyze(article_from_message(p["text"], "a message")))
        except (ReadError, ModelError) as exc:
            replies.post_or_respond(client, channel, render_notice(f"I couldn't check that message: {exc}."),
                                    thread_ts, ephemeral)
            return
        reply_id = uuid.uuid4().hex
        message = with_feedback(_numbers_first(render_slack(analysis), figures), reply_id)
        if replies.post_or_respond(client, channel, message, thread_ts, ephemeral) is not None:
            self.store.record_reply(reply_id, p.get("team", ""), channel, thread_ts,
                                    f"slack-message:{channel}/{p.get('ts', thread_ts)}", analysis,
                                    enterprise=p.get("enterprise", ""))


def _numbers_first(message: SlackMessage, figures: int) -> SlackMessage:
    if not figures:
        return message
    span = "claim 1" if figures == 1 else f"claims 1–{figures}"
    note = SectionBlock(text=MarkdownTextObject(text=f":1234: *Numbers to check:* {span} carry figures.",
                                                verbatim=True)).to_dict()
    return SlackMessage(text=message.text, blocks=[message.blocks[0], note, *message.blocks[1:]][:50])
