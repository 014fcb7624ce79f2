"""Exactly once through a crash: every message a job posts names the job in Slack message metadata, and a job
run again after its worker died first looks in its thread for a message naming it.

The worker sets the job in hand (`running`); `replies.post` and the answer stream attach `metadata()` to what
they post. On a retry (attempt 2 or later) `already_posted` reads the thread once with `conversations.replies`
(`include_all_metadata`); a message with the job's id there means the reply went out before the crash, so the
job is marked done instead of posting again; a message still marked as the quick first answer is updated
in place instead (bot/slack/ledger_reply.py). The read is Tier 1 for most apps (1 request a minute): it is
made without the client's rate-limit retries, and if it fails or is rate-limited we post anyway and say so
in the log, since a duplicate reply is better than a lost one.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

log = logging.getLogger(__name__)

EVENT_TYPE = "newsbot_job"
QUICK = "quick"  # the stage of a first answer that the model's ledger will replace (bot/slack/ledger_reply.py)
READ_LIMIT = 15  # the most conversations.replies returns to non-Marketplace apps
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("newsbot_job", default=None)


@contextlib.contextmanager
def running(job_id: str) -> Iterator[None]:
    """Within this block (one worker thread), everything posted carries `job_id` in its metadata."""
    token = _current.set(job_id)
    try:
        yield
    finally:
        _current.reset(token)


def current_job() -> str | None:
    return _current.get()


def metadata(stage: str | None = None) -> dict[str, Any] | None:
    """Slack message metadata naming the job in hand, or None outside a job. `stage` QUICK marks a first
    answer still to be replaced in place, so a retry updates it instead of calling the job done."""
    job_id = _current.get()
    if not job_id:
        return None
    return {"event_type": EVENT_TYPE, "event_payload": {"job": job_id, **({"stage": stage} if stage else {})}}


@dataclass(frozen=True)
class Posted:
    """A message an earlier attempt of the job posted: its ts, and its stage (QUICK, or None when final)."""

    ts: str
    stage: str | None


def already_posted(client: WebClient, channel: str, thread_ts: str, job_id: str, after_ts: str | None = None) -> bool:
    """True when the thread holds a message posted by this job (see `find_posted`)."""
    return find_posted(client, channel, thread_ts, job_id, after_ts) is not None


def find_posted(client: WebClient, channel: str, thread_ts: str, job_id: str,
                after_ts: str | None = None) -> Posted | None:
    """The message this job posted in the thread, if any. One read, no retries; None (and a warning)
    when the read fails, so the caller posts: a duplicate beats a lost reply."""
    reader = WebClient(token=client.token, base_url=client.base_url, timeout=10, retry_handlers=[])
    kwargs: dict[str, Any] = {"oldest": after_ts} if after_ts else {}
    try:
        response = reader.conversations_replies(channel=channel, ts=thread_ts, limit=READ_LIMIT,
                                                include_all_metadata=True, **kwargs)
    except Exception as exc:  # noqa: BLE001 - rate-limited, Slack down, no scope: post anyway
        log.warning("job %s: could not check thread %s in %s for an earlier reply (%s); posting anyway, "
                    "which may duplicate it", job_id, thread_ts, channel, _why(exc))
        return None
    for message in response.get("messages") or []:
        if str(message.get("ts")) == thread_ts:  # the thread's root: never a reply (Slack may list it anyway)
            continue
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == EVENT_TYPE and payload.get("job") == job_id:
            return Posted(str(message.get("ts")), payload.get("stage"))
    return None


def find_root(client: WebClient, channel: str, job_id: str) -> Posted | None:
    """The channel message (not a reply) this job posted, if any: a slash command's summary, whose thread holds
    its ledger. One `conversations.history` read of the latest messages, no retries; None when it fails."""
    reader = WebClient(token=client.token, base_url=client.base_url, timeout=10, retry_handlers=[])
    try:
        response = reader.conversations_history(channel=channel, limit=READ_LIMIT, include_all_metadata=True)
    except Exception as exc:  # noqa: BLE001 - as in find_posted: post anyway
        log.warning("job %s: could not check %s for an earlier post (%s); posting anyway, which may duplicate it",
                    job_id, channel, _why(exc))
        return None
    for message in response.get("messages") or []:
        meta = message.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == EVENT_TYPE and payload.get("job") == job_id:
            return Posted(str(message.get("ts")), payload.get("stage"))
    return None


def _why(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "get"):
        return f"{response.get('error')} (HTTP {getattr(response, 'status_code', '?')})"
    return type(exc).__name__
