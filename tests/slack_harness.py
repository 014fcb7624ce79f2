"""The whole app on real sockets: fake Slack, fake model, local articles, the HTTP app on an ephemeral port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings
from bot.slack.app import NewsBot, WorkProcess, build
from bot.slack.http_server import http_server, start_in_thread
from fakes.articles import article_server
from fakes.openai_server import FakeOpenAI
from fakes.server import FakeServer
from fakes.slack_api import FakeSlack
from fakes.slack_events import EventSender
from fakes.socket_mode import FakeSocketMode

SECRET = "test-signing-secret"


@dataclass
class Harness:
    slack: FakeSlack
    articles: FakeServer
    model: FakeOpenAI | None
    bot: NewsBot
    send: EventSender
    settings: Settings

    def link(self, path: str = "/article") -> str:
        return self.articles.url(path)

    def replies_in(self, thread_ts: str) -> list[dict]:
        return [p for p in self.slack.posts() if p.get("thread_ts") == thread_ts]

    def shown_in(self, thread_ts: str) -> list[dict]:
        """The thread's replies as they read now (each post with its later updates applied)."""
        return [m for m in self.slack.shown() if m.get("thread_ts") == thread_ts]

    def text_of(self, post: dict) -> str:
        return json.dumps(post.get("blocks", [])) + post.get("text", "")


def settings_for(slack: FakeSlack, db: Path, model: FakeOpenAI | None, **extra: object) -> Settings:
    values: dict[str, object] = {
        "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET, "SLACK_APP_TOKEN": "xapp-1-test",
        "SLACK_API_URL": slack.api_url, "NEWSBOT_DB": str(db), "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
        "NEWSBOT_FETCH_TIMEOUT": 5, "NEWSBOT_WORKERS": 8,
        "NEWSBOT_WATCH": False,  # the correction watch schedules re-reads; its own tests turn it on
    }
    if model is not None:
        values.update({"OPENAI_API_KEY": "sk-test-model-key", "OPENAI_BASE_URL": model.base_url,
                       "NEWSBOT_MODEL": "fake-model", "NEWSBOT_LLM_TIMEOUT": 5, "NEWSBOT_LLM_MAX_WAIT": 10})
    values.update(extra)
    return Settings(**values)  # type: ignore[arg-type]


@contextmanager
def running_app(tmp_path: Path, with_model: bool = True, model_latency: float = 0.0,
                **extra: object) -> Iterator[Harness]:
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI(latency=model_latency) as model:
        settings = settings_for(slack, tmp_path / "newsbot.sqlite3", model if with_model else None, **extra)
        bot = build(settings, http_mode=True)
        server = http_server(bot, "127.0.0.1", 0)
        start_in_thread(server)
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        try:
            yield Harness(slack, articles, model if with_model else None, bot, EventSender(url, SECRET), settings)
        finally:
            server.shutdown()
            server.server_close()
            bot.close()


@dataclass
class SocketModeApp:
    slack: FakeSlack
    articles: FakeServer
    socket: FakeSocketMode
    bot: NewsBot


@contextmanager
def socket_mode_app(tmp_path: Path) -> Iterator[SocketModeApp]:
    """The Bolt app connected over Socket Mode to a local websocket server, with no model: the newsroom default."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    with FakeSlack() as slack, article_server() as articles, FakeSocketMode() as socket:
        slack.socket_url = socket.url
        settings = settings_for(slack, tmp_path / "db.sqlite3", None, SLACK_SIGNING_SECRET="")
        bot = build(settings, http_mode=False)
        handler = SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())
        handler.connect()
        try:
            yield SocketModeApp(slack, articles, socket, bot)
        finally:
            handler.close()
            bot.close()


@dataclass
class Served:
    send: EventSender
    work: WorkProcess


@contextmanager
def work_in_a_process(settings: Settings) -> Iterator[Served]:
    """As `newsbot serve` runs it: acks here, the work in a supervised child process."""
    bot = build(settings, http_mode=True, run_work=False)
    server = http_server(bot, "127.0.0.1", 0)
    start_in_thread(server)
    work = WorkProcess(settings).start()
    try:
        yield Served(EventSender(f"http://127.0.0.1:{server.server_address[1]}/slack/events", SECRET), work)
    finally:
        work.stop()
        server.shutdown()
        server.server_close()
        bot.close()
