"""One re-read of a watched article: is there anything an editor must hear about?

The comparison is always between ledgers built the same way from the two texts, so the verdict does not
depend on a model's mood: an unchanged page gives an identical ledger, and only substantive differences
(claims, figures, sources, cues, statuses, quotes, correction notes, caveats) count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from bot.alignment import LedgerDiff, diff
from bot.alignment.compare import same_event
from bot.analysis.models import Analysis
from bot.analysis.offline import analyze_offline
from bot.reading.article import Article

MAX_CHANGE_REPLIES = 3  # change posts per watch; the next change gets the "keeps changing" note and ends it

OutcomeKind = Literal["unchanged", "cosmetic", "changed", "unreadable", "different_article", "too_many_changes"]


@dataclass
class WatchState:
    """What a watch remembers between re-reads: the version last reported, and how often it was reported."""

    baseline: Analysis
    replies: int = 0
    text_hash: str = field(default="")

    def __post_init__(self) -> None:
        self.text_hash = self.text_hash or text_hash(self.baseline.article.text)


@dataclass
class Outcome:
    kind: OutcomeKind
    diff: LedgerDiff | None = None
    message: str = ""

    @property
    def stops_watch(self) -> bool:
        return self.kind in ("unreadable", "different_article", "too_many_changes")

    @property
    def posts(self) -> bool:
        return self.kind in ("changed", "unreadable", "different_article", "too_many_changes")


def watch_ledger(article: Article) -> Analysis:
    """The ledger a watch compares: offline (the same text always gives the same ledger, whichever backend
    wrote the reply) and read from the text with its spacing normalised, so re-spacing changes nothing."""
    paragraphs = [" ".join(p.split()) for p in article.text.split("\n\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    return analyze_offline(article.model_copy(update={"text": text}))


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def check(state: WatchState, current: Analysis | None, read_error: str | None = None) -> Outcome:
    """Compare the re-read with the baseline; on a reported change the re-read becomes the new baseline."""
    if current is None:
        return Outcome("unreadable", message=f"newsbot can no longer read this article ({read_error or 'unknown error'}), "
                                             "so it has stopped watching it for changes.")
    if text_hash(current.article.text) == state.text_hash:
        return Outcome("unchanged")
    related, _ = same_event([state.baseline, current])
    if len(related) < 2:
        return Outcome("different_article", message="This link now leads to a different article, so newsbot has "
                                                    "stopped watching it for changes.")
    result = diff(state.baseline, current, mode="versions")
    if not result.substantive:
        state.text_hash = text_hash(current.article.text)  # cosmetic: remember it, report nothing
        return Outcome("cosmetic", diff=result)
    if state.replies >= MAX_CHANGE_REPLIES:  # three changes reported: this one gets the note, not a fourth diff
        return Outcome("too_many_changes",
                       message="This page keeps changing (a live page?), so newsbot has stopped watching it.")
    state.replies += 1
    state.baseline = current
    state.text_hash = text_hash(current.article.text)
    return Outcome("changed", diff=result)
