"""The slow half of every request. Listeners ack at once and write a job to the store; a runner takes
jobs from the store and runs them in a bounded pool of threads.

The store is the queue, so nothing acked is lost: a job is deleted only once its reply is posted, and
work that was running when the process died is run again, when the runner restarts (SQLite) or when its
lease runs out (PostgreSQL, any replica); after too many attempts it is reported in its thread instead of
retried forever. In `newsbot serve` the runner lives in
its own process, so the CPU-bound work (extraction, parsing, rendering) never delays an ack.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.analysis import Analysis, ModelError, Turn
from bot.pipeline import Pipeline
from bot.reading import ReadError
from bot.rendering import render_answer_slack, render_notice
from bot.observability import metrics
from bot.settings import Settings
from bot.slack import once, replies
from bot.slack.replies import slack_unavailable
from bot.rendering.stream import answer_stream
from bot.slack.agent_surface import NOTE_JOB, WELCOME_JOB, AgentNotes, Progress, progress_for
from bot.slack.comparing import JOB_KIND as COMPARE_JOB
from bot.slack.owners import same_workspace
from bot.slack.home import CHART_JOB, HOME_JOB, HomeTab
from bot.slack.home_push import JOB_KIND as HOME_PUSH_JOB
from bot.slack.home_push import HomePush
from bot.slack.command_reply import CommandReply, find_earlier
from bot.slack.ledger_reply import LedgerReply
from bot.slack.shortcut import JOB_KIND as SHORTCUT_JOB
from bot.slack.shortcut import SourcingCheck
from bot.slack.streaming import AnswerStream
from bot.slack.comparing import Comparer
from bot.slack.oauth import NotInstalled, WorkspaceClients
from bot.slack.watching import JOB_KIND as WATCH_JOB
from bot.slack.watching import Watcher
from bot.store import Job, Store, StoreError
from bot.store.notify import JobNotices

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a job that keeps failing (e.g. it crashes the process) is reported, not retried forever
_PURGE_EVERY_SECONDS = 600.0
STOP_SECONDS = 15.0  # at shutdown, the jobs in hand get this long; the process exits within 30 s of SIGTERM
_SLACK_HOOK_HOSTS = ("hooks.slack.com", "hooks.slack-gov.com")


class JobQueue:
    """What listeners see: put a job in the store and wake a runner in this process, if there is one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.wakeup = threading.Event()

    def submit(self, kind: str, payload: dict[str, Any]) -> None:
        self.store.add_job(kind, payload)
        self.wakeup.set()


class JobRunner:
    """Takes runnable jobs from the store and runs them, at most `slots` at a time.

    It wakes when a listener in this process queues a job, on a PostgreSQL NOTIFY from any replica, or
    after `poll_seconds` (the fallback). Jobs in hand keep their lease renewed; a replica that dies stops
    renewing, and after the lease another runner takes its jobs over. The periodic purge runs under a lease
    too, so one replica does it at a time.
    """

    def __init__(self, worker: Worker, store: Store, slots: int, wakeup: threading.Event | None = None,
                 poll_seconds: float | None = None, lease_seconds: float = 120.0, name: str = "") -> None:
        self.worker = worker
        self.store = store
        self.slots = slots
        self.wakeup = wakeup or threading.Event()
        # SQLite has no notifications across processes: poll often. PostgreSQL's NOTIFY wakes us at once.
        self.poll_seconds = poll_seconds if poll_seconds is not None else (1.0 if store.shared else 0.05)
        self.lease_seconds = lease_seconds
        self.name = runner_name(name)  # host and pid in it: a runner on the same host can tell who is dead
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="newsbot-work")
        self._in_flight: dict[Future[None], str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsbot-runner", daemon=True)
        self._notices: JobNotices | None = None

    def start(self) -> JobRunner:
        # Jobs of a dead runner on this host (a crash, a restart) are taken back now; for other hosts we
        # cannot tell, and the lease decides.
        resumed = self.store.requeue_orphans(runner_is_dead)
        if resumed:
            log.warning("resuming %d job(s) left unfinished by a crash or restart", resumed)
        if self.store.shared:
            self._notices = JobNotices(self.store.db, self.wakeup).start()
        self._thread.start()
        return self

    def stop(self, wait: bool = True, timeout: float = STOP_SECONDS) -> bool:
        """Claim nothing more and give the jobs in hand until `timeout` to finish; every wait here is bounded.
        A job still running then (a stuck fetch, a database outage) is left as it is: its lease lapses, or
        the next start on this host takes it back, and it is retried. True if nothing was left running."""
        ends = time.monotonic() + timeout
        self._stop.set()
        self.wakeup.set()
        if self._notices is not None:
            self._notices.stop()
        if self._thread.is_alive():
            self._thread.join(max(0.0, ends - time.monotonic()))
        self._pool.shutdown(wait=False, cancel_futures=True)
        in_flight = [f for f in list(self._in_flight) if not f.done()]
        if wait and in_flight:
            futures_wait(in_flight, timeout=max(0.0, ends - time.monotonic()))
        left = [f for f in in_flight if not f.done()]
        if left or self._thread.is_alive():
            log.warning("job runner stopped with %d job(s) unfinished after %.0f s; they will be retried",
                        len(left), timeout)
        return not left and not self._thread.is_alive()

    def alive(self) -> bool:
        """The runner's loop is running (for /healthz)."""
        return self._thread.is_alive()

    def run_forever(self) -> None:
        self.start()
        self._thread.join()

    def _loop(self) -> None:
        next_purge = next_renewal = 0.0
        while not self._stop.is_set():
            try:
                next_purge, next_renewal = self._tick(next_purge, next_renewal)
            except StoreError as exc:  # the database is away: keep the jobs in hand, try again shortly
                log.error("job runner: %s", exc)
                self._stop.wait(1.0)
                continue
            self.wakeup.wait(self.poll_seconds)

    def _tick(self, next_purge: float, next_renewal: float) -> tuple[float, float]:
        now = time.monotonic()
        if now >= next_purge:  # expired dedupe keys, now and then, by one replica
            if self.store.try_lease("purge", self.name, _PURGE_EVERY_SECONDS):
                self.store.purge_expired()
            next_purge = now + _PURGE_EVERY_SECONDS
        self.wakeup.clear()
        self._in_flight = {f: job_id for f, job_id in self._in_flight.items() if not f.done()}
        if self._in_flight and now >= next_renewal:
            self.store.extend_leases(list(self._in_flight.values()), self.name, self.lease_seconds)
            next_renewal = now + self.lease_seconds / 3
        if self._stop.is_set():
            return next_purge, next_renewal
        for job in self.store.claim_jobs(self.slots - len(self._in_flight), self.name, self.lease_seconds):
            future = self._pool.submit(self.worker.run, job)
            future.add_done_callback(lambda _f: self.wakeup.set())
            self._in_flight[future] = job.id
        return next_purge, next_renewal


def runner_name(replica: str = "") -> str:
    """host[:replica]:pid:tag: unique per process, and tells a runner on the same host who is dead."""
    return ":".join([socket.gethostname(), *([replica] if replica else []), str(os.getpid()), uuid.uuid4().hex[:6]])


def runner_is_dead(holder: str) -> bool:
    """True when a runner name names a process of this host that no longer exists."""
    parts = holder.split(":")
    if len(parts) < 3 or parts[0] != socket.gethostname() or not parts[-2].isdigit():
        return False
    try:
        os.kill(int(parts[-2]), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class Worker:
    """Runs one job: the read, the analysis and the replies in Slack."""

    def __init__(self, settings: Settings, client: WebClient, pipeline: Pipeline, store: Store,
                 clients: WorkspaceClients | None = None) -> None:
        self.settings = settings
        self.client = client
        self.pipeline = pipeline
        self.store = store
        self.clients = clients or WorkspaceClients(settings, store, client)  # per-workspace tokens, if installed
        self.watcher = Watcher(settings, store, pipeline, self.clients.for_job)
        home = HomeTab(store)
        self.home_push = HomePush(store)
        notes = AgentNotes()
        self._handlers = {"link": self._link, "question": self._question, "command": self._command,
                          WATCH_JOB: self.watcher.run, COMPARE_JOB: Comparer(pipeline, self._respond).run,
                          HOME_JOB: home.publish, CHART_JOB: home.post_chart, HOME_PUSH_JOB: self.home_push.run,
                          SHORTCUT_JOB: SourcingCheck(pipeline.analyzer, store, self._respond).run,
                          WELCOME_JOB: notes.welcome, NOTE_JOB: notes.note}

    def run(self, job: Job) -> None:
        with once.running(job.id), metrics.running_job():  # issue 21: job metadata (item 4), metrics (item 5)
            if job.attempts > 1:
                metrics.count(lambda m: m.jobs_retried, "again")
            self._run(job)

    def _run(self, job: Job) -> None:
        try:
            earlier, shown = self._posted_before(job) if job.attempts > 1 else (None, {})
            if earlier is not None and earlier.stage != once.QUICK:
                log.warning("job %s (%s) was answered before its worker stopped; not posting again", job.id, job.kind)
            elif job.attempts > MAX_ATTEMPTS:
                self._give_up(job, shown)
            else:  # a quick answer posted before the crash is finished in place (bot/slack/ledger_reply.py)
                self._handlers[job.kind]({**job.payload, **shown}, self.clients.for_job(job.payload))
        except NotInstalled as exc:  # uninstalled since the event: no token to answer with, nothing to retry
            log.warning("job %s dropped: %s", job.id, exc)
        except Exception as exc:  # noqa: BLE001 - one bad job must never take the worker down
            if slack_unavailable(exc) and job.attempts < MAX_ATTEMPTS:
                delay = self.settings.slack_retry_seconds * job.attempts
                log.warning("Slack unavailable for job %s (%s); trying again in %.0f s", job.id, type(exc).__name__, delay)
                self.store.retry_job(job.id, delay)
                metrics.count(lambda m: m.jobs_retried, "slack_unavailable")
                return
            log.exception("job %s (%s) failed", job.id, job.kind)
            metrics.count(lambda m: m.jobs_failed, job.kind)
            self._report_crash(job)
        try:
            self.store.finish_job(job.id)
            metrics.count(lambda m: m.jobs_done, job.kind)
        except StoreError as exc:  # its lease runs out and another runner does it again: at least once
            log.error("could not mark job %s done: %s", job.id, exc)

    def _posted_before(self, job: Job) -> tuple[once.Posted | None, dict[str, str]]:
        """On a retry: the job's reply, if its thread already holds it, and the ts of what an earlier attempt
        left on show (`reply_ts`, a slash command's `root_ts`) for this one to update. One read (bot/slack/once.py),
        two for a slash command (its summary, then its thread). Watch steps and the Home tab are not checked."""
        p = job.payload
        if job.kind == "command" and p.get("channel"):
            found = find_earlier(self.clients.for_job(p), p["channel"], job.id)
            if found is None:
                return None, {}
            return found.ledger, {"root_ts": found.root_ts, **({"reply_ts": found.ledger.ts} if found.ledger else {})}
        if not (p.get("channel") and p.get("thread_ts")) or job.kind in (WATCH_JOB, HOME_JOB, CHART_JOB,
                                                                         HOME_PUSH_JOB):
            return None, {}
        client = self.clients.for_job(p)
        earlier = once.find_posted(client, p["channel"], p["thread_ts"], job.id, after_ts=p.get("ts"))
        if earlier is not None and earlier.stage != once.QUICK and p.get("ts"):
            replies.finish_status(client, p["channel"], p["ts"], ok=True)
        return earlier, ({"reply_ts": earlier.ts} if earlier is not None else {})

    # --- jobs ------------------------------------------------------------------------------------
    def _link(self, p: dict[str, Any], client: WebClient) -> None:
        channel, thread_ts, url = p["channel"], p["thread_ts"], p["url"]
        what = "that text" if p.get("text") else url  # pasted text (the app's DM): `url` is only its cache key
        progress = progress_for(client, p)  # reactions in a channel; a status and a title in the app's DM
        progress.start()
        ok = False
        reply = self._reply(client, channel, thread_ts, url, p, progress)
        try:
            analysis = reply.final(reply.analyze())  # with a model, the quick answer is posted on the way
            ok = True
            self.home_push.after_analysis(p, channel)  # the ledger counts now; the checks do not change the tab
            analysis = reply.check_sources(analysis)
            if not p.get("text"):  # a pasted text has no page to watch for corrections
                self._follow(url, analysis, p, channel, thread_ts)
        except ReadError as exc:
            reply.notice(render_notice(f"I couldn't read {what}: {exc}."))
        except ModelError as exc:
            reply.notice(render_notice(f"I read {what} but the analysis failed: {exc}."))
        finally:
            progress.finish(ok)

    def _question(self, p: dict[str, Any], client: WebClient) -> None:
        channel, ts, thread_ts, question = p["channel"], p["ts"], p["thread_ts"], p["question"]
        session = self.store.session(channel, thread_ts)
        if session is None or not same_workspace(session.team, session.enterprise, p):
            return  # another workspace's thread: refused quietly (see bot/slack/owners.py)
        replies.react(client, channel, ts, replies.WORKING)
        ok = False
        stream = AnswerStream(client, channel, thread_ts, p.get("team", ""), p.get("user", ""))  # a status now
        try:
            answer = self.pipeline.ask(session.url, question, session.history, p.get("team", ""))
            if answer is None:
                notice = render_notice("I no longer have this article. Post the link again and I'll re-read it.")
                stream.finish(notice.text, [], notice, ok=False)
            else:
                text, foot = answer_stream(answer)
                stream.finish(text, foot, render_answer_slack(answer))
                # recorded once posted: a job retried after a Slack outage must not log the turn twice
                self.store.add_turn(channel, thread_ts, Turn(question=question, answer=answer.text))
                ok = True
        except ModelError as exc:
            notice = render_notice(f"I couldn't answer that: {exc}.")
            stream.finish(notice.text, [], notice, ok=False)
        finally:
            replies.finish_status(client, channel, ts, ok)

    def _command(self, p: dict[str, Any], client: WebClient) -> None:
        """A summary in the channel and the ledger in its thread, each quick first and refined in place."""
        channel, url, response_url = p["channel"], p["url"], p.get("response_url")
        command = CommandReply(
            client, channel, url, self.settings.quick_first_answer,
            lambda quick: self.pipeline.analyze_url(url, p.get("team", ""), source_checks=False, on_quick=quick),
            lambda root: self._reply(client, channel, root, url, p), lambda m: self._respond(response_url, m),
            root=p.get("root_ts"))
        done = command.run()
        if done is None:
            return
        reply, analysis = done
        self.home_push.after_analysis(p, channel)
        analysis = reply.check_sources(analysis)
        self._follow(url, analysis, p, channel, reply.thread_ts)

    def _reply(self, client: WebClient, channel: str, thread_ts: str, url: str, p: dict[str, Any],
               progress: Progress | None = None) -> LedgerReply:
        return LedgerReply(self.settings, self.store, self.pipeline, client, channel, thread_ts, url, p,
                           ts=p.get("reply_ts"), progress=progress)

    def _follow(self, url: str, analysis: Analysis, p: dict[str, Any], channel: str, thread_ts: str) -> None:
        """Start the correction watch; the reply is out, so a failure here is logged, never reported as one."""
        try:
            self.watcher.follow(url, analysis, p, channel, thread_ts)
        except Exception:  # noqa: BLE001
            log.exception("could not start watching %s", url)

    # --- failures --------------------------------------------------------------------------------
    def _respond(self, response_url: str | None, message: Any) -> None:
        if not response_url or not self._trusted_response_url(response_url):
            log.warning("no usable response_url; dropping an ephemeral reply")
            return
        WebhookClient(response_url).send(text=message.text, blocks=message.blocks, response_type="ephemeral",
                                         replace_original=False)

    def _trusted_response_url(self, url: str) -> bool:
        """Only Slack's own hooks (or the configured Slack API host, for GovSlack and tests)."""
        host = urlsplit(url).hostname or ""
        api_host = urlsplit(self.settings.slack_api_url).hostname if self.settings.slack_api_url else None
        return host in _SLACK_HOOK_HOSTS or (api_host is not None and host == api_host)

    def _report_crash(self, job: Job) -> None:
        try:
            self._notify(job, "Something went wrong on my side while working on this. Please try again.")
        except Exception:  # noqa: BLE001
            log.exception("could not report the failure of job %s", job.id)

    def _give_up(self, job: Job, shown: dict[str, str]) -> None:
        log.error("job %s failed %d times; reporting instead of retrying", job.id, MAX_ATTEMPTS)
        metrics.count(lambda m: m.jobs_failed, job.kind)
        self._notify(job, "I was interrupted several times while working on this and gave up. Please try again.",
                     shown)

    def _notify(self, job: Job, text: str, shown: dict[str, str] | None = None) -> None:
        """Say it in the job's thread, or ephemerally for a slash command; where an earlier attempt left a
        quick answer on show (`shown`), in place of it: one message per link, never a second one."""
        p = job.payload
        if job.kind in (WATCH_JOB, HOME_PUSH_JOB) or ("channel" not in p and not p.get("response_url")):
            log.error("job %s (%s) given up: %s", job.id, job.kind, text)  # no thread to say it in
            return
        if shown:
            client = self.clients.for_job(p)
            for ts in (shown.get("root_ts"), shown.get("reply_ts")):
                if ts:
                    replies.update(client, p["channel"], ts, render_notice(text))
            if p.get("ts"):
                replies.finish_status(client, p["channel"], p["ts"], ok=False)
            return
        if job.kind == "command" or (job.kind == COMPARE_JOB and not p.get("ts")):  # from a slash command
            self._respond(p.get("response_url"), render_notice(text))
        else:
            client = self.clients.for_job(p)
            replies.post(client, p["channel"], render_notice(text), p["thread_ts"])
            replies.finish_status(client, p["channel"], p["ts"], ok=False)
