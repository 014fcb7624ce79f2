"""The bot as a Slack AI app (issue 21, item 2): the app's own DM, in the 2026 agent view (the Messages tab:
`app_home_opened` with tab `messages`, then `message.im`) and in the legacy assistant view (Bolt's `Assistant`:
`assistant_thread_started`, `assistant_thread_context_changed`, the user's messages in the thread).

These listeners only decide and queue, like every other listener (they must ack fast): a pasted link or text is
the same `link` job as a link in a channel, with the DM and its thread, and a message in a thread the bot answered
is the same follow-up or comparison. The Slack calls of the AI surface (status, title, prompts) are made by the
worker (bot/slack/agent_surface.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt import App, Assistant

from bot.alignment.compare import MAX_ARTICLES as MAX_COMPARED
from bot.pipeline import text_key
from bot.reading.message import MAX_MESSAGE_CHARS
from bot.settings import Settings
from bot.slack.agent_surface import NOTE_JOB, WELCOME_JOB
from bot.slack.comparing import JOB_KIND as COMPARE_JOB
from bot.slack.links import article_links
from bot.slack.work import JobQueue
from bot.store import Store

log = logging.getLogger(__name__)

MIN_TEXT_WORDS = 25  # fewer words than a wire flash is a question or a greeting, not a text to analyse
WELCOME_EVERY_SECONDS = 7 * 86400  # a Messages-tab open gets the welcome and prompts once a week per person
_NOT_WORDS = re.compile(r"<[^>]*>|:[a-z0-9_+'\-]+:", re.I)  # mentions, links, emoji shortcodes
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")

FILE_ONLY = ("I can't open files here. Paste a link to the article, or paste its text, and I'll show what it "
             "claims, who says so, and how solid the sourcing is.")
NOTHING = ("Paste a link to a news article, or the article's text (a paragraph or more), and I'll show what it "
           "claims, who says so, and how solid the sourcing is.")
PROMPT_NOTES = {
    "check a link": "Paste the link here and I'll read the article and answer in the thread.",
    "who are the sources?": "Paste a link to the article (or its text) first; then ask me that in its thread.",
    "what changed since it was published?": "Paste a link to the article first; then ask me that in its thread.",
    "compare two outlets": "Paste two links to articles on the same story, in one message, and I'll compare "
                           "them claim by claim.",
}


class ChannelMessages(Protocol):
    """What the channel listeners (bot/slack/listeners.py) already do, reused here as it is."""

    def from_a_person(self, event: dict[str, Any], context: Any) -> bool: ...

    def follow_up(self, event: dict[str, Any], context: Any) -> bool: ...

    def links(self, event: dict[str, Any], team: str, where: dict[str, Any],
              extra: dict[str, Any] | None = None) -> int: ...


class AppConversations:
    def __init__(self, settings: Settings, store: Store, queue: JobQueue, channel_messages: ChannelMessages,
                 workspace: Callable[[Any], dict[str, Any]]) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue
        self.channel_messages = channel_messages
        self.workspace = workspace
        self.ttl = settings.dedupe_ttl_hours * 3600

    def register(self, app: App) -> None:
        """Before the channel listeners: Bolt runs the first listener that matches an event."""
        assistant = Assistant()
        assistant.thread_started(self.on_thread_started)
        assistant.thread_context_changed(self.on_context_changed)
        assistant.user_message(self.on_message)
        app.use(assistant)
        app.event("app_home_opened", matchers=[_messages_tab])(self.on_messages_tab)
        app.event("message", matchers=[_direct])(self.on_message)

    # --- the agent view --------------------------------------------------------------------------
    def on_messages_tab(self, event: dict[str, Any], context: Any) -> None:
        """The welcome and the prompts, once a week per person: they need no shared channel, no history."""
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel:
            return
        where = self.workspace(context)
        if self.store.claim(f"agent-welcome:{where['team'] or where['enterprise']}:{user}", WELCOME_EVERY_SECONDS):
            self.queue.submit(WELCOME_JOB, {"channel": channel, "user": user, **where})

    # --- the legacy assistant view ---------------------------------------------------------------
    def on_thread_started(self, event: dict[str, Any], context: Any) -> None:
        thread = event.get("assistant_thread") or {}
        channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
        if channel and thread_ts:
            self.queue.submit(WELCOME_JOB, {"channel": channel, "thread_ts": thread_ts,
                                            "user": thread.get("user_id", ""), **self.workspace(context)})

    def on_context_changed(self, event: dict[str, Any]) -> None:
        """The channel the person is looking at changed. The bot answers what is pasted, not that channel, so
        nothing is kept; handled so that Bolt's default does not read the thread (Tier 1) and rewrite a reply."""
        thread = event.get("assistant_thread") or {}
        log.debug("assistant thread %s now beside %s", thread.get("thread_ts"),
                  (thread.get("context") or {}).get("channel_id"))

    # --- a message to the app (either view) ------------------------------------------------------
    def on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        """Bad input first (it gets a note, never silence), then a thread the bot answered (a follow-up or a
        comparison, as in channels), then links, then pasted text."""
        channels = self.channel_messages
        if not channels.from_a_person(event, context):
            return
        text = _text(event)
        if not _words(text) and not article_links(text, event.get("blocks"), (), 1):
            self._note(event, context, FILE_ONLY if event.get("files") else NOTHING)
            return
        if channels.follow_up(event, context):
            return
        where, team = self.workspace(context), body.get("team_id", "")
        mine = {"assistant": True, "user": event.get("user", "")}
        urls = article_links(text, event.get("blocks"), self.settings.deny_domains, MAX_COMPARED)
        if len(urls) > 1:  # "Compare two outlets": the links of one message, compared claim by claim
            self._compare(event, urls, where)
        elif urls:
            channels.links(event, team, where, mine)
        elif text.strip().lower() in PROMPT_NOTES:
            self._note(event, context, PROMPT_NOTES[text.strip().lower()])
        elif len(_words(text)) < MIN_TEXT_WORDS:
            self._note(event, context, NOTHING)
        else:
            self._pasted_text(event, text, where, mine)

    def _pasted_text(self, event: dict[str, Any], text: str, where: dict[str, Any], mine: dict[str, Any]) -> None:
        channel, ts = event.get("channel", ""), event.get("ts", "")
        if self.store.claim(f"work:{where['team']}:{channel}:{ts}:text", self.ttl):
            self.queue.submit("link", {"channel": channel, "ts": ts, "thread_ts": event.get("thread_ts") or ts,
                                       "url": text_key(where["team"] or where["enterprise"], channel, ts),
                                       "text": text[:MAX_MESSAGE_CHARS], **mine, **where})

    def _compare(self, event: dict[str, Any], urls: list[str], where: dict[str, Any]) -> None:
        channel, ts = event.get("channel", ""), event.get("ts", "")
        if self.store.claim(f"compare:{channel}:{ts}", self.ttl):
            self.queue.submit(COMPARE_JOB, {"channel": channel, "ts": ts, "thread_ts": event.get("thread_ts") or ts,
                                            "urls": urls, "user": event.get("user", ""), **where})

    def _note(self, event: dict[str, Any], context: Any, text: str) -> None:
        channel, ts = event.get("channel", ""), event.get("ts", "")
        if channel and ts and self.store.claim(f"note:{channel}:{ts}", self.ttl):
            self.queue.submit(NOTE_JOB, {"channel": channel, "ts": ts, "thread_ts": event.get("thread_ts") or ts,
                                         "text": text, **self.workspace(context)})


def _messages_tab(event: dict[str, Any]) -> bool:
    return event.get("tab") == "messages"


def _direct(event: dict[str, Any]) -> bool:
    """A direct message to the app; a DM is addressed to the bot, so no channel setting applies to it."""
    return event.get("channel_type") == "im"


def _words(text: str) -> list[str]:
    return _WORD.findall(_NOT_WORDS.sub(" ", text))


def _text(payload: dict[str, Any]) -> str:
    text = payload.get("text")
    return text if isinstance(text, str) else ""
