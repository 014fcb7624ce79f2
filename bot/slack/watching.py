"""The correction watch in Slack: after a reply, re-read the URL on the schedule and post in the thread
only when the ledger changed substantively.

The schedule lives in the job table (run-after times), so it survives restarts and runs once across
replicas. One job per URL and step, whatever the number of threads: each step's job id is derived from the
URL and the step, and the watch row's step counter lets only one run of a step count. Each thread's post is
claimed in the dedupe table first, so a retried step never posts twice in a thread.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.analysis.models import Analysis
from bot.analysis.source_answers import check_line
from bot.analysis.source_checks import changed_checks, without_source_checks
from bot.pipeline import Pipeline, cache_scope
from bot.reading import ReadError
from bot.rendering import render_notice
from bot.rendering.alignment import render_diff_slack
from bot.settings import Settings
from bot.slack import replies
from bot.store import Store
from bot.store.watches import WatchedThread
from bot.watch.check import Outcome, WatchState, check, text_hash, watch_ledger

log = logging.getLogger(__name__)
JOB_KIND = "watch"


def job_id(scope: str, url: str, step: int | str) -> str:
    digest = hashlib.sha256(f"{scope}\n{url}".encode()).hexdigest()[:32]
    return f"watch-{digest}-{step}"


class Watcher:
    def __init__(self, settings: Settings, store: Store, pipeline: Pipeline,
                 client_for: Callable[[dict[str, Any]], WebClient]) -> None:
        self.settings = settings
        self.store = store
        self.pipeline = pipeline
        self.client_for = client_for  # a workspace's client, from a job-like payload (team, enterprise, ...)

    def follow(self, url: str, analysis: Analysis, payload: dict[str, Any], channel: str, thread_ts: str) -> None:
        """After a reply: watch this URL for this thread (a URL already watched only gains the thread)."""
        if not self.settings.watches(channel):
            return
        scope = cache_scope(self.settings, url, payload.get("team", ""))
        baseline = watch_ledger(analysis.article)
        thread = WatchedThread(team=payload.get("team", ""), enterprise=payload.get("enterprise", ""),
                               channel=channel, thread_ts=thread_ts)
        if self.store.start_watch(scope, url, baseline, text_hash(analysis.article.text), thread):
            delay = self.settings.watch_delays[0]
            self.store.add_job(JOB_KIND, {"scope": scope, "url": url, "step": 0, **_where(payload)}, delay,
                               job_id=job_id(scope, url, 0))

    def run(self, p: dict[str, Any], _client: WebClient) -> None:
        """One scheduled re-read (a job)."""
        scope, url, step = p["scope"], p["url"], int(p["step"])
        watch = self.store.watch(scope, url)
        if watch is None or not watch.active or watch.step != step:
            return  # stopped, or a stale re-run of a step already done
        try:
            # the scope is the owning team for a private page: re-read with that workspace's private hosts
            current: Analysis | None = watch_ledger(self.pipeline.reader.read_url(url, scope))
            error = None
        except ReadError as exc:
            current, error = None, str(exc)
        state = WatchState(baseline=watch.baseline, replies=watch.replies, text_hash=watch.text_hash)
        outcome = check(state, current, error)
        if outcome.posts:
            self._post(scope, url, step, outcome)
        if current is not None:
            self._linked_documents(scope, url, step)
        delays = self.settings.watch_delays
        active = not outcome.stops_watch and step + 1 < len(delays)
        if self.store.advance_watch(scope, url, step, state.baseline, state.text_hash, state.replies, active) and active:
            self.store.add_job(JOB_KIND, {**p, "step": step + 1}, delays[step + 1] - delays[step],
                               job_id=job_id(scope, url, step + 1))
        log.info("watch %s step %d: %s", url, step, outcome.kind)

    def _linked_documents(self, scope: str, url: str, step: int) -> None:
        """The documents the claims link to, fetched again: a changed verdict or sentence is posted once."""
        cached = self.store.any_analysis(url, scope)
        if not self.settings.source_checks or cached is None or not cached.sources_checked:
            return
        fresh = self.pipeline.source_checker.check(without_source_checks(cached), fresh=True,
                                                   private_ok=self.pipeline.private_documents_ok(scope))
        changes = changed_checks(cached, fresh)
        if not changes:
            return
        lines = [f"claim {n}: {check_line(new)} (was: {check_line(old)})" for n, old, new in changes]
        notice = render_notice("A document this article links to has changed. " + " ".join(lines), emoji=":mag:")
        self._send(scope, url, f"sources:{step}", [notice])
        self.store.save_analysis(url, fresh, scope)  # the next step compares with what the documents say now

    def _post(self, scope: str, url: str, step: int, outcome: Outcome) -> None:
        messages = []
        if outcome.diff is not None and outcome.kind == "changed":  # the note alone ends a live page's watch
            messages.append(render_diff_slack(outcome.diff))
        if outcome.message:
            messages.append(render_notice(outcome.message, emoji=":mag:"))
        self._send(scope, url, step, messages)

    def _send(self, scope: str, url: str, step: int | str, messages: list[Any]) -> None:
        ttl = max(self.settings.dedupe_ttl_hours * 3600, 86400.0)
        for thread in self.store.watched_threads(scope, url):
            key = f"watch-post:{job_id(scope, url, step)}:{thread.channel}:{thread.thread_ts}"
            if not self.store.claim(key, ttl):
                continue  # posted there by an earlier run of this step
            try:
                client = self.client_for({"team": thread.team, "enterprise": thread.enterprise})
                for message in messages:
                    replies.post(client, thread.channel, message, thread.thread_ts)
            except Exception as exc:
                if not replies.slack_unavailable(exc):  # e.g. removed from the channel: the other threads still hear
                    log.warning("watch reply for %s in %s not posted: %s", url, thread.channel, exc)
                    continue
                self.store.release(key)  # Slack is away: the step is retried later and may post it then
                raise


def _where(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: payload[k] for k in ("team", "enterprise", "enterprise_install") if k in payload}
