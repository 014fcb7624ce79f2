"""One message per link, refined in place: the ledger reply of a link job, from its first post to its last update.

With a model, the reader should not wait 10-110 s for anything: the built-in (offline) reading goes out as soon
as the article is read, labelled as quick and with its metadata stage QUICK (bot/slack/once.py), and the same
message is replaced with `chat.update` by the model's checked ledger, then again by the source checks. A retry
after a crash finds the quick message by its job metadata and finishes it, instead of posting a second one.
Without a model (or with NEWSBOT_QUICK_FIRST_ANSWER=false) the ledger is posted once, as it always was.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient

from bot.analysis import Analysis
from bot.analysis.source_checks import has_links, without_source_checks
from bot.observability import metrics
from bot.pipeline import Pipeline
from bot.rendering import SlackMessage, render_quick, render_slack
from bot.rendering.feedback import with_feedback
from bot.settings import Settings
from bot.slack import once, replies
from bot.slack.agent_surface import Progress
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass
class LedgerReply:
    """The reply to one link in one thread. `ts` is the message once it exists: set by the first post, or given
    on a retry whose earlier attempt posted the quick answer (the job payload's `reply_ts`)."""

    settings: Settings
    store: Store
    pipeline: Pipeline
    client: WebClient
    channel: str
    thread_ts: str
    url: str
    payload: dict[str, Any]
    ts: str | None = None
    progress: Progress | None = None  # told when an answer shows: the app's DM titles its conversation then
    reply_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    _session_open: bool = False

    def analyze(self) -> Analysis:
        """Read and analyse, showing the quick answer on the way when a model will take a while."""
        quick = self.quick if self.settings.quick_first_answer else None
        if isinstance(self.payload.get("text"), str):  # pasted text (bot/slack/assistant.py): `url` is its key
            return self.pipeline.analyze_text(self.url, self.payload["text"], self.payload.get("team", ""),
                                              on_quick=quick)
        return self.pipeline.analyze_url(self.url, self.payload.get("team", ""), source_checks=False,
                                         on_quick=quick)

    def quick(self, analysis: Analysis) -> None:
        """The built-in reading, posted at once; on a retry the earlier attempt's post already shows it."""
        if self.ts is not None:
            return
        self._open_session()
        self.ts = replies.post(self.client, self.channel, render_quick(self._for_channel(analysis)), self.thread_ts,
                               stage=once.QUICK)
        if self.progress is not None:
            self.progress.shown(analysis, posted=True, final=False)
        metrics.answered(self.payload.get("ts"), final=False)

    def final(self, analysis: Analysis) -> Analysis:
        """The ledger (the model's, or the quick one relabelled with why the model failed), with feedback
        buttons, in place of the quick answer if there is one. Recorded once shown, for the dashboard and
        feedback. Returns the analysis as shown."""
        analysis = self._for_channel(analysis)
        first = self.ts is None
        self._open_session()
        self._show(with_feedback(render_slack(analysis), self.reply_id))
        if self.progress is not None:
            self.progress.shown(analysis, posted=first, final=True)
        metrics.answered(self.payload.get("ts"), first=first)
        self.store.record_reply(self.reply_id, self.payload.get("team", ""), self.channel, self.thread_ts, self.url,
                                analysis, enterprise=self.payload.get("enterprise", ""))
        return analysis

    def notice(self, message: SlackMessage) -> None:
        """A failure to report: in place of a quick answer left by an earlier attempt, else as the reply."""
        self._show(message)

    def _open_session(self) -> None:
        """Before the first answer shows: a reader who replies the moment it does gets a follow-up, not silence."""
        if self._session_open:
            return
        self._session_open = True
        self.store.open_session(self.channel, self.thread_ts, self.url, self.payload.get("team", ""),
                                self.payload.get("enterprise", ""))

    def _show(self, message: SlackMessage) -> None:
        if self.ts is None:
            self.ts = replies.post(self.client, self.channel, message, self.thread_ts)
        else:
            replies.update(self.client, self.channel, self.ts, message)

    def _for_channel(self, analysis: Analysis) -> Analysis:
        if not self.settings.checks_sources(self.channel):
            return without_source_checks(analysis)  # a cached analysis may hold them; this channel said no
        return analysis

    def check_sources(self, analysis: Analysis) -> Analysis:
        """After the ledger is out: check the linked documents and add the lines to the same message."""
        if analysis.sources_checked or not self.settings.checks_sources(self.channel) or not has_links(analysis):
            return analysis
        try:
            checked = self.pipeline.check_sources(self.url, analysis, self.payload.get("team", ""))
            assert self.ts is not None
            replies.update(self.client, self.channel, self.ts, with_feedback(render_slack(checked), self.reply_id))
            return checked
        except Exception:  # noqa: BLE001 - the ledger is posted; a failed check must not report it as failed
            log.exception("source checks failed for %s", self.url)
            return analysis
