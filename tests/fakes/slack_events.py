"""Signed Slack requests for the HTTP app: events and slash commands, as Slack sends them."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

_counter = itertools.count(1)


@dataclass
class Sent:
    status: int
    body: str
    seconds: float


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)}


def post(url: str, body: str, headers: dict[str, str], content_type: str) -> Sent:
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": content_type, **headers})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Sent(response.status, response.read().decode(), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Sent(exc.code, exc.read().decode(), time.perf_counter() - started)


def message_event(text: str, channel: str = "C1", user: str = "U1", ts: str | None = None,
                  thread_ts: str | None = None, event_id: str | None = None, **extra: object) -> dict:
    n = next(_counter)
    ts = ts or f"1700000000.{n:06d}"
    event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
             "channel_type": "channel", **extra}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{n:08d}", "event_time": int(time.time()), "event": event}


def mention_event(text: str, **kwargs: object) -> dict:
    body = message_event(f"<@UBOT> {text}", **kwargs)  # type: ignore[arg-type]
    body["event"]["type"] = "app_mention"
    return body


class EventSender:
    def __init__(self, url: str, secret: str) -> None:
        self.url = url
        self.secret = secret

    def event(self, body: dict, retry_num: int | None = None, timestamp: int | None = None,
              secret: str | None = None) -> Sent:
        raw = json.dumps(body)
        headers = sign(secret or self.secret, raw, timestamp)
        if retry_num is not None:
            headers.update({"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"})
        return post(self.url, raw, headers, "application/json")

    def interaction(self, payload: dict) -> Sent:
        """A block action, view submission or shortcut: a signed form with one `payload` field."""
        raw = urlencode({"payload": json.dumps(payload)})
        return post(self.url, raw, sign(self.secret, raw), "application/x-www-form-urlencoded")

    def command(self, text: str, response_url: str, command: str = "/summarise", channel: str = "C1") -> Sent:
        raw = urlencode({"token": "legacy", "team_id": "T1", "channel_id": channel, "channel_name": "news",
                         "user_id": "U1", "user_name": "reporter", "command": command, "text": text,
                         "response_url": response_url, "trigger_id": f"trig.{next(_counter)}", "api_app_id": "A1"})
        return post(self.url, raw, sign(self.secret, raw), "application/x-www-form-urlencoded")


def dm_event(text: str, channel: str = "D1", **kwargs: object) -> dict:
    """A message to the app in its DM (`message.im`): the agent view's Messages tab, or an assistant thread
    when `thread_ts` is given."""
    return message_event(text, channel=channel, channel_type="im", **kwargs)  # type: ignore[arg-type]


def app_event(event: dict, team: str = "T1") -> dict:
    """Any other event, wrapped as Slack delivers it."""
    n = next(_counter)
    return {"token": "legacy", "team_id": team, "api_app_id": "A1", "type": "event_callback",
            "event_id": f"Ev{n:08d}", "event_time": int(time.time()), "event": event}


def messages_tab_event(user: str = "U1", channel: str = "D1") -> dict:
    return app_event({"type": "app_home_opened", "user": user, "channel": channel, "tab": "messages",
                      "event_ts": f"{time.time():.6f}"})


def assistant_thread_event(kind: str, channel: str, thread_ts: str, user: str = "U1",
                           viewing: str = "C1") -> dict:
    """`assistant_thread_started` or `assistant_thread_context_changed` (the legacy assistant view)."""
    return app_event({"type": kind, "event_ts": f"{time.time():.6f}", "assistant_thread": {
        "user_id": user, "channel_id": channel, "thread_ts": thread_ts,
        "context": {"channel_id": viewing, "team_id": "T1", "enterprise_id": None}}})
