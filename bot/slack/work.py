"""The slow half of every request. Listeners ack at once and write a job to the store; a runner takes
jobs from the store and runs them in a bounded pool of threads.

The store is the queue, so nothing acked is lost: a job is deleted only once its reply is posted, and
work that was running when the process died is pending again when the runner restarts (after too many
attempts it is reported in its thread instead of retried forever). In `newsbot serve` the runner lives in
its own process, so the CPU-bound work (extraction, parsing, rendering) never delays an ack.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.analysis import ModelError, Turn
from bot.pipeline import Pipeline
from bot.reading import ReadError
from bot.rendering import render_answer_slack, render_notice, render_slack, render_slack_summary
from bot.settings import Settings
from bot.slack import replies
from bot.storage import Job, Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a job that keeps failing (e.g. it crashes the process) is reported, not retried forever
_PURGE_EVERY_SECONDS = 600.0
_CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "not_allowed_token_type"}
_SLACK_HOOK_HOSTS = ("hooks.slack.com", "hooks.slack-gov.com")


def slack_unavailable(error: BaseException) -> bool:
    """Slack itself failed (429/5xx after the client's retries, or the network): worth another go later."""
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        return status == 429 or status >= 500
    return isinstance(error, (URLError, ConnectionError, TimeoutError, http.client.HTTPException))


class JobQueue:
    """What listeners see: put a job in the store and wake a runner in this process, if there is one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.wakeup = threading.Event()

    def submit(self, kind: str, payload: dict[str, Any]) -> None:
        self.store.add_job(kind, payload)
        self.wakeup.set()


class JobRunner:
    """Polls the store for pending jobs and runs them, at most `slots` at a time."""

    def __init__(self, worker: Worker, store: Store, slots: int, wakeup: threading.Event | None = None,
                 poll_seconds: float = 0.05) -> None:
        self.worker = worker
        self.store = store
        self.slots = slots
        self.wakeup = wakeup or threading.Event()
        self.poll_seconds = poll_seconds
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="newsbot-work")
        self._in_flight: set[Future[None]] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsbot-runner", daemon=True)

    def start(self) -> JobRunner:
        resumed = self.store.requeue_running()
        if resumed:
            log.warning("resuming %d job(s) left unfinished by a crash or restart", resumed)
        self._thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self.wakeup.set()
        if self._thread.is_alive():
            self._thread.join()
        self._pool.shutdown(wait=wait)

    def run_forever(self) -> None:
        self.start()
        self._thread.join()

    def _loop(self) -> None:
        next_purge = 0.0
        while not self._stop.is_set():
            if time.monotonic() >= next_purge:  # expired dedupe keys, now and then
                self.store.purge_expired()
                next_purge = time.monotonic() + _PURGE_EVERY_SECONDS
            self.wakeup.clear()
            self._in_flight = {f for f in self._in_flight if not f.done()}
            for job in self.store.claim_jobs(self.slots - len(self._in_flight)):
                future = self._pool.submit(self.worker.run, job)
                future.add_done_callback(lambda _f: self.wakeup.set())
                self._in_flight.add(future)
            self.wakeup.wait(self.poll_seconds)


class Worker:
    """Runs one job: the read, the analysis and the replies in Slack."""

    def __init__(self, settings: Settings, client: WebClient, pipeline: Pipeline, store: Store) -> None:
        self.settings = settings
        self.client = client
        self.pipeline = pipeline
        self.store = store
        self._handlers = {"link": self._link, "question": self._question, "command": self._command}

    def run(self, job: Job) -> None:
        try:
            if job.attempts > MAX_ATTEMPTS:
                self._give_up(job)
            else:
                self._handlers[job.kind](job.payload)
        except Exception as exc:  # noqa: BLE001 - one bad job must never take the worker down
            if slack_unavailable(exc) and job.attempts < MAX_ATTEMPTS:
                delay = self.settings.slack_retry_seconds * job.attempts
                log.warning("Slack unavailable for job %s (%s); trying again in %.0f s", job.id, type(exc).__name__, delay)
                self.store.retry_job(job.id, delay)
                return
            log.exception("job %s (%s) failed", job.id, job.kind)
            self._report_crash(job)
        self.store.finish_job(job.id)

    # --- jobs ------------------------------------------------------------------------------------
    def _link(self, p: dict[str, Any]) -> None:
        channel, ts, thread_ts, url = p["channel"], p["ts"], p["thread_ts"], p["url"]
        replies.react(self.client, channel, ts, replies.WORKING)
        ok = False
        try:
            analysis = self.pipeline.analyze_url(url)
            replies.post(self.client, channel, render_slack(analysis), thread_ts)
            self.store.open_session(channel, thread_ts, url)
            ok = True
        except ReadError as exc:
            replies.post(self.client, channel, render_notice(f"I couldn't read {url}: {exc}."), thread_ts)
        except ModelError as exc:
            replies.post(self.client, channel, render_notice(f"I read {url} but the analysis failed: {exc}."), thread_ts)
        finally:
            replies.finish_status(self.client, channel, ts, ok)

    def _question(self, p: dict[str, Any]) -> None:
        channel, ts, thread_ts, question = p["channel"], p["ts"], p["thread_ts"], p["question"]
        session = self.store.session(channel, thread_ts)
        if session is None:
            return
        replies.react(self.client, channel, ts, replies.WORKING)
        ok = False
        try:
            answer = self.pipeline.ask(session.url, question, session.history)
            if answer is None:
                replies.post(self.client, channel,
                             render_notice("I no longer have this article. Post the link again and I'll re-read it."),
                             thread_ts)
            else:
                replies.post(self.client, channel, render_answer_slack(answer), thread_ts)
                # recorded once posted: a job retried after a Slack outage must not log the turn twice
                self.store.add_turn(channel, thread_ts, Turn(question=question, answer=answer.text))
                ok = True
        except ModelError as exc:
            replies.post(self.client, channel, render_notice(f"I couldn't answer that: {exc}."), thread_ts)
        finally:
            replies.finish_status(self.client, channel, ts, ok)

    def _command(self, p: dict[str, Any]) -> None:
        channel, url, response_url = p["channel"], p["url"], p.get("response_url")
        try:
            analysis = self.pipeline.analyze_url(url)
        except (ReadError, ModelError) as exc:
            self._respond(response_url, render_notice(f"I couldn't analyse {url}: {exc}."))
            return
        try:
            root = replies.post(self.client, channel, render_slack_summary(analysis))
        except SlackApiError as exc:
            if exc.response.get("error") not in _CANNOT_POST:
                raise
            log.info("cannot post in %s (%s); replying ephemerally", channel, exc.response.get("error"))
            self._respond(response_url, render_slack(analysis))
            return
        replies.post(self.client, channel, render_slack(analysis), root)
        self.store.open_session(channel, root, url)

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

    def _give_up(self, job: Job) -> None:
        log.error("job %s failed %d times; reporting instead of retrying", job.id, MAX_ATTEMPTS)
        self._notify(job, "I was interrupted several times while working on this and gave up. Please try again.")

    def _notify(self, job: Job, text: str) -> None:
        p = job.payload
        if job.kind == "command":
            self._respond(p.get("response_url"), render_notice(text))
        else:
            replies.post(self.client, p["channel"], render_notice(text), p["thread_ts"])
            replies.finish_status(self.client, p["channel"], p["ts"], ok=False)
