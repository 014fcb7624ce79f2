"""The Bolt app: a thin shell that wires the core (pipeline, store, worker) to Slack.

`newsbot serve` runs it in Socket Mode when SLACK_APP_TOKEN is set (no public URL: the newsroom default),
or as an HTTP app on POST /slack/events with `--http` (signatures checked with SLACK_SIGNING_SECRET).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler,
                                                   ServerErrorRetryHandler)

from bot.analysis.errors import ParserUnavailable
from bot.observability import logs, metrics
from bot.analysis.parsing import warm_up
from bot.pipeline import Pipeline
from bot.settings import Settings, SettingsError
from bot.slack import listeners
from bot.slack.health import serve_operations
from bot.slack.http_server import EVENTS_PATH, Limits, http_server, start_in_thread
from bot.slack.metered import MeteredApp
from bot.slack.middleware import dedupe_deliveries
from bot.slack.oauth import oauth_app_kwargs
from bot.slack.work import JobQueue, JobRunner, Worker
from bot.store import Store, StoreError, open_store

log = logging.getLogger(__name__)
__all__ = ["NewsBot", "build", "serve", "WorkProcess", "http_server", "start_in_thread", "EVENTS_PATH"]


@dataclass
class NewsBot:
    app: App
    queue: JobQueue
    store: Store
    client: WebClient
    runner: JobRunner | None  # None when the work runs in its own process
    signing_secret: str = ""  # HTTP mode checks request signatures with it (bot/slack/http_server.py)
    work_alive: Callable[[], bool] | None = None  # issue 21 item 5: /healthz's work check; None = elsewhere

    def work_status(self) -> bool | None:
        """Is the work being done here: the in-process runner or the supervised work process alive?"""
        if self.runner is not None:
            return self.runner.alive()
        return self.work_alive() if self.work_alive is not None else None

    def close(self) -> bool:
        """Give the work in hand a bounded time to finish, then release the database. False if some job was
        still running (it is left to be retried; its thread may keep the interpreter from exiting)."""
        clean = self.runner.stop(wait=True) if self.runner is not None else True
        self.store.close()
        return clean


def web_client(settings: Settings) -> WebClient:
    """One client for everything, with Slack's retry handlers: connection resets, 429 (Retry-After), 5xx."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token and not settings.oauth_enabled \
        else None  # installed in many workspaces: each request and job gets its workspace's token
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(token=token, timeout=30, retry_handlers=[
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ], **kwargs)


def build(settings: Settings, http_mode: bool = False, store: Store | None = None,
          pipeline: Pipeline | None = None, run_work: bool = True) -> NewsBot:
    """The Bolt app and its job queue; with `run_work`, also a job runner in this process."""
    require(settings, http_mode)
    store = store or open_store(settings)
    client = web_client(settings)
    signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    # process_before_response: Slack gets its 200 only once the job is stored (a crash before that makes
    # Slack retry, rather than losing an acked event); listeners only write rows, so acks stay fast.
    oauth = oauth_app_kwargs(settings, store, client) if settings.oauth_enabled else {}
    app = MeteredApp(client=client, signing_secret=signing_secret, process_before_response=True,  # counts acks
              raise_error_for_unhandled_request=False, **oauth)
    if oauth:
        app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked delete the workspace's tokens
    app.error(_log_error)
    queue = JobQueue(store)
    app.middleware(dedupe_deliveries(store, settings.dedupe_ttl_hours * 3600))
    listeners.register(app, settings, store, queue)
    runner = None
    if run_work:
        worker = Worker(settings, client, pipeline or Pipeline(settings, store), store)
        runner = JobRunner(worker, store, settings.workers, queue.wakeup, lease_seconds=settings.job_lease_seconds,
                           name=settings.replica_name).start()
    return NewsBot(app=app, queue=queue, store=store, client=client, runner=runner, signing_secret=signing_secret)


def _log_error(error: Exception) -> None:
    """Bolt's error handler: a database failure is one line (the message says what and how often; Slack
    gets a 500 and retries); anything else keeps its traceback."""
    if isinstance(error, StoreError):
        log.error("request not handled: %s", error)
    else:
        log.error("request not handled: %s", type(error).__name__, exc_info=error)


def run_work_process(settings: Settings) -> None:
    """Entry point of the work process: its own store connection, Slack client and pipeline."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logs.configure(settings.log_format)  # issue 21 item 5: NEWSBOT_LOG_FORMAT=json
    os.nice(5)  # when CPUs are busy the acking process goes first: Slack wants its 200 within 3 s
    store = open_store(settings)
    worker = Worker(settings, web_client(settings), Pipeline(settings, store), store)
    _load_parser()
    _load_model_client(worker.pipeline)
    runner = JobRunner(worker, store, settings.workers, lease_seconds=settings.job_lease_seconds,
                       name=settings.replica_name)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    runner.start()
    stopping.wait()
    _exit_within(EXIT_SECONDS)
    runner.stop(wait=True)  # bounded: a job still running is left to be retried
    store.close()
    logging.shutdown()
    os._exit(0)  # a stuck job's thread would otherwise hold the interpreter at exit


def _load_parser() -> None:
    """The parser loads once, here, not on the first article; if it is missing, each analysis says so in its
    thread (the process stays up for everything else)."""
    try:
        warm_up()
    except ParserUnavailable as error:
        logging.getLogger(__name__).error("%s", error)


def _load_model_client(pipeline: Pipeline) -> None:
    """With a model, its client (and the openai package, most of a second to import) is built here, not by the
    first article: otherwise a burst of links queues every model call behind that import, after the quick
    answers (issue 21, item 1)."""
    if pipeline.analyzer.uses_model():
        try:
            _ = pipeline.analyzer.model
        except Exception as error:  # noqa: BLE001 - the first analysis reports it in its thread instead
            logging.getLogger(__name__).error("model client: %s", error)


class WorkProcess:
    """Runs the job runner in a child process and restarts it if it dies."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._supervise, name="newsbot-supervisor", daemon=True)

    def start(self) -> WorkProcess:
        self._spawn()
        self._watch.start()
        return self

    def stop(self, timeout: float = 20) -> None:
        self._stop.set()
        if self._process is not None and self._process.is_alive():
            self._process.terminate()  # SIGTERM: the runner gives the jobs in hand a bounded time, then exits
            self._process.join(timeout)
            if self._process.is_alive():
                log.error("work process still running %.0f s after SIGTERM; killed it", timeout)
                self._process.kill()
                self._process.join(5)

    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _spawn(self) -> None:
        self._process = self._context.Process(target=run_work_process, args=(self.settings,),
                                              name="newsbot-work", daemon=True)
        self._process.start()

    def _supervise(self) -> None:
        while not self._stop.wait(1.0):
            if self._process is not None and not self._process.is_alive():
                log.error("work process exited (code %s); restarting it", self._process.exitcode)
                if self._process.pid is not None:
                    metrics.process_exited(self._process.pid)  # issue 21 item 5: its live gauges go
                self._spawn()


def require(settings: Settings, http_mode: bool) -> None:
    """Refuse to start without what the chosen mode needs, naming the missing setting."""
    missing = []
    if settings.oauth_enabled:
        if not http_mode:
            raise SettingsError("SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: the install flow needs --http")
        if settings.slack_bot_token is not None:
            log.warning("SLACK_CLIENT_ID/SECRET are set: SLACK_BOT_TOKEN is ignored (tokens come from installs)")
        if settings.slack_signing_secret is None:
            raise SettingsError("missing settings: SLACK_SIGNING_SECRET (needed for --http)")
        return
    if settings.slack_bot_token is None:
        missing.append("SLACK_BOT_TOKEN")
    if http_mode and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET (needed for --http)")
    if not http_mode and settings.slack_app_token is None:
        missing.append("SLACK_APP_TOKEN (needed for Socket Mode; or use --http)")
    if missing:
        raise SettingsError("missing settings: " + ", ".join(missing))
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    if not token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN: must be a bot token (starts with xoxb-)")
    if not http_mode and settings.slack_app_token and not settings.slack_app_token.get_secret_value().startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN: must be an app-level token (starts with xapp-)")


EXIT_SECONDS = 28.0  # the last resort: after SIGTERM the process ends by then, whatever it is waiting for


def _exit_within(seconds: float) -> None:
    def end() -> None:
        log.error("still shutting down %.0f s after SIGTERM; exiting now (unfinished jobs will be retried)", seconds)
        logging.shutdown()
        os._exit(1)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()


def _on_sigterm(*_: object) -> None:
    _exit_within(EXIT_SECONDS)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    sys.exit(0)


def serve(settings: Settings, http_mode: bool, host: str = "0.0.0.0") -> None:
    """Acks in this process; the work in a supervised child process (or here, with NEWSBOT_WORK_PROCESS=false)."""
    if settings.work_process:  # issue 21 item 5: /metrics adds up this process and the work process
        metrics.share_with_child_processes()
    bot = build(settings, http_mode, run_work=not settings.work_process)
    work = WorkProcess(settings).start() if settings.work_process else None
    bot.work_alive = work.alive if work is not None else None  # issue 21 item 5: /healthz's work check
    signal.signal(signal.SIGTERM, _on_sigterm)  # run the finally blocks below, within EXIT_SECONDS
    # Everything loaded so far lives as long as the process: keep it out of the collector's full passes,
    # which otherwise stall every in-flight ack for tens of milliseconds.
    gc.collect()
    gc.freeze()
    try:
        if http_mode:
            server = http_server(bot, host, settings.http_port,
                                 limits=Limits(per_address=settings.http_per_address))
            log.warning("newsbot listening on http://%s:%d%s", host, settings.http_port, EVENTS_PATH)
            try:
                server.serve_forever()
            finally:
                server.server_close()
        else:
            assert settings.slack_app_token is not None
            log.warning("newsbot connecting to Slack in Socket Mode")
            if settings.metrics_port:  # issue 21 item 5: /healthz and /metrics without an HTTP app
                serve_operations(bot.store, bot.work_status, host, settings.metrics_port)
                log.warning("newsbot /healthz and /metrics on http://%s:%d", host, settings.metrics_port)
            SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value()).start()
    finally:
        if work is not None:
            work.stop()
        if not bot.close():
            logging.shutdown()
            os._exit(0)  # a stuck job's thread would otherwise hold the interpreter at exit
