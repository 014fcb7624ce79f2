"""A fake Slack Web API on loopback that records every call, plus response_url webhooks.

Answers auth.test, chat.postMessage, chat.update, reactions.*, apps.connections.open, the AI-app surface
(assistant.threads.setStatus/setTitle/setSuggestedPrompts; in the channels listed in `agent_view` those answer
`method_not_supported_for_channel_type` and agents.sessions.setStatus/rename stand in, as in Slack's 2026 agent
view), and
conversations.replies and conversations.history from the messages posted (with their message metadata, under include_all_metadata); any
method can be scripted to fail (429 with Retry-After, 5xx, an `ok: false` error, a dropped connection).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from fakes.server import FakeServer, Request


@dataclass
class Failure:
    status: int = 200
    error: str | None = None  # for ok:false answers
    headers: dict[str, str] = field(default_factory=dict)
    drop_connection: bool = False


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float
    response: dict[str, Any] = field(default_factory=dict)


class FakeSlack(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[Call] = []
        self.webhooks: list[dict[str, Any]] = []
        self.failures: defaultdict[str, deque[Failure]] = defaultdict(deque)
        self.socket_url: str | None = None
        self.on_call: Callable[[Call], None] | None = None  # e.g. to report calls to another process
        self.grants: dict[str, dict[str, Any]] = {}  # OAuth code -> oauth.v2.access answer (see grant())
        self.identities: dict[str, dict[str, Any]] = {}  # bot token -> auth.test answer
        self.refreshes: dict[str, str] = {}  # refresh token -> the bot token it yields (used once, then revoked)
        self.memberships: dict[str, list[str]] = {}  # user -> channels (users.conversations)
        self.uploads: list[bytes] = []  # file bodies sent to the upload URL (files_upload_v2)
        self.threads: defaultdict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)  # (channel, ts) -> messages
        self._stream_threads: dict[str, str] = {}
        self.agent_view: set[str] = set()  # DM channels in the 2026 agent view: assistant.threads.* not supported
        self._ts = itertools.count(1)
        self._calls_lock = threading.Lock()
        self.api_url = self.base_url + "/api/"

    def route_for(self, path: str):  # type: ignore[override]
        if path.startswith("/api/"):
            return self._api
        if path.startswith("/webhook"):
            return self._webhook
        if path.startswith("/upload/"):
            return self._upload
        return None

    def fail(self, method: str, *failures: Failure) -> None:
        self.failures[method].extend(failures)

    def _api(self, request: Request) -> None:
        method = request.path.removeprefix("/api/")
        content_type = request.headers.get("content-type", "")
        params = request.json() if "json" in content_type else request.form()
        for key in ("blocks", "attachments", "metadata"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        call = Call(method, params, request.headers, time.monotonic())
        with self._calls_lock:
            self.calls.append(call)
            failure = self.failures[method].popleft() if self.failures[method] else None
        if failure is not None:
            if failure.drop_connection:
                request.handler.close_connection = True
                request.handler.connection.close()
                return
            if failure.status != 200:
                request.send_json(failure.status, {"ok": False, "error": failure.error or "fatal_error"}, failure.headers)
                return
            request.send_json(200, {"ok": False, "error": failure.error}, failure.headers)
            return
        token = request.headers.get("authorization", "").removeprefix("Bearer ") or str(params.get("token", ""))
        call.response = self._answer(method, params, token)
        request.send_json(200, call.response)
        if self.on_call is not None:
            self.on_call(call)

    def grant(self, code: str, team: str, token: str, enterprise: str | None = None, org_install: bool = False,
              bot_user: str = "UBOT") -> None:
        """Slack's side of an install: the code the redirect carries, and what oauth.v2.access then answers."""
        self.grants[code] = {
            "ok": True, "access_token": token, "token_type": "bot", "scope": "chat:write,channels:history",
            "bot_user_id": bot_user, "app_id": "A1", "is_enterprise_install": org_install,
            "team": None if org_install else {"id": team, "name": f"Team {team}"},
            "enterprise": {"id": enterprise, "name": f"Org {enterprise}"} if enterprise else None,
            "authed_user": {"id": "UINSTALLER"}}
        self.identities[token] = {"ok": True, "url": "https://ws.slack.example/", "team": f"Team {team}",
                                  "user": "newsbot", "team_id": team, "user_id": bot_user, "bot_id": f"B{team}",
                                  "enterprise_id": enterprise, "is_enterprise_install": org_install}

    def _answer(self, method: str, params: dict[str, Any], token: str = "") -> dict[str, Any]:
        if method == "oauth.v2.access" and params.get("grant_type") == "refresh_token":
            token = self.refreshes.pop(str(params.get("refresh_token")), None)
            if token is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return {"ok": True, "access_token": token, "refresh_token": f"refresh-after-{token}",
                    "expires_in": 43200, "token_type": "bot", "team": {"id": "T2"}, "enterprise": None}
        if method == "oauth.v2.access":
            return self.grants.pop(str(params.get("code")), {"ok": False, "error": "invalid_code"})
        if method == "auth.test" and token in self.identities:
            return self.identities[token]
        if method == "auth.test":
            return {"ok": True, "url": "https://newsroom.slack.example/", "team": "Newsroom", "user": "newsbot",
                    "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT"}
        if method == "chat.postMessage":
            ts = f"1800000000.{next(self._ts):06d}"
            self._keep(params, ts)
            return {"ok": True, "channel": params.get("channel"), "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts}}
        if method == "chat.stopStream":
            self._keep({**params, "thread_ts": self._stream_threads.get(str(params.get("ts")))}, str(params.get("ts")))
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "conversations.replies":
            with self._calls_lock:
                messages = list(self.threads.get((str(params.get("channel")), str(params.get("ts"))), []))
            oldest = float(params.get("oldest") or 0)
            messages = [m for m in messages if float(m["ts"]) > oldest][:int(params.get("limit") or 1000)]
            if str(params.get("include_all_metadata")).lower() not in ("true", "1"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "conversations.history":  # the channel's messages, not replies, newest first
            with self._calls_lock:
                channel = str(params.get("channel"))
                messages = [m for (c, t), thread in self.threads.items() if c == channel for m in thread
                            if m["ts"] == t]
            messages = sorted(messages, key=lambda m: float(m["ts"]), reverse=True)[:int(params.get("limit") or 100)]
            if str(params.get("include_all_metadata")).lower() not in ("true", "1"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            return {"ok": True, "messages": messages, "has_more": False}
        if method == "chat.startStream":
            ts = f"1800000000.{next(self._ts):06d}"
            self._stream_threads[ts] = str(params.get("thread_ts") or ts)
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "chat.update":
            with self._calls_lock:
                for message in self.threads_message(str(params.get("channel")), str(params.get("ts"))):
                    message["text"] = params.get("text") or message["text"]
                    if params.get("metadata"):
                        message["metadata"] = params["metadata"]
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "chat.appendStream":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "users.conversations":
            channels = self.memberships.get(str(params.get("user")), [])
            return {"ok": True, "channels": [{"id": c} for c in channels], "response_metadata": {"next_cursor": ""}}
        if method == "chat.getPermalink":
            ts = str(params.get("message_ts", "")).replace(".", "")
            return {"ok": True, "permalink": f"https://newsroom.slack.example/archives/{params.get('channel')}/p{ts}"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users')}"}}
        if method == "files.getUploadURLExternal":
            n = next(self._ts)
            return {"ok": True, "upload_url": f"{self.base_url}/upload/F{n}", "file_id": f"F{n}"}
        if method == "files.completeUploadExternal":
            files = json.loads(params["files"]) if isinstance(params.get("files"), str) else params.get("files", [])
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
        if method == "files.info":
            return {"ok": True, "file": {"id": params.get("file")}}
        if method.startswith("assistant.threads.") or method.startswith("agents.sessions."):
            return self._ai_surface(method, params)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        return {"ok": True}

    def _ai_surface(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Slack's checks that matter to the bot: the ids it must send, at most 4 prompts, and the view."""
        channel = str(params.get("channel_id") or "")
        if not channel:
            return {"ok": False, "error": "invalid_arguments"}
        if method.startswith("assistant.threads."):
            if channel in self.agent_view:
                return {"ok": False, "error": "method_not_supported_for_channel_type"}
            if method != "assistant.threads.setSuggestedPrompts" and not params.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
        if method == "assistant.threads.setSuggestedPrompts":
            prompts = params.get("prompts")
            prompts = json.loads(prompts) if isinstance(prompts, str) else prompts
            if not prompts or len(prompts) > 4 or any(not p.get("title") or not p.get("message") for p in prompts):
                return {"ok": False, "error": "invalid_arguments"}
        if method == "assistant.threads.setStatus" and "status" not in params:
            return {"ok": False, "error": "invalid_arguments"}
        if method in ("assistant.threads.setTitle", "agents.sessions.rename") and not params.get("title"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True}

    def threads_message(self, channel: str, ts: str) -> list[dict[str, Any]]:
        """The kept message with this ts in `channel`, if any (caller holds the lock)."""
        return [m for (c, _t), messages in self.threads.items() if c == channel for m in messages if m["ts"] == ts]

    def _keep(self, params: dict[str, Any], ts: str) -> None:
        """A posted message, as conversations.replies will return it (the bot's own, with its metadata)."""
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": params.get("text") or "", "bot_id": "BBOT"}
        if params.get("metadata"):
            message["metadata"] = params["metadata"]
        thread = str(params.get("thread_ts") or ts)
        with self._calls_lock:
            self.threads[(str(params.get("channel")), thread)].append(message)

    def _upload(self, request: Request) -> None:
        with self._calls_lock:
            self.uploads.append(request.body)
        request.send(200, "OK", "text/plain")

    def _webhook(self, request: Request) -> None:
        with self._calls_lock:
            self.webhooks.append(request.json())
        request.send(200, "ok", "text/plain")

    # --- assertions helpers ----------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._calls_lock:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[dict[str, Any]]:
        """Messages Slack accepted (a scripted failure is a call, not a post), in order. A streamed message
        counts once it is stopped, as the message it became: its text and final blocks."""
        with self._calls_lock:
            calls = list(self.calls)
        posts: list[dict[str, Any]] = []
        streams: dict[str, dict[str, Any]] = {}
        for call in calls:
            if not call.response.get("ok"):
                continue
            if call.method == "chat.postMessage":
                posts.append(call.params)
            elif call.method == "chat.startStream":
                streams[call.response["ts"]] = {"channel": call.params.get("channel"), "streamed": True,
                                                "thread_ts": call.params.get("thread_ts"), "text": "", "chunks": []}
            elif call.method in ("chat.appendStream", "chat.stopStream") and call.params.get("ts") in streams:
                stream = streams[call.params["ts"]]
                chunks = call.params.get("chunks") or []
                chunks = json.loads(chunks) if isinstance(chunks, str) else chunks
                stream["chunks"] += chunks
                stream["text"] += "".join(c.get("text", "") for c in chunks if c.get("type") == "markdown_text")
                stream["text"] += str(call.params.get("markdown_text") or "")
                if call.method == "chat.stopStream":
                    blocks = call.params.get("blocks") or []
                    stream["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
                    posts.append(stream)
        return posts

    def shown(self) -> list[dict[str, Any]]:
        """Messages as readers see them now: each post (in order) with its later chat.update calls applied,
        so a quick first answer shows as the ledger that replaced it. Streamed answers as in posts()."""
        with self._calls_lock:
            calls = list(self.calls)
        shown: list[dict[str, Any]] = []
        by_ts: dict[tuple[str, str], dict[str, Any]] = {}
        streamed = iter([p for p in self.posts() if p.get("streamed")])
        for call in calls:
            if not call.response.get("ok"):
                continue
            if call.method == "chat.postMessage":
                message = {**call.params, "ts": call.response["ts"], "updates": 0}
                by_ts[(str(call.params.get("channel")), call.response["ts"])] = message
                shown.append(message)
            elif call.method == "chat.stopStream":
                message = {**next(streamed), "ts": call.params.get("ts"), "updates": 0}
                by_ts[(str(call.params.get("channel")), str(call.params.get("ts")))] = message
                shown.append(message)
            elif call.method == "chat.update":
                message = by_ts.get((str(call.params.get("channel")), str(call.params.get("ts"))))
                if message is not None:
                    message.update({k: v for k, v in call.params.items() if k in ("text", "blocks", "metadata")})
                    message["updates"] += 1
        return shown

    def wait_for(self, predicate, timeout: float = 10.0, interval: float = 0.02) -> bool:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(interval)
        return bool(predicate())
