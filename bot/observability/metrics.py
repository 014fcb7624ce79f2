"""Prometheus metrics through prometheus_client, served as text on /metrics (see docs/operations-slack.md).

Metrics are created on first use, in one registry of our own. `newsbot serve` runs the work in a child
process: `share_with_child_processes()` (called before anything is counted) switches prometheus_client to
its multiprocess mode, with a fresh directory in PROMETHEUS_MULTIPROC_DIR that the child inherits, so the
acking process's /metrics adds up both processes. Each helper below is one line at its call site and never
raises: a metric must not cost a reply.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

log = logging.getLogger(__name__)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# seconds from the person's message to the reply; Slack wants an ack in 3 s, a model answer takes 10-110 s
ANSWER_BUCKETS = (0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, float("inf"))
EVENT_TYPES = frozenset({"event_callback", "command", "block_actions", "view_submission", "view_closed",
                         "message_action", "shortcut", "url_verification", "app_rate_limited"})


@dataclass(frozen=True)
class Metrics:
    events_received: Counter
    events_acked: Counter
    duplicates_dropped: Counter
    jobs_queued: Counter
    jobs_running: Gauge
    jobs_retried: Counter
    jobs_failed: Counter
    jobs_done: Counter
    first_answer: Histogram
    final_answer: Histogram
    model_calls: Counter
    fallbacks: Counter
    fetch_errors: Counter
    cache_hits: Counter
    cache_misses: Counter


_lock = threading.Lock()
_metrics: Metrics | None = None
_registry: CollectorRegistry | None = None


def share_with_child_processes() -> str:
    """Count across the acking process and its work process; returns the directory. Call before any metric
    is used (first thing in `serve`); a PROMETHEUS_MULTIPROC_DIR already set by the operator is kept."""
    from prometheus_client import values

    directory = os.environ.get(MULTIPROC_ENV) or tempfile.mkdtemp(prefix="newsbot-metrics-")
    os.environ[MULTIPROC_ENV] = directory  # inherited by the spawned work process
    values.ValueClass = values.MultiProcessValue()
    return directory


def process_exited(pid: int) -> None:
    """A work process died: drop its live gauges (its counters keep counting in the sum)."""
    if os.environ.get(MULTIPROC_ENV):
        try:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(pid)
        except Exception:  # noqa: BLE001
            log.warning("metrics: could not clear the gauges of process %d", pid)


def metrics() -> Metrics:
    global _metrics, _registry
    if _metrics is not None:
        return _metrics
    with _lock:
        if _metrics is None:
            _registry = CollectorRegistry(auto_describe=True)
            r = _registry
            _metrics = Metrics(
                events_received=Counter("newsbot_events_received", "Slack requests received (signed, parsed)",
                                        ["type"], registry=r),
                events_acked=Counter("newsbot_events_acked", "Slack requests answered with a 2xx", ["type"],
                                     registry=r),
                duplicates_dropped=Counter("newsbot_duplicates_dropped", "Re-deliveries acked without work",
                                           registry=r),
                jobs_queued=Counter("newsbot_jobs_queued", "Jobs stored for the work process", ["kind"],
                                    registry=r),
                jobs_running=Gauge("newsbot_jobs_running", "Jobs being run now", registry=r,
                                   multiprocess_mode="livesum"),
                jobs_retried=Counter("newsbot_jobs_retried", "Jobs run again", ["reason"], registry=r),
                jobs_failed=Counter("newsbot_jobs_failed", "Jobs that failed and were reported in their thread",
                                    ["kind"], registry=r),
                jobs_done=Counter("newsbot_jobs_done", "Jobs finished", ["kind"], registry=r),
                first_answer=Histogram("newsbot_time_to_first_answer_seconds",
                                       "From the message with the link to the first reply in its thread",
                                       buckets=ANSWER_BUCKETS, registry=r),
                final_answer=Histogram("newsbot_time_to_final_answer_seconds",
                                       "From the message with the link to its final reply",
                                       buckets=ANSWER_BUCKETS, registry=r),
                model_calls=Counter("newsbot_model_calls", "Requests to the model endpoint (retries included)",
                                    registry=r),
                fallbacks=Counter("newsbot_fallbacks", "Analyses and answers that fell back to the built-in "
                                  "analyzer", ["reason"], registry=r),
                fetch_errors=Counter("newsbot_fetch_errors", "Articles that could not be read", ["error"],
                                     registry=r),
                cache_hits=Counter("newsbot_cache_hits", "Analyses answered from the cache", registry=r),
                cache_misses=Counter("newsbot_cache_misses", "Analyses that had to read the article", registry=r),
            )
    return _metrics


def count(pick: Callable[[Metrics], Any], *labels: str, amount: float = 1.0) -> None:
    """Increment one counter (e.g. `count(lambda m: m.fetch_errors, "FetchTimeout")`); never raises."""
    try:
        metric = pick(metrics())
        (metric.labels(*labels) if labels else metric).inc(amount)
    except Exception:  # noqa: BLE001
        log.debug("metrics: count failed", exc_info=True)


def event_type(body: object) -> str:
    """A bounded label for a Slack request body."""
    if not isinstance(body, dict):
        return "other"
    if body.get("command"):
        return "command"
    kind = str(body.get("type") or "")
    return kind if kind in EVENT_TYPES else "other"


def answered(message_ts: object, first: bool = True, final: bool = True) -> None:
    """A reply shown for a message sent at Slack ts `message_ts`: the first post (`first`) and the one that
    is final (`final`); a quick answer is first only, the model's ledger that replaces it final only."""
    try:
        seconds = time.time() - float(str(message_ts))
    except (TypeError, ValueError):
        return
    if 0 <= seconds < 86400:  # a replayed or synthetic ts says nothing about latency
        m = metrics()
        if first:
            m.first_answer.observe(seconds)
        if final:
            m.final_answer.observe(seconds)


class running_job:  # noqa: N801 - used as a context manager
    """The jobs_running gauge around one job."""

    def __enter__(self) -> None:
        try:
            metrics().jobs_running.inc()
        except Exception:  # noqa: BLE001
            pass

    def __exit__(self, *_exc: object) -> None:
        try:
            metrics().jobs_running.dec()
        except Exception:  # noqa: BLE001
            pass


def exposition() -> bytes:
    """The Prometheus text format: this process's registry, or the sum over processes in multiprocess mode."""
    metrics()
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    assert _registry is not None
    return generate_latest(_registry)


def metrics_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI app for GET /metrics."""
    try:
        body = exposition()
        status = "200 OK"
        content_type = CONTENT_TYPE_LATEST
    except Exception as exc:  # noqa: BLE001 - a scrape never takes the server down
        log.error("metrics: exposition failed: %s", type(exc).__name__)
        body, status, content_type = b"metrics unavailable\n", "500 Internal Server Error", "text/plain"
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
