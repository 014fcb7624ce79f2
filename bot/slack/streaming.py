"""Follow-up answers streamed into the thread (chat.startStream / appendStream / stopStream), with a
"looking in the article" status while the answer is worked out.

If the stream cannot start, the answer is posted the ordinary way; if it started but cannot be finished,
the streamed message is completed with chat.update. Either way the thread gets the answer exactly once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.messages.chunk import TaskUpdateChunk

from bot.rendering import SlackMessage
from bot.slack import once, replies

log = logging.getLogger(__name__)
_TASK = "newsbot-answer"
_TITLE = "Looking in the article"


class AnswerStream:
    def __init__(self, client: WebClient, channel: str, thread_ts: str, team: str, user: str) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self._stream: Any = None
        if not team or not user:  # Slack requires both in channel threads
            return
        try:
            stream = client.chat_stream(channel=channel, thread_ts=thread_ts, recipient_team_id=team,
                                        recipient_user_id=user)
            stream.append(chunks=[TaskUpdateChunk(id=_TASK, title=_TITLE, status="in_progress")])
            self._stream = stream
        except Exception as exc:  # noqa: BLE001 - the ordinary post is the fallback
            log.info("streaming unavailable in %s (%s); posting the answer instead", channel, _why(exc))

    def finish(self, markdown: str, foot: list[dict], fallback: SlackMessage, ok: bool = True) -> None:
        stream = self._stream
        if stream is not None:
            try:
                stream.append(chunks=[TaskUpdateChunk(id=_TASK, title=_TITLE, status="complete" if ok else "error")])
                meta = once.metadata()  # the answer names its job, as every reply does
                stream.stop(markdown_text=markdown, blocks=foot, **({"metadata": meta} if meta else {}))
                return
            except Exception as exc:  # noqa: BLE001
                log.warning("stream in %s not finished (%s)", self.channel, _why(exc))
                if stream.ts:  # the streamed message exists: complete it rather than post a second answer
                    self.client.chat_update(channel=self.channel, ts=stream.ts, text=fallback.text,
                                            blocks=fallback.blocks)
                    return
        replies.post(self.client, self.channel, fallback, self.thread_ts)


def _why(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    return str(response.get("error")) if response is not None and hasattr(response, "get") else type(exc).__name__
