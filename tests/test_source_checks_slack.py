"""Source checks in Slack: the ledger is posted first and the checks are added to the same message."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from fakes.server import Request
from fakes.slack_events import message_event
from fakes.sourced import serve_documents
from slack_harness import running_app


def test_the_ledger_is_posted_first_and_updated_with_the_checks(tmp_path: Path) -> None:
    release = threading.Event()
    with running_app(tmp_path, with_model=False) as h:
        url = serve_documents(h.articles)
        report = h.articles.routes["/docs/report"]

        def held(r: Request) -> None:  # the document answers only once the test has seen the first post
            release.wait(10)
            report(r)
        h.articles.routes["/docs/report"] = held
        body = message_event(f"<{url}>")
        h.send.event(body)
        assert h.slack.wait_for(lambda: len(h.slack.posts()) >= 1)
        first = h.slack.posts()[0]
        assert "Flood repairs: who said what" in json.dumps(first["blocks"])
        assert "in the linked annual report" not in json.dumps(first["blocks"], ensure_ascii=False)
        assert not h.slack.calls_to("chat.update")
        release.set()
        assert h.slack.wait_for(lambda: bool(h.slack.calls_to("chat.update")))
        update = h.slack.calls_to("chat.update")[0].params
        ts = h.slack.calls_to("chat.postMessage")[0].response["ts"]
        assert update["channel"] == "C1" and update["ts"] == ts
        blocks = update["blocks"] if isinstance(update["blocks"], str) else json.dumps(update["blocks"])
        blocks = json.dumps(json.loads(blocks), ensure_ascii=False)
        assert "✓ in the linked annual report" in blocks
        assert "≠ the linked statement says 4,000 families; the article says 400 families" in blocks
        assert "? the linked budget papers could not be read (HTTP 404)" in blocks
        assert "actions" in blocks  # the feedback buttons survive the update

        # the follow-up is answered from the checks
        h.send.event(message_event("Does the report say that?", thread_ts=body["event"]["ts"]))
        assert h.slack.wait_for(lambda: len(h.slack.posts()) >= 2)
        answer = json.dumps(h.slack.posts()[1], ensure_ascii=False)
        assert "✓ in the linked annual report" in answer
        assert "≠ the linked statement" not in answer  # the question named the report
        assert len(h.articles.requests_to("/docs/report")) == 1


def test_a_channel_can_turn_the_checks_off(tmp_path: Path) -> None:
    with running_app(tmp_path, with_model=False, NEWSBOT_SOURCE_CHECKS_OFF_CHANNELS="C1") as h:
        url = serve_documents(h.articles)
        h.send.event(message_event(f"<{url}>"))
        assert h.slack.wait_for(lambda: len(h.slack.posts()) >= 1)
        assert h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs())
        assert not h.slack.calls_to("chat.update")
        assert not h.articles.requests_to("/docs/report")


def test_the_watch_reports_a_linked_document_that_changed(tmp_path: Path) -> None:
    from fakes.sourced import CLAIMS, document_html

    with running_app(tmp_path, with_model=False, NEWSBOT_WATCH=True, NEWSBOT_WATCH_SCHEDULE="2s") as h:
        url = serve_documents(h.articles)
        body = message_event(f"<{url}>")
        h.send.event(body)
        assert h.slack.wait_for(lambda: bool(h.slack.calls_to("chat.update")))
        corrected = CLAIMS["/docs/statement"][2].replace("4,000 families", "400 families")
        h.articles.routes["/docs/statement"] = lambda r: r.send(200, document_html("Statement", corrected))
        thread = body["event"]["ts"]
        assert h.slack.wait_for(lambda: len(h.replies_in(thread)) >= 2, 10), h.slack.posts()
        notice = h.text_of(h.replies_in(thread)[1])
        assert "A document this article links to has changed" in notice
        assert "claim 3: ✓ in the linked statement" in notice and "(was: ≠ the linked statement says 4,000" in notice
        assert len(h.replies_in(thread)) == 2
