"""The first answer in seconds, refined in place (issue 21, item 1): with a model, the built-in reading is posted
at once, labelled as quick, and the same message is replaced by the model's ledger; one message per link, through
a model failure and through a crash between the two. Fake Slack and fake model over real HTTP."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.analysis.parsing import warm_up
from bot.observability import metrics
from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.slack.app import web_client
from bot.slack.work import JobRunner, Worker
from bot.store import open_store
from fakes.articles import article_server
from fakes.openai_server import FakeOpenAI, Reply
from fakes.slack_api import Call, FakeSlack
from fakes.slack_events import message_event
from slack_harness import Harness, running_app, settings_for

pytestmark = pytest.mark.timeout(120)
_fork = multiprocessing.get_context("fork")
QUICK = "Quick built-in reading"
AI = "AI-generated from the article text"


def thread_calls(h: Harness, thread: str) -> list[Call]:
    """The Slack calls that wrote the reply in `thread`: its post, then every update of that message."""
    posts = [c for c in h.slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == thread]
    mine = {c.response.get("ts") for c in posts}
    return [c for c in h.slack.calls if c.response.get("ok") and (c in posts or (
        c.method == "chat.update" and c.params.get("ts") in mine))]


def blocks_text(call: Call) -> str:
    return json.dumps(call.params.get("blocks") or [], ensure_ascii=False) + str(call.params.get("text"))


def held_model(h: Harness) -> threading.Event:
    """The model answers only once the test releases it, so the test sees the quick answer alone first."""
    release = threading.Event()
    diligent = h.model.default

    def held(body: dict[str, Any]) -> Reply:
        release.wait(30)
        return diligent(body)
    h.model.default = held
    return release


def answers_observed() -> tuple[float, float]:
    """How many first and final answers the time histograms have counted (this process's registry)."""
    m = metrics.metrics()
    return tuple(next(s.value for s in hist.collect()[0].samples if s.name.endswith("_count"))  # type: ignore[return-value]
                 for hist in (m.first_answer, m.final_answer))


def test_the_quick_answer_is_posted_then_replaced_by_the_models_ledger(tmp_path: Path) -> None:
    with running_app(tmp_path) as h:
        release = held_model(h)
        firsts, finals = answers_observed()
        body = message_event(f"<{h.link()}>", ts=f"{time.time():.6f}")  # a recent ts: the histograms count it
        thread = body["event"]["ts"]
        h.send.event(body)
        assert h.slack.wait_for(lambda: len(thread_calls(h, thread)) == 1)
        quick = thread_calls(h, thread)[0]
        assert quick.method == "chat.postMessage"
        assert QUICK in blocks_text(quick) and "The model is checking it" in blocks_text(quick)
        assert "Margaret Hale" in blocks_text(quick) and AI not in blocks_text(quick)
        assert quick.params["metadata"]["event_payload"]["stage"] == "quick"
        assert h.slack.wait_for(lambda: len(h.model.requests) == 1)
        assert not h.slack.calls_to("chat.update")  # the model is still at it
        assert answers_observed() == (firsts + 1, finals)  # the quick post is the first answer, not the final

        release.set()
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs())
        calls = thread_calls(h, thread)
        assert [c.method for c in calls] == ["chat.postMessage", "chat.update"]
        final = calls[1]
        assert final.params["ts"] == quick.response["ts"] and final.params["channel"] == "C1"
        assert AI in blocks_text(final) and QUICK not in blocks_text(final)
        assert "Margaret Hale" in blocks_text(final)
        assert final.params["blocks"][-1]["type"] == "context_actions"  # feedback buttons on the ledger
        assert "stage" not in final.params["metadata"]["event_payload"]  # final: a retry leaves it alone
        assert len(h.slack.calls_to("chat.postMessage")) == 1
        assert answers_observed() == (firsts + 1, finals + 1)  # the update is the final answer
        # the checkmark comes once the ledger is in
        assert h.slack.wait_for(lambda: any(c.params.get("name") == "white_check_mark"
                                            for c in h.slack.calls_to("reactions.add")))


def test_without_quick_answers_the_models_ledger_is_the_one_post(tmp_path: Path) -> None:
    with running_app(tmp_path, NEWSBOT_QUICK_FIRST_ANSWER="false") as h:
        body = message_event(f"<{h.link()}>")
        h.send.event(body)
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs() and h.slack.posts())
        calls = thread_calls(h, body["event"]["ts"])
        assert [c.method for c in calls] == ["chat.postMessage"]
        assert AI in blocks_text(calls[0]) and QUICK not in blocks_text(calls[0])


def test_without_a_model_the_built_in_analysis_is_posted_once(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=False) as h:
        body = message_event(f"<{h.link()}>")
        h.send.event(body)
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs() and h.slack.posts())
        calls = thread_calls(h, body["event"]["ts"])
        assert [c.method for c in calls] == ["chat.postMessage"]
        assert QUICK not in blocks_text(calls[0]) and "offline" in blocks_text(calls[0]).lower()


@pytest.mark.parametrize("failure, extra", [
    ([Reply(status=500)] * 10, {}),  # the model server errors: the fallback's label
    ([Reply(delay=3.0)] * 3, {"NEWSBOT_LLM_TIMEOUT": 0.5, "NEWSBOT_LLM_MAX_ATTEMPTS": 1}),  # it times out
    ([Reply(status=500)] * 10, {"NEWSBOT_OFFLINE_FALLBACK": "false"}),  # no fallback: the quick answer stays
])
def test_when_the_model_fails_the_quick_answer_stays_labelled_with_the_reason(
        tmp_path: Path, failure: list[Reply], extra: dict[str, object]) -> None:
    with running_app(tmp_path, **extra) as h:
        h.model.then(*failure)
        body = message_event(f"<{h.link()}>")
        thread = body["event"]["ts"]
        h.send.event(body)
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs() and h.slack.calls_to("chat.update"), 60)
        calls = thread_calls(h, thread)
        assert [c.method for c in calls] == ["chat.postMessage", "chat.update"]
        assert QUICK in blocks_text(calls[0])
        final = blocks_text(calls[1])
        assert "The model could not be used" in final and "this is the built-in offline analysis" in final
        assert QUICK not in final and "Margaret Hale" in final
        assert len(h.slack.calls_to("chat.postMessage")) == 1
        assert h.slack.wait_for(lambda: any(c.params.get("name") == "white_check_mark"
                                            for c in h.slack.calls_to("reactions.add")))


def _work(settings: Settings) -> None:
    """A work process as `newsbot serve` runs one, until it is killed."""
    store = open_store(settings)
    worker = Worker(settings, web_client(settings), Pipeline(settings, store), store)
    JobRunner(worker, store, 2, poll_seconds=0.02, name="doomed").run_forever()


def test_a_retry_after_a_crash_between_the_quick_answer_and_its_update_updates_it(tmp_path: Path) -> None:
    """SIGKILL right after Slack answered the quick answer's chat.postMessage; the retry finishes that message."""
    warm_up()  # loaded once here; the forked worker inherits the parser
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI() as model:
        settings = settings_for(slack, tmp_path / "db.sqlite3", model)
        store = open_store(settings)
        victim = _fork.Process(target=_work, args=(settings,), daemon=True)

        def kill_after_post(call: Call) -> None:
            if call.method == "chat.postMessage" and victim.pid is not None:
                os.kill(victim.pid, signal.SIGKILL)
        slack.on_call = kill_after_post
        try:
            thread = "1700000000.000042"
            job = store.add_job("link", {"channel": "C1", "ts": thread, "thread_ts": thread, "team": "T1",
                                         "url": articles.url("/article")})
            victim.start()
            victim.join(60)
            assert victim.exitcode == -signal.SIGKILL, victim.exitcode
            slack.on_call = None
            assert [j.id for j in store.unfinished_jobs()] == [job.id]  # quick answer out, never finished
            quick = slack.calls_to("chat.postMessage")
            assert len(quick) == 1 and quick[0].params["metadata"]["event_payload"] == {"job": job.id,
                                                                                       "stage": "quick"}
            assert not slack.calls_to("chat.update")

            _survive(settings, slack, store)
            assert len(slack.calls_to("chat.postMessage")) == 1  # not posted twice
            assert len(slack.calls_to("conversations.replies")) == 1  # the one read on retry
            updates = slack.calls_to("chat.update")
            assert len(updates) == 1 and updates[0].params["ts"] == quick[0].response["ts"]
            assert AI in blocks_text(updates[0]) and QUICK not in blocks_text(updates[0])
            assert updates[0].params["metadata"]["event_payload"] == {"job": job.id}
            shown = [m for m in slack.shown() if m.get("thread_ts") == thread]
            assert len(shown) == 1 and shown[0]["updates"] == 1
        finally:
            slack.on_call = None
            store.close()


def test_the_slash_command_posts_its_quick_summary_and_ledger_then_updates_each(tmp_path: Path) -> None:
    with running_app(tmp_path) as h:
        release = held_model(h)
        h.send.command(h.link(), h.slack.url("/webhook/cmd"))
        assert h.slack.wait_for(lambda: len(h.slack.calls_to("chat.postMessage")) == 2)
        summary, ledger = h.slack.calls_to("chat.postMessage")
        assert not summary.params.get("thread_ts") and ledger.params["thread_ts"] == summary.response["ts"]
        for quick in (summary, ledger):
            assert QUICK in blocks_text(quick) and AI not in blocks_text(quick)
            assert quick.params["metadata"]["event_payload"]["stage"] == "quick"
        assert "Summary" in blocks_text(summary) and "Margaret Hale" in blocks_text(ledger)
        assert h.slack.wait_for(lambda: len(h.model.requests) == 1)
        assert not h.slack.calls_to("chat.update")  # the model is still at it

        release.set()
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs())
        calls = [c for c in h.slack.calls if c.method in ("chat.postMessage", "chat.update")]
        assert [(c.method, c.params.get("ts")) for c in calls[:4]] == [
            ("chat.postMessage", None), ("chat.postMessage", None),
            ("chat.update", summary.response["ts"]), ("chat.update", ledger.response["ts"])]
        assert all(c.params.get("ts") == ledger.response["ts"] for c in calls[4:])  # the source checks, if any
        assert QUICK not in blocks_text(calls[2]) and "Summary" in blocks_text(calls[2])
        assert AI in blocks_text(calls[3]) and QUICK not in blocks_text(calls[3])
        assert calls[3].params["blocks"][-1]["type"] == "context_actions"  # feedback buttons on the ledger
        assert len(h.slack.calls_to("chat.postMessage")) == 2 and not h.slack.webhooks


def _crashed(settings: Settings, slack: FakeSlack, posts: int) -> None:
    """A work process SIGKILLed right after Slack answered its `posts`-th chat.postMessage."""
    victim = _fork.Process(target=_work, args=(settings,), daemon=True)

    def kill_after_post(call: Call) -> None:
        if call.method == "chat.postMessage" and victim.pid is not None \
                and len(slack.calls_to("chat.postMessage")) >= posts:
            os.kill(victim.pid, signal.SIGKILL)
    slack.on_call = kill_after_post
    try:
        victim.start()
        victim.join(60)
        assert victim.exitcode == -signal.SIGKILL, victim.exitcode
    finally:
        slack.on_call = None


def _survive(settings: Settings, slack: FakeSlack, store: Any) -> None:
    worker = Worker(settings, web_client(settings), Pipeline(settings, store), store)
    runner = JobRunner(worker, store, 2, poll_seconds=0.02, name="survivor").start()
    try:
        assert slack.wait_for(lambda: not store.unfinished_jobs(), 30)
    finally:
        runner.stop()


@pytest.mark.parametrize("posts", [1, 2])  # killed after the quick summary, or after the quick ledger too
def test_a_slash_command_retried_after_a_crash_updates_its_quick_messages(tmp_path: Path, posts: int) -> None:
    warm_up()
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI() as model:
        settings = settings_for(slack, tmp_path / "db.sqlite3", model)
        store = open_store(settings)
        try:
            job = store.add_job("command", {"channel": "C1", "team": "T1", "user": "U1",
                                            "url": articles.url("/article"),
                                            "response_url": slack.url("/webhook/cmd")})
            _crashed(settings, slack, posts)
            assert [j.id for j in store.unfinished_jobs()] == [job.id]
            assert len(slack.calls_to("chat.postMessage")) == posts and not slack.calls_to("chat.update")
            _survive(settings, slack, store)
            summary, ledger = slack.calls_to("chat.postMessage")  # each kind posted once, through the crash
            assert ledger.params["thread_ts"] == summary.response["ts"]
            updated = [c.params["ts"] for c in slack.calls_to("chat.update")]
            assert updated[:2] == [summary.response["ts"], ledger.response["ts"]]
            shown = {m["ts"]: m for m in slack.shown()}
            assert QUICK not in str(shown[summary.response["ts"]]["blocks"])
            assert AI in json.dumps(shown[ledger.response["ts"]]["blocks"])
            assert shown[ledger.response["ts"]]["metadata"]["event_payload"] == {"job": job.id}
            assert not slack.webhooks
        finally:
            store.close()


def test_a_job_that_gives_up_after_its_quick_answer_updates_that_message(tmp_path: Path) -> None:
    warm_up()
    with FakeSlack() as slack, article_server() as articles, FakeOpenAI() as model:
        settings = settings_for(slack, tmp_path / "db.sqlite3", model)
        store = open_store(settings)
        try:
            thread = "1700000000.000043"
            store.add_job("link", {"channel": "C1", "ts": thread, "thread_ts": thread, "team": "T1",
                                   "url": articles.url("/article")})
            _crashed(settings, slack, 1)  # the quick answer is out
            for _ in range(2):  # and two more crashes, before anything was posted
                store.requeue_running()
                store.claim_jobs(10, holder="elsewhere")
            store.requeue_running()
            _survive(settings, slack, store)
            posts = slack.calls_to("chat.postMessage")
            assert len(posts) == 1  # no second message
            updates = slack.calls_to("chat.update")
            assert len(updates) == 1 and updates[0].params["ts"] == posts[0].response["ts"]
            assert "gave up" in blocks_text(updates[0]) and QUICK not in blocks_text(updates[0])
            assert any(c.params.get("name") == "warning" for c in slack.calls_to("reactions.add"))
        finally:
            store.close()
