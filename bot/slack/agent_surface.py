"""Slack's AI-app surface, from the worker's side: the status while an article is read and analysed, the
conversation's title, the suggested prompts and the short notes of the app's DM (issue 21, item 2).

Bolt's `set_status`/`set_title`/`set_suggested_prompts` exist only inside listeners, and our listeners only queue
jobs (they must ack fast), so the worker makes the same calls itself with the ids stored on the job. Two
surfaces answer them: the legacy assistant view (`assistant.threads.*`) and the 2026 agent view, where Slack
answers `method_not_supported_for_channel_type` and `agents.sessions.*` takes over. Like a reaction, each of
these calls is a courtesy: a failure is logged and never costs the reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.analysis import Analysis
from bot.rendering import SlackMessage, render_notice
from bot.slack import replies

log = logging.getLogger(__name__)

WELCOME_JOB, NOTE_JOB = "agent_welcome", "agent_note"
AGENT_VIEW_ONLY = "method_not_supported_for_channel_type"  # the agent view: use agents.sessions.* instead
UNTITLED_TEXT = "Sourcing check of "  # the title bot/reading/message.py gives a text with no headline
TITLE_LIMIT = 100  # a headline longer than this is cut (the sidebar shows far less)
PROMPTS: tuple[dict[str, str], ...] = (  # what a click sends is recognised by bot/slack/assistant.py
    {"title": "Check a link", "message": "Check a link"},
    {"title": "Who are the sources?", "message": "Who are the sources?"},
    {"title": "What changed since it was published?", "message": "What changed since it was published?"},
    {"title": "Compare two outlets", "message": "Compare two outlets"},
)
WELCOME = ("Paste a link to a news article, or the article's own text, and I'll answer in the thread: what it "
           "claims, who says so, and how solid the sourcing is. Ask follow-up questions there, or paste a second "
           "outlet's link to compare the two.")
READING = "is reading the article…"
LOADING = ["Reading the article…", "Finding the claims…", "Working out who says so…"]
CHECKING = "is checking it with the model…"


class Progress(Protocol):
    """How a link job shows that it is working: reactions in channels, a status and a title in the app's DM."""

    def start(self) -> None: ...

    def shown(self, analysis: Analysis, posted: bool, final: bool) -> None: ...

    def finish(self, ok: bool) -> None: ...


class Reactions:
    """In a channel: 👀 on the link's message while working, then ✅ or ⚠️ (bot/slack/replies.py)."""

    def __init__(self, client: WebClient, channel: str, ts: str) -> None:
        self.client, self.channel, self.ts = client, channel, ts

    def start(self) -> None:
        replies.react(self.client, self.channel, self.ts, replies.WORKING)

    def shown(self, analysis: Analysis, posted: bool, final: bool) -> None:
        return None

    def finish(self, ok: bool) -> None:
        replies.finish_status(self.client, self.channel, self.ts, ok)


class AgentThread:
    """One conversation with the app (an assistant thread, or an agent-view session): its status and title.

    Slack clears the status when the app posts in the thread, not when it updates a message, so a status set
    after the last post is cleared explicitly at the end."""

    def __init__(self, client: WebClient, channel: str, thread_ts: str) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self.agent_view = False  # learnt from the first answer of assistant.threads.*
        self._status_up = False
        self._titled = False

    # --- Progress --------------------------------------------------------------------------------
    def start(self) -> None:
        self.set_status(READING, LOADING)

    def shown(self, analysis: Analysis, posted: bool, final: bool) -> None:
        if posted:
            self._status_up = False
        if not self._titled:
            self._titled = True
            self.set_title(headline(analysis))
        if not final:
            self.set_status(CHECKING)

    def finish(self, ok: bool) -> None:
        if self._status_up:
            self.set_status("")

    # --- Slack calls -----------------------------------------------------------------------------
    def set_status(self, status: str, loading: list[str] | None = None) -> None:
        self._status_up = bool(status)
        self._call("status", lambda: self.client.assistant_threads_setStatus(
            channel_id=self.channel, thread_ts=self.thread_ts, status=status, loading_messages=loading),
            lambda: self.client.agents_sessions_setStatus(channel_id=self.channel, thread_ts=self.thread_ts,
                                                          status=status))

    def set_title(self, text: str) -> None:
        title = " ".join((text or "").split())
        if not title:
            return
        title = title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT - 1].rstrip() + "…"
        self._call("title", lambda: self.client.assistant_threads_setTitle(
            channel_id=self.channel, thread_ts=self.thread_ts, title=title),
            lambda: self.client.agents_sessions_rename(channel_id=self.channel, thread_ts=self.thread_ts,
                                                       title=title))

    def _call(self, what: str, assistant: Callable[[], object], agent: Callable[[], object]) -> None:
        """The assistant view's method; once Slack says this DM is in the agent view, the agents.* one."""
        try:
            if not self.agent_view:
                try:
                    assistant()
                    return
                except SlackApiError as exc:
                    if _error(exc) != AGENT_VIEW_ONLY:
                        raise
                    self.agent_view = True
            agent()
        except Exception as exc:  # noqa: BLE001 - a status or a title must never cost the reply
            log.warning("%s in %s/%s not set: %s", what, self.channel, self.thread_ts, _error(exc))


def headline(analysis: Analysis) -> str:
    """The article's headline; for pasted text without one (bot/reading/message.py names it "Sourcing check of
    …"), its opening words, so that each conversation in the sidebar says which text it is about."""
    article = analysis.article
    if article.url is None and article.title.startswith(UNTITLED_TEXT):
        words = article.text.split()
        return "Pasted: " + " ".join(words[:10]) + ("…" if len(words) > 10 else "")
    return article.title


def progress_for(client: WebClient, p: dict[str, Any]) -> Progress:
    """A job from the app's DM (bot/slack/assistant.py marks it) shows a status; any other, reactions."""
    if p.get("assistant"):
        return AgentThread(client, p["channel"], p["thread_ts"])
    return Reactions(client, p["channel"], p["ts"])


class AgentNotes:
    """Jobs that only talk: the welcome with its suggested prompts, and the notes that answer what cannot be
    analysed (a file, an emoji, a prompt that needs an article first)."""

    def welcome(self, p: dict[str, Any], client: WebClient) -> None:
        """Prompts first (they show under the composer at once), then the welcome. In the agent view the
        Messages tab has no thread yet: the prompts are set on the DM itself (no thread_ts)."""
        channel, thread_ts = p["channel"], p.get("thread_ts")
        try:
            client.assistant_threads_setSuggestedPrompts(channel_id=channel, thread_ts=thread_ts,
                                                         prompts=[dict(prompt) for prompt in PROMPTS],
                                                         title="Try one of these:")
        except SlackApiError as exc:  # the welcome still goes out: it says the same in words
            log.warning("suggested prompts in %s not set: %s", channel, _error(exc))
        replies.post(client, channel, _plain(WELCOME), thread_ts)

    def note(self, p: dict[str, Any], client: WebClient) -> None:
        replies.post(client, p["channel"], render_notice(p["text"], emoji=p.get("emoji", ":information_source:")),
                     p.get("thread_ts"))


def _plain(text: str) -> SlackMessage:
    return SlackMessage(text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def _error(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    return str(response.get("error")) if response is not None and hasattr(response, "get") else type(exc).__name__
