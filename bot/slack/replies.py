"""Everything the bot posts to Slack, with unfurls off and status reactions that never fail the reply."""

from __future__ import annotations

import http.client
import logging
from collections.abc import Callable
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.rendering import SlackMessage
from bot.slack import once

log = logging.getLogger(__name__)

WORKING, DONE, FAILED = "eyes", "white_check_mark", "warning"
# Errors that mean the bot may not post there (not a Slack outage): answer the person ephemerally instead
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "not_allowed_token_type"}
_BENIGN_REACTION_ERRORS = {"already_reacted", "no_reaction", "message_not_found", "not_reactable",
                           "too_many_reactions", "invalid_name"}


def slack_unavailable(error: BaseException) -> bool:
    """Slack itself failed (429/5xx after the client's retries, or the network): worth another go later."""
    if isinstance(error, SlackApiError):
        status = getattr(error.response, "status_code", 200)
        return status == 429 or status >= 500
    return isinstance(error, (URLError, ConnectionError, TimeoutError, http.client.HTTPException))


def post(client: WebClient, channel: str, message: SlackMessage, thread_ts: str | None = None,
         stage: str | None = None) -> str:
    """Post and return the message ts. Never `link_names` or `parse`: those would revive mentions. Inside a
    job, the message names the job (and a quick answer its stage) in its metadata (bot/slack/once.py)."""
    meta = once.metadata(stage)
    extra = {"metadata": meta} if meta else {}
    response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=message.text,
                                       blocks=message.blocks, unfurl_links=False, unfurl_media=False, **extra)
    return str(response["ts"])


def update(client: WebClient, channel: str, ts: str, message: SlackMessage, stage: str | None = None) -> None:
    """Replace a posted message (the quick answer by the model's ledger, the ledger once its source checks are
    in); it keeps naming its job, and its metadata says the stage it has reached."""
    meta = once.metadata(stage)
    client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks,
                       **({"metadata": meta} if meta else {}))


def post_or_respond(client: WebClient, channel: str, message: SlackMessage, thread_ts: str | None,
                    respond: Callable[[SlackMessage], None], stage: str | None = None) -> str | None:
    """Post; where the bot may not post (a shortcut or command in a channel it is not in), `respond` instead."""
    try:
        return post(client, channel, message, thread_ts, stage=stage)
    except SlackApiError as exc:
        if exc.response.get("error") not in CANNOT_POST:
            raise
        log.info("cannot post in %s (%s); replying ephemerally", channel, exc.response.get("error"))
        respond(message)
        return None


def react(client: WebClient, channel: str, ts: str, name: str, remove: bool = False) -> None:
    """A status reaction is a courtesy: its failure is logged, never allowed to stop the reply."""
    try:
        if remove:
            client.reactions_remove(channel=channel, timestamp=ts, name=name)
        else:
            client.reactions_add(channel=channel, timestamp=ts, name=name)
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        if error not in _BENIGN_REACTION_ERRORS:
            log.warning("reaction %s on %s failed: %s", name, ts, error)
    except Exception as exc:  # noqa: BLE001 - network trouble on a reaction must not cost the reply
        log.warning("reaction %s on %s failed: %s", name, ts, type(exc).__name__)


def finish_status(client: WebClient, channel: str, ts: str, ok: bool) -> None:
    react(client, channel, ts, WORKING, remove=True)
    react(client, channel, ts, DONE if ok else FAILED)
