"""A local Socket Mode server (aiohttp websocket, as Bolt tests itself): sends envelopes, records acks."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from aiohttp import WSMsgType, web


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []
        self.outbox: asyncio.Queue[dict[str, Any]] | None = None
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def send(self, envelope: dict[str, Any]) -> None:
        assert self.outbox is not None
        self._loop.call_soon_threadsafe(self.outbox.put_nowait, envelope)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ack in list(self.acks):
                if ack.get("envelope_id") == envelope_id:
                    return ack
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}; got {self.acks}")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self.outbox = asyncio.Queue()
        app = web.Application()
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A1"}}))

        async def pump() -> None:
            assert self.outbox is not None
            while not ws.closed:
                envelope = await self.outbox.get()
                await ws.send_str(json.dumps(envelope))

        sender = asyncio.ensure_future(pump())
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(message.data))
                elif message.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                    break
        finally:
            sender.cancel()
        return ws
