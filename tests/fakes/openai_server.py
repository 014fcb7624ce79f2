"""A fake OpenAI-compatible server on loopback: /v1/chat/completions, scripted failures, fixed latency (counted
from the request's arrival, so the fake's own work on a busy machine does not lengthen it).

By default it answers like a diligent model: it takes the article out of the prompt's data markers and
returns the offline analyzer's ledger for it, so answers are grounded and specific to each article.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fakes.server import FakeServer, Request

_MARKERS = re.compile(r"<<<ARTICLE (\w+)>>>\n?(.*?)\n?<<<END ARTICLE \1>>>", re.S)


@dataclass
class Reply:
    """One scripted answer. `content` is the assistant message text (JSON for structured output)."""

    status: int = 200
    content: str | None = None
    finish_reason: str = "stop"
    headers: dict[str, str] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    delay: float = 0.0
    drop_connection: bool = False


def ledger_for(article_text: str) -> dict[str, Any]:
    """What a careful model would return for this article: the offline ledger, reshaped."""
    from bot.analysis.offline import analyze_offline
    from bot.reading.article import Article

    analysis = analyze_offline(Article(text=article_text, word_count=len(article_text.split())))
    return {
        "summary": analysis.summary,
        "claims": [{"claim": c.claim, "source": c.source, "source_type": c.source_type, "cue": c.cue,
                    "status": c.status, "quote": c.quote} for c in analysis.claims][:7],  # v1's maxItems
        "attributions": [{"source": a.source, "source_type": a.source_type, "cue": a.cue, "content": a.content}
                         for a in analysis.attributions][:40],  # the schema's maxItems, as a grammar would
        "caveats": analysis.sourcing.caveats[:5],
        "not_heard": [],
    }


_NUMBERED = re.compile(r"^\[(\d+)\] (.*)$", re.M)
_CANDIDATE = re.compile(r"^(\d+)\. sentence (\d+) \| source: (.*?) \| cue: .*? \| kind: (\w+)$", re.M)


def numbered_sentences(block: str) -> dict[int, str]:
    return {int(n): text for n, text in _NUMBERED.findall(block)}


def cited_ledger_for(numbered_block: str, candidates_block: str = "") -> dict[str, Any]:
    """What a careful model would answer to prompt v2: every candidate confirmed, the offline claims cited by
    the numbers of the sentences they come from, the lead as summary."""
    from bot.analysis.offline import analyze_offline
    from bot.reading.article import Article

    numbered = numbered_sentences(numbered_block)
    text = "\n\n".join(numbered.values())
    analysis = analyze_offline(Article(text=text, word_count=len(text.split())))

    def sentence_of(quote: str) -> list[int]:
        return [n for n, sentence in numbered.items() if quote[:60] and quote[:60] in sentence][:1]

    return {
        "summary": analysis.summary,
        "summary_sentences": [n for n in numbered if n <= 2],
        "claims": [{"claim": c.claim, "sentences": sentence_of(c.quote), "source": c.source,
                    "source_type": c.source_type, "status": c.status} for c in analysis.claims][:6],
        "kinds": [kind for _, _, _, kind in _CANDIDATE.findall(candidates_block)],
        "renamed": [],
        "added": [],
        "not_heard": [],
    }


def answer_for(prompt: str) -> dict[str, Any]:
    """A diligent answer: the first sentence of the first paragraph, cited and quoted."""
    first = re.search(r"^\[1\] (.+)$", prompt, re.M)
    if first is None:
        return {"answer": "The article does not say.", "paragraph": None, "quote": "", "found": False}
    sentence = re.split(r"(?<=[.!?])\s", first.group(1).strip(), maxsplit=1)[0]
    return {"answer": sentence, "paragraph": 1, "quote": sentence, "found": True}


class FakeOpenAI:
    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.script: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.request_headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self.server = FakeServer({"/v1/chat/completions": self._completions})
        self.default: Callable[[dict[str, Any]], Reply] = self._diligent

    @property
    def base_url(self) -> str:
        return self.server.url("/v1")

    def __enter__(self) -> FakeOpenAI:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def then(self, *replies: Reply) -> FakeOpenAI:
        self.script.extend(replies)
        return self

    def article_in(self, body: dict[str, Any]) -> str:
        """The text inside the first pair of data markers: the article (numbered sentences, for prompt v2)."""
        return self.data_in(body)[0]

    def data_in(self, body: dict[str, Any]) -> list[str]:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        return [match.group(2) for match in _MARKERS.finditer(user)] or [""]

    def ledger(self, body: dict[str, Any]) -> dict[str, Any]:
        """The diligent answer for whichever prompt version the request used."""
        blocks = self.data_in(body)
        if body.get("response_format", {}).get("json_schema", {}).get("name") == "CitedLedger":
            return cited_ledger_for(blocks[0], blocks[1] if len(blocks) > 1 else "")
        return ledger_for(blocks[0])

    def _diligent(self, body: dict[str, Any]) -> Reply:
        schema = body.get("response_format", {}).get("json_schema", {}).get("name", "")
        if schema == "ModelAnswer":
            user = next(m["content"] for m in body["messages"] if m["role"] == "user")
            return Reply(content=json.dumps(answer_for(user)))
        return Reply(content=json.dumps(self.ledger(body)))

    def _completions(self, request: Request) -> None:
        arrived = time.monotonic()  # the latency runs from here: building the answer is part of it, as for a model
        body = request.json()
        with self._lock:
            self.requests.append(body)
            self.request_headers.append(request.headers)
            reply = self.script.popleft() if self.script else None
        reply = reply or self.default(body)
        delay = reply.delay or self.latency
        if delay:
            time.sleep(max(0.0, delay - (time.monotonic() - arrived)))
        if reply.drop_connection:
            request.handler.close_connection = True
            request.handler.connection.close()
            return
        if reply.status != 200:
            error = reply.error or {"message": "scripted failure", "type": "server_error", "code": None}
            request.send_json(reply.status, {"error": error}, reply.headers)
            return
        content = reply.content if reply.content is not None else json.dumps(self.ledger(body))
        request.send_json(200, {
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
            "model": body.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": reply.finish_reason,
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": len(json.dumps(body["messages"])) // 4, "completion_tokens": len(content) // 4,
                      "total_tokens": 0},
        }, reply.headers)
