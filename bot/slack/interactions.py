"""Interactive listeners: the feedback buttons and their modal, and the App Home tab.

The buttons' 👎 must open its modal within Slack's 3 s trigger window, so that happens here; everything
that reads many rows (the dashboard, the chart) is queued as a job like any other slow work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.feedback import Feedback
from bot.rendering.feedback import FEEDBACK_ACTION, MODAL_CALLBACK, feedback_modal, parse_feedback_value, parse_submission
from bot.rendering.home import CHART_ACTION
from bot.reading.message import MAX_MESSAGE_CHARS
from bot.slack.home import CHART_JOB, HOME_JOB
from bot.slack.owners import same_workspace
from bot.slack.shortcut import CALLBACK_ID as SHORTCUT_CALLBACK
from bot.slack.shortcut import JOB_KIND as SHORTCUT_JOB
from bot.slack.work import JobQueue
from bot.store import Store

log = logging.getLogger(__name__)
GONE = "This analysis is no longer stored, so feedback on it cannot be kept."


class Interactions:
    def __init__(self, store: Store, queue: JobQueue, links: Callable[[dict[str, Any], str, dict[str, Any]], int],
                 ttl_seconds: float) -> None:
        self.store = store
        self.queue = queue
        self.links = links  # queues the article links of a message, deduped as for any message
        self.ttl = ttl_seconds

    def register(self, app: App, workspace: Any) -> None:
        self._workspace = workspace
        app.action(FEEDBACK_ACTION)(self.on_feedback)
        app.view(MODAL_CALLBACK)(self.on_submission)
        app.event("app_home_opened")(self.on_home_opened)
        app.action(CHART_ACTION)(self.on_chart)
        app.shortcut(SHORTCUT_CALLBACK)(self.on_check_sourcing)

    def on_check_sourcing(self, ack: Ack, body: dict[str, Any], respond: Any, context: Any) -> None:
        """Ack at once; the ledger of the message's text is a job, and its links are read as usual."""
        ack()
        message = body.get("message") or {}
        text = message.get("text") if isinstance(message.get("text"), str) else ""
        channel, ts = (body.get("channel") or {}).get("id", ""), str(message.get("ts", ""))
        if not text.strip() or not channel or not ts:
            _tell(respond, "That message has no text to check (only files or attachments).")
            return
        if not self.store.claim(f"shortcut:{channel}:{ts}:{body.get('trigger_id', '')}", self.ttl):
            return  # the same click delivered again
        where = self._workspace(context)
        thread_ts = message.get("thread_ts") or ts
        session = self.store.session(channel, thread_ts)
        if session is not None and not same_workspace(session.team, session.enterprise, where):
            log.warning("shortcut: refused on a thread of another workspace")
            return
        self.queue.submit(SHORTCUT_JOB, {"channel": channel, "ts": ts, "thread_ts": thread_ts,
                                         "text": text[:MAX_MESSAGE_CHARS], "user": (body.get("user") or {}).get("id", ""),
                                         "response_url": body.get("response_url"), **where})
        self.links({"channel": channel, "ts": ts, "thread_ts": thread_ts, "text": text,
                    "blocks": message.get("blocks")}, (body.get("team") or {}).get("id", ""), where)

    def on_feedback(self, ack: Ack, body: dict[str, Any], client: Any, respond: Any, context: Any) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        parsed = parse_feedback_value(str(action.get("value", "")))
        user = (body.get("user") or {}).get("id", "")
        if parsed is None or not user:
            log.warning("feedback: ignored a malformed button payload")
            return
        rating, reply_id = parsed
        reply = self.store.reply(reply_id)
        if reply is not None and not same_workspace(reply.team, reply.enterprise, self._workspace(context)):
            log.warning("feedback: refused a click on another workspace's reply")
            return  # quietly: not even "gone", which would tell the id exists
        if reply is None:
            _tell(respond, GONE)
            return
        if rating == "up":
            self.store.save_feedback(Feedback(analysis_id=reply_id, user=user, team=reply.team, rating="up"))
            return
        claims = [claim.claim for claim in reply.analysis.claims]
        client.views_open(trigger_id=body.get("trigger_id"), view=feedback_modal(
            reply_id, claims, {"channel": reply.channel, "thread_ts": reply.thread_ts}))

    def on_submission(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: Any) -> None:
        try:
            metadata, number, reason, details = parse_submission(view)
        except ValueError:
            ack(response_action="errors", errors={"reason": "Please choose what was wrong."})
            return
        reply = self.store.reply(metadata.get("analysis_id", ""))
        if reply is not None and not same_workspace(reply.team, reply.enterprise, self._workspace(context)):
            log.warning("feedback: refused a submission on another workspace's reply")
            ack()  # quietly: the modal closes, nothing is stored
            return
        if reply is None:
            ack(response_action="errors", errors={"reason": GONE})
            return
        if number is not None and number > len(reply.analysis.claims):
            number = None  # a forged or stale claim number: the reply as a whole
        self.store.save_feedback(Feedback(analysis_id=reply.id, user=(body.get("user") or {}).get("id", ""),
                                          team=reply.team, rating="down", claim_number=number, reason=reason,  # type: ignore[arg-type]
                                          text=details))
        ack()

    def on_home_opened(self, event: dict[str, Any], context: Any) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self.queue.submit(HOME_JOB, {"user": event["user"], **self._workspace(context)})

    def on_chart(self, ack: Ack, body: dict[str, Any], context: Any) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        if user:
            self.queue.submit(CHART_JOB, {"user": user, **self._workspace(context)})


def _tell(respond: Any, text: str) -> None:
    """An ephemeral note to the person who clicked; a payload without a response_url just gets a log line."""
    try:
        respond(text=text, response_type="ephemeral", replace_original=False)
    except Exception as exc:  # noqa: BLE001 - e.g. no response_url in the payload
        log.info("could not answer ephemerally (%s): %s", type(exc).__name__, text)
