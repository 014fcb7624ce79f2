"""Global Bolt middleware: answer Slack's re-deliveries (and replays) once, and only once."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.observability import metrics
from bot.store import Store

log = logging.getLogger(__name__)


def dedupe_deliveries(store: Store, ttl_seconds: float) -> Callable[..., BoltResponse | None]:
    """Record each event_id (and each slash command) at receipt; a second copy gets a 200 and no work.

    Retries are not dropped by their retry header: when the first delivery never arrived, the retry is the
    only copy. A bare `return` would make Bolt answer 404, which Slack counts as a failure and retries.
    Slack's `app_rate_limited` notice has no listener: it is logged and acked, not answered 404.
    """

    def middleware(body: dict, request: Any, next: Callable[[], BoltResponse | None]) -> BoltResponse | None:  # noqa: A002
        if not isinstance(body, dict):
            return next()
        if body.get("type") == "app_rate_limited":
            log.warning("Slack is not sending this app some events for team %s (app_rate_limited, minute %s)",
                        str(body.get("team_id"))[:20], str(body.get("minute_rate_limited"))[:20])
            return BoltResponse(status=200, body="")
        key = delivery_key(body, request)
        if key and not store.claim(key, ttl_seconds):
            log.info("duplicate delivery %s ignored", key)
            metrics.count(lambda m: m.duplicates_dropped)  # metrics (issue 21 item 5)
            return BoltResponse(status=200, body="")
        return next()

    return middleware


def delivery_key(body: dict, request: Any) -> str | None:
    """What makes one delivery: the event_id; for a slash command its trigger_id (one per invocation),
    else a hash of the signed timestamp and body, so a replayed signed command is acted on once."""
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if not body.get("command"):
        return None
    if body.get("trigger_id"):
        return f"command:{str(body['trigger_id'])[:200]}"
    headers = getattr(request, "headers", {}) or {}
    timestamp = (headers.get("x-slack-request-timestamp") or [""])[0]
    raw = getattr(request, "raw_body", "") or ""
    return "command:" + hashlib.sha256(f"{timestamp}:{raw}".encode()).hexdigest()
