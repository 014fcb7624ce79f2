"""Bolt listeners, grouped by kind and registered in one place. Each acks at once and queues a job."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.settings import Settings
from bot.slack.links import article_links
from bot.slack.work import JobQueue
from bot.storage import Store

_HANDLED_SUBTYPES = {None, "thread_broadcast", "file_share"}
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
HELP = ("Drop a link to a news article in a channel I'm in (or mention me with it) and I'll reply in the thread: "
        "what it claims, who says so, and how solid the sourcing is. Ask follow-up questions in that thread.")


def register(app: App, settings: Settings, store: Store, queue: JobQueue) -> None:
    handler = MessageHandler(settings, store, queue)
    app.event("message")(handler.on_message)
    app.event("app_mention")(handler.on_mention)
    app.command(settings.command)(handler.on_command)


class MessageHandler:
    def __init__(self, settings: Settings, store: Store, queue: JobQueue) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.ttl = settings.dedupe_ttl_hours * 3600

    # --- events ----------------------------------------------------------------------------------
    def on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        if not self._from_a_person(event, context):
            return
        channel = event.get("channel", "")
        if self._follow_up(event):
            return
        if not self._channel_enabled(channel) or self._mention_only(channel):
            return
        self._links(event, body.get("team_id", ""))

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: Any, say: Any) -> None:
        if not self._from_a_person(event, context):
            return
        if self._follow_up(event):
            return
        if not self._channel_enabled(event.get("channel", "")):
            return
        if not self._links(event, body.get("team_id", "")):
            if self.store.claim(f"help:{event.get('channel')}:{event.get('ts')}", self.ttl):
                say(text=HELP, thread_ts=event.get("thread_ts") or event.get("ts"), unfurl_links=False)

    def _links(self, event: dict[str, Any], team: str) -> int:
        """Queue one job per new article link; the same (channel, message, URL) is queued once."""
        channel, ts = event.get("channel", ""), event.get("ts", "")
        urls = article_links(event.get("text", ""), event.get("blocks"), self.settings.deny_domains,
                             self.settings.max_links_per_message)
        for url in urls:
            if self.store.claim(f"work:{team}:{channel}:{ts}:{url}", self.ttl):
                self.queue.submit("link", {"channel": channel, "ts": ts,
                                            "thread_ts": event.get("thread_ts") or ts, "url": url})
        return len(urls)

    def _follow_up(self, event: dict[str, Any]) -> bool:
        """A message in a thread the bot answered is a question about that thread's article."""
        thread_ts, ts, channel = event.get("thread_ts"), event.get("ts"), event.get("channel", "")
        if not thread_ts or thread_ts == ts or self.store.session(channel, thread_ts) is None:
            return False
        if article_links(event.get("text", ""), event.get("blocks"), self.settings.deny_domains, 1):
            return False  # a new link in the thread is a new article, not a question
        question = _MENTION.sub("", event.get("text", "")).strip()
        if question and self.store.claim(f"question:{channel}:{ts}", self.ttl):
            self.queue.submit("question", {"channel": channel, "ts": ts, "thread_ts": thread_ts,
                                            "question": question})
        return True

    def _from_a_person(self, event: dict[str, Any], context: Any) -> bool:
        if event.get("bot_id") or event.get("subtype") not in _HANDLED_SUBTYPES:
            return False  # other bots, edits, unfurls, joins...
        return event.get("user") not in (None, getattr(context, "bot_user_id", None))

    def _channel_enabled(self, channel: str) -> bool:
        return not self.settings.channels or channel in self.settings.channels

    def _mention_only(self, channel: str) -> bool:
        return self.settings.mention_only or channel in self.settings.mention_only_channels

    # --- slash command ---------------------------------------------------------------------------
    def on_command(self, ack: Ack, command: dict[str, Any]) -> None:
        urls = article_links(command.get("text", ""), None, self.settings.deny_domains, 1)
        if not urls:
            ack(text=f"Usage: {self.settings.command} <article URL>. {HELP}")
            return
        ack(text=f"Reading {urls[0]} …")
        self.queue.submit("command", {"channel": command.get("channel_id", ""), "url": urls[0],
                                       "user": command.get("user_id", ""),
                                       "response_url": command.get("response_url")})
