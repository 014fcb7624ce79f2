"""Global Bolt middleware: answer Slack's re-deliveries once, and only once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltResponse

from bot.storage import Store

log = logging.getLogger(__name__)


def dedupe_deliveries(store: Store, ttl_seconds: float) -> Callable[..., BoltResponse | None]:
    """Record each event_id at receipt; a re-delivery gets a 200 and no work.

    Retries are not dropped by their retry header: when the first delivery never arrived, the retry is the
    only copy. A bare `return` would make Bolt answer 404, which Slack counts as a failure and retries.
    """

    def middleware(body: dict, next: Callable[[], BoltResponse | None]) -> BoltResponse | None:  # noqa: A002
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not store.claim(f"event:{event_id}", ttl_seconds):
            log.info("duplicate delivery of %s ignored", event_id)
            return BoltResponse(status=200, body="")
        return next()

    return middleware
