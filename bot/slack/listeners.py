"""Bolt listeners, grouped by kind and registered in one place. Each acks at once and queues a job."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App

from bot.rendering.slack import esc
from bot.settings import Settings
from bot.slack.assistant import AppConversations
from bot.slack.links import article_links
from bot.alignment.compare import MAX_ARTICLES as MAX_COMPARED
from bot.slack.comparing import JOB_KIND as COMPARE_JOB
from bot.slack.interactions import Interactions
from bot.slack.owners import same_workspace
from bot.slack.work import JobQueue
from bot.store import Store

log = logging.getLogger(__name__)

_HANDLED_SUBTYPES = {None, "thread_broadcast", "file_share"}
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
HELP = ("Drop a link to a news article in a channel I'm in (or mention me with it) and I'll reply in the thread: "
        "what it claims, who says so, and how solid the sourcing is. Ask follow-up questions in that thread.")


def register(app: App, settings: Settings, store: Store, queue: JobQueue) -> None:
    handler = MessageHandler(settings, store, queue)
    # first: the app's own DM (agent and assistant views) answers what channels answer, by the same jobs
    AppConversations(settings, store, queue, handler, workspace).register(app)
    app.event("message")(handler.on_message)
    app.event("app_mention")(handler.on_mention)
    app.command(settings.command)(handler.on_command)
    Interactions(store, queue, handler.links, handler.ttl).register(app, workspace)


class MessageHandler:
    def __init__(self, settings: Settings, store: Store, queue: JobQueue) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.ttl = settings.dedupe_ttl_hours * 3600

    # --- events ----------------------------------------------------------------------------------
    def on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        if not self.from_a_person(event, context):
            return
        channel = event.get("channel", "")
        if self.follow_up(event, context):
            return
        if not self._channel_enabled(channel) or self._mention_only(channel):
            return
        self.links(event, body.get("team_id", ""), workspace(context))

    def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: Any, say: Any) -> None:
        if not self.from_a_person(event, context):
            return
        if self.follow_up(event, context):
            return
        if not self._channel_enabled(event.get("channel", "")):
            return
        if not self.links(event, body.get("team_id", ""), workspace(context)):
            if self.store.claim(f"help:{event.get('channel')}:{event.get('ts')}", self.ttl):
                say(text=HELP, thread_ts=event.get("thread_ts") or event.get("ts"), unfurl_links=False)

    def links(self, event: dict[str, Any], team: str, where: dict[str, Any],
              extra: dict[str, Any] | None = None) -> int:
        """Queue one job per new article link; the same (channel, message, URL) is queued once. `extra` goes
        into each job (the app's DM marks its jobs so the worker shows a status, bot/slack/agent_surface.py)."""
        channel, ts = event.get("channel", ""), event.get("ts", "")
        urls = article_links(_text(event), event.get("blocks"), self.settings.deny_domains,
                             self.settings.max_links_per_message)
        for url in urls:
            if self.store.claim(f"work:{team}:{channel}:{ts}:{url}", self.ttl):
                self.queue.submit("link", {"channel": channel, "ts": ts,
                                            "thread_ts": event.get("thread_ts") or ts, "url": url, **(extra or {}),
                                            **where})
        return len(urls)

    def follow_up(self, event: dict[str, Any], context: Any) -> bool:
        """A message in a thread the bot answered is a question about that thread's article."""
        thread_ts, ts, channel = event.get("thread_ts"), event.get("ts"), event.get("channel", "")
        if not thread_ts or thread_ts == ts:
            return False
        session = self.store.session(channel, thread_ts)
        if session is None:
            return False
        if not same_workspace(session.team, session.enterprise, workspace(context)):
            log.info("follow-up refused: thread %s/%s belongs to another workspace", channel, thread_ts)
            return True  # quietly: nothing is queued, nothing is said
        links = article_links(_text(event), event.get("blocks"), self.settings.deny_domains, MAX_COMPARED - 1)
        if links:  # another outlet's link in the thread: compare it with the thread's article
            if self.store.claim(f"compare:{channel}:{ts}", self.ttl):
                self.queue.submit(COMPARE_JOB, {"channel": channel, "ts": ts, "thread_ts": thread_ts,
                                                "urls": [session.url, *links], **workspace(context)})
            return True
        question = _MENTION.sub("", _text(event)).strip()
        if question and self.store.claim(f"question:{channel}:{ts}", self.ttl):
            self.queue.submit("question", {"channel": channel, "ts": ts, "thread_ts": thread_ts,
                                            "question": question, "user": event.get("user", ""),
                                            **workspace(context)})
        return True

    def from_a_person(self, event: dict[str, Any], context: Any) -> bool:
        """Not another bot, not the bot itself, not an edit, unfurl or join."""
        if event.get("bot_id") or event.get("subtype") not in _HANDLED_SUBTYPES:
            return False  # other bots, edits, unfurls, joins...
        return event.get("user") not in (None, getattr(context, "bot_user_id", None))

    def _channel_enabled(self, channel: str) -> bool:
        return not self.settings.channels or channel in self.settings.channels

    def _mention_only(self, channel: str) -> bool:
        return self.settings.mention_only or channel in self.settings.mention_only_channels

    # --- slash command ---------------------------------------------------------------------------
    def on_command(self, ack: Ack, command: dict[str, Any], context: Any) -> None:
        urls = article_links(_text(command), None, self.settings.deny_domains, MAX_COMPARED)
        if not urls:
            ack(text=f"Usage: {self.settings.command} <article URL> [more URLs to compare, up to "
                     f"{MAX_COMPARED}]. {HELP}")
            return
        if len(urls) > 1:
            ack(text=f"Comparing {len(urls)} articles …")
            self.queue.submit(COMPARE_JOB, {"channel": command.get("channel_id", ""), "urls": urls,
                                            "user": command.get("user_id", ""),
                                            "response_url": command.get("response_url"), **workspace(context)})
            return
        ack(text=f"Reading {esc(urls[0])} …")  # escaped: the user's text never goes back with live markup
        self.queue.submit("command", {"channel": command.get("channel_id", ""), "url": urls[0],
                                       "user": command.get("user_id", ""),
                                       "response_url": command.get("response_url"), **workspace(context)})


def workspace(context: Any) -> dict[str, Any]:
    """Where the event came from, for the job: the worker needs that workspace's token and cache scope."""
    return {"team": getattr(context, "team_id", None) or "", "enterprise": getattr(context, "enterprise_id", None) or "",
            "enterprise_install": bool(getattr(context, "is_enterprise_install", False))}


def _text(payload: dict[str, Any]) -> str:
    """The message or command text; Slack sends `"text": null` on some messages (files, rich text)."""
    text = payload.get("text")
    return text if isinstance(text, str) else ""
