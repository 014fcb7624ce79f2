"""The slash command's two messages (a summary in the channel, the ledger in its thread), each refined in place.

As for a link (bot/slack/ledger_reply.py): with a model, the built-in reading goes out at once, the summary
labelled as quick and carrying the QUICK stage in its metadata, the ledger posted as LedgerReply's quick answer;
then both are replaced with `chat.update` by the model's (summary first, so a retry that finds the ledger final
knows the summary is too). A retry finds the summary by its job metadata (`once.find_root`) and the ledger in its
thread, and updates them instead of posting again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.analysis import Analysis, ModelError
from bot.reading import ReadError
from bot.rendering import SlackMessage, render_notice, render_slack, render_slack_summary
from bot.slack import once, replies
from bot.slack.ledger_reply import LedgerReply


@dataclass(frozen=True)
class Earlier:
    """What an earlier attempt of a command job posted: its summary's ts, and its ledger (if any)."""

    root_ts: str
    ledger: once.Posted | None

    def done(self) -> bool:
        return self.ledger is not None and self.ledger.stage != once.QUICK


def find_earlier(client: WebClient, channel: str, job_id: str) -> Earlier | None:
    """On a retry: the summary this job posted, and its ledger reply. Two reads, only when there is a summary."""
    root = once.find_root(client, channel, job_id)
    if root is None:
        return None
    return Earlier(root.ts, once.find_posted(client, channel, root.ts, job_id, after_ts=root.ts))


@dataclass
class CommandReply:
    """One slash command's answer. `make_ledger(thread_ts)` gives the LedgerReply for the summary's thread (the
    worker's, with the payload's `reply_ts` on a retry); `respond` answers ephemerally where the bot may not post."""

    client: WebClient
    channel: str
    url: str
    quick_first: bool
    analyze: Callable[[Callable[[Analysis], None] | None], Analysis]
    make_ledger: Callable[[str], LedgerReply]
    respond: Callable[[SlackMessage], None]
    root: str | None = None  # the summary, once posted (or found by a retry)
    ledger: LedgerReply | None = None
    _cannot_post: bool = False

    def run(self) -> tuple[LedgerReply, Analysis] | None:
        """Summary and ledger shown, final; None when there was nothing to post (a failure, an ephemeral answer)."""
        try:
            analysis = self.analyze(self._quick if self.quick_first else None)
        except (ReadError, ModelError) as exc:
            notice = render_notice(f"I couldn't analyse {self.url}: {exc}.")
            if self.root is not None:
                replies.update(self.client, self.channel, self.root, notice)
                self._ledger().notice(notice)
            else:
                self.respond(notice)
            return None
        if not self._summary(analysis, quick=False):
            return None
        ledger = self._ledger()
        return ledger, ledger.final(analysis)

    def _quick(self, analysis: Analysis) -> None:
        if self._summary(analysis, quick=True):
            self._ledger().quick(analysis)

    def _summary(self, analysis: Analysis, quick: bool) -> bool:
        """Post or update the summary; False where the bot may not post (the full analysis goes ephemerally,
        once, when final)."""
        message = render_slack_summary(analysis, quick=quick)
        if self.root is not None:
            if not quick:  # a retry's quick reading is already on show
                replies.update(self.client, self.channel, self.root, message)
            return True
        if self._cannot_post:  # found at the quick answer: the full analysis goes ephemerally, once, when final
            if not quick:
                self.respond(render_slack(analysis))
            return False
        self.root = replies.post_or_respond(self.client, self.channel, message, None, self._cannot,
                                            stage=once.QUICK if quick else None)
        if self.root is None and not quick:
            self.respond(render_slack(analysis))
        return self.root is not None

    def _cannot(self, _message: SlackMessage) -> None:
        self._cannot_post = True

    def _ledger(self) -> LedgerReply:
        assert self.root is not None
        if self.ledger is None:
            self.ledger = self.make_ledger(self.root)
        return self.ledger
