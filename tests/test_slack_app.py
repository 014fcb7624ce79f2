"""The Slack app end to end over real sockets: signed POSTs in, fake Slack Web API calls out."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from fakes.openai_server import Reply
from fakes.slack_api import Failure
from fakes.slack_events import mention_event, message_event
from slack_harness import Harness, running_app


@pytest.fixture
def h(tmp_path: Path):
    with running_app(tmp_path) as harness:
        yield harness


def wait_posts(h: Harness, count: int, timeout: float = 10) -> list[dict]:
    """The replies once posted and their jobs finished, as they then read: a quick first answer shows as the
    model's ledger that replaced it (tests/test_first_answer.py tests the two steps)."""
    assert h.slack.wait_for(lambda: len(h.slack.posts()) >= count, timeout), h.slack.posts()
    h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), timeout)
    return h.slack.shown()


def settle(h: Harness, seconds: float = 0.4) -> None:
    """Give a wrongly queued second reply time to show up before asserting there is none."""
    time.sleep(seconds)
    h.slack.wait_for(lambda: not h.bot.store.unfinished_jobs(), 10)


def test_link_gets_one_threaded_reply_with_title_and_claims(h: Harness) -> None:
    body = message_event(f"Have we got this? <{h.link()}|Flood wall story>")
    sent = h.send.event(body)
    assert sent.status == 200
    post = wait_posts(h, 1)[0]
    assert post["channel"] == "C1" and post["thread_ts"] == body["event"]["ts"]
    assert post["unfurl_links"] in (False, "false", "0", 0) and post["unfurl_media"] in (False, "false", "0", 0)
    text = h.text_of(post)
    assert "Harbour council approves flood wall" in text
    assert "Claims and who makes them" in text and "Margaret Hale" in text
    assert "AI-generated from the article text" in text
    reactions = [(c.method, c.params["name"]) for c in h.slack.calls if c.method.startswith("reactions.")]
    assert h.slack.wait_for(lambda: ("reactions.add", "white_check_mark") in
                            [(c.method, c.params["name"]) for c in h.slack.calls if c.method.startswith("reactions.")])
    assert reactions[0] == ("reactions.add", "eyes")
    settle(h)
    assert len(h.slack.posts()) == 1
    assert len(h.model.requests) == 1


def test_redelivery_still_gets_one_reply(h: Harness) -> None:
    body = message_event(f"<{h.link()}>")
    assert h.send.event(body).status == 200
    assert h.send.event(body, retry_num=1).status == 200
    assert h.send.event(body, retry_num=2).status == 200
    wait_posts(h, 1)
    settle(h)
    assert len(h.slack.posts()) == 1


def test_retry_whose_first_delivery_was_lost_is_answered(h: Harness) -> None:
    assert h.send.event(message_event(f"<{h.link()}>"), retry_num=1).status == 200
    assert len(wait_posts(h, 1)) == 1


def test_same_message_as_message_and_mention_gets_one_reply(h: Harness) -> None:
    body = message_event(f"<@UBOT> <{h.link()}>")
    mention = mention_event(f"<{h.link()}>", ts=body["event"]["ts"])
    mention["event"]["text"] = body["event"]["text"]
    h.send.event(body)
    h.send.event(mention)
    wait_posts(h, 1)
    settle(h)
    assert len(h.slack.posts()) == 1


def test_same_link_in_another_channel_comes_from_the_cache(h: Harness) -> None:
    h.send.event(message_event(f"<{h.link()}>", channel="C1"))
    wait_posts(h, 1)
    h.send.event(message_event(f"<{h.link()}?utm_source=twitter>", channel="C2"))
    posts = wait_posts(h, 2)
    # the same reply; only its feedback buttons (the last block) name each posting
    assert posts[0]["blocks"][:-1] == posts[1]["blocks"][:-1]
    assert posts[0]["blocks"][-1]["type"] == posts[1]["blocks"][-1]["type"] == "context_actions"
    settle(h)
    assert len(h.model.requests) == 1
    assert len(h.articles.requests_to("/article")) == 1


@pytest.mark.parametrize("extra", [{"bot_id": "B999"}, {"subtype": "bot_message", "bot_id": "B999"},
                                   {"user": "UBOT"}, {"subtype": "message_changed"}, {"subtype": "channel_join"}])
def test_bot_messages_and_the_bots_own_get_none(h: Harness, extra: dict) -> None:
    body = message_event(f"<{h.link()}>")
    body["event"].update(extra)
    assert h.send.event(body).status == 200
    settle(h, 0.6)
    assert h.slack.posts() == []


def test_bad_or_stale_signature_gets_401(h: Harness) -> None:
    body = message_event(f"<{h.link()}>")
    assert h.send.event(body, secret="wrong-secret").status == 401
    assert h.send.event(body, timestamp=int(time.time()) - 600).status == 401
    settle(h)
    assert h.slack.posts() == []


def test_follow_up_question_gets_an_answer_in_the_same_thread(h: Harness) -> None:
    body = message_event(f"<{h.link()}>")
    h.send.event(body)
    wait_posts(h, 1)
    root = body["event"]["ts"]
    h.send.event(message_event("Who said the wall would protect 400 homes?", thread_ts=root))
    posts = wait_posts(h, 2)
    assert posts[1]["thread_ts"] == root
    question_request = h.model.requests[-1]
    assert question_request["response_format"]["json_schema"]["name"] == "ModelAnswer"
    assert "Who said the wall would protect 400 homes?" in question_request["messages"][1]["content"]
    h.send.event(mention_event("And who opposed it?", thread_ts=root))
    posts = wait_posts(h, 3)
    assert posts[2]["thread_ts"] == root
    assert "Who said the wall would protect 400 homes?" in h.model.requests[-1]["messages"][1]["content"]  # history
    assert not any(c.method == "conversations.replies" for c in h.slack.calls)


def test_unknown_thread_messages_are_ignored(h: Harness) -> None:
    h.send.event(message_event("what do you all think?", thread_ts="1600000000.000001"))
    settle(h, 0.5)
    assert h.slack.posts() == []


def test_slash_command_acks_at_once_then_posts(h: Harness) -> None:
    h.model.latency = 1.0
    sent = h.send.command(h.link(), h.slack.url("/webhook/cmd"))
    assert sent.status == 200
    assert sent.seconds < 3  # Slack's own deadline; the analysis takes longer than this ack
    assert "Reading" in sent.body
    posts = wait_posts(h, 2)
    root, detail = posts
    assert "thread_ts" not in root or root["thread_ts"] in (None, "")
    assert "Summary" in h.text_of(root)
    assert detail["thread_ts"] == h.slack.calls_to("chat.postMessage")[0].response["ts"]
    assert "Claims and who makes them" in h.text_of(detail)


def test_slash_command_falls_back_to_ephemeral_when_it_cannot_post(h: Harness) -> None:
    h.slack.fail("chat.postMessage", Failure(error="not_in_channel"))
    h.send.command(h.link(), h.slack.url("/webhook/cmd"))
    assert h.slack.wait_for(lambda: h.slack.webhooks, 10)
    hook = h.slack.webhooks[0]
    assert hook["response_type"] == "ephemeral"
    assert "Harbour council" in json.dumps(hook["blocks"])


def test_slash_command_without_a_url_explains_itself(h: Harness) -> None:
    sent = h.send.command("please", h.slack.url("/webhook/cmd"))
    assert sent.status == 200 and "Usage: /summarise" in sent.body


def test_article_text_with_channel_mention_is_escaped(h: Harness) -> None:
    h.articles.routes["/hostile"] = lambda r: r.send(200, (
        "<html><head><title>Town news</title></head><body><article><h1>Town news</h1>"
        + "<p>The mayor said: “&lt;!channel&gt; everyone come to the hall &amp; bring &lt;@U0ADMIN&gt; now, "
          "see https://evil.example/phish for details.”</p>"
        + "".join(f"<p>Councillors said on day {i} that the hall would reopen in May after repairs costing "
                  f"two million pounds, and officials said the work was on schedule despite delays.</p>"
                  for i in range(4))
        + "</article></body></html>"))
    h.send.event(message_event(f"<{h.link('/hostile')}>"))
    post = wait_posts(h, 1)[0]
    raw = json.dumps(post)
    assert "<!channel>" not in raw and "<@U0ADMIN>" not in raw and "https://evil.example" not in raw
    assert "&lt;!channel&gt;" in raw
    assert post.get("link_names") in (None, False, "false", "0", 0)


def test_unreadable_page_gets_a_clear_message_in_the_thread(h: Harness) -> None:
    body = message_event(f"<{h.link('/paywall')}>")
    h.send.event(body)
    post = wait_posts(h, 1)[0]
    assert post["thread_ts"] == body["event"]["ts"]
    assert "couldn't read" in post["text"] and "paywall" in post["text"]
    assert h.slack.wait_for(lambda: any(c.params.get("name") == "warning" for c in h.slack.calls_to("reactions.add")))


def test_model_down_gets_the_labelled_offline_analysis(h: Harness) -> None:
    h.model.then(*[Reply(status=500)] * 10)
    h.send.event(message_event(f"<{h.link()}>"))
    post = wait_posts(h, 1, timeout=30)[0]
    text = h.text_of(post)
    assert "built-in offline analysis" in text and "offline analyzer" in text
    assert "Margaret Hale" in text


def test_model_down_without_fallback_gets_a_clear_message(tmp_path: Path) -> None:
    # as it was before quick first answers; with one, the quick answer stays, labelled (test_first_answer.py)
    with running_app(tmp_path, NEWSBOT_OFFLINE_FALLBACK="false", NEWSBOT_LLM_MAX_ATTEMPTS=2,
                     NEWSBOT_QUICK_FIRST_ANSWER="false") as h:
        h.model.then(*[Reply(status=503)] * 4)
        h.send.event(message_event(f"<{h.link()}>"))
        post = wait_posts(h, 1, timeout=30)[0]
        assert "the analysis failed" in post["text"] and "HTTP 503" in post["text"]


def test_several_links_one_reply_each_up_to_the_cap(tmp_path: Path) -> None:
    with running_app(tmp_path, NEWSBOT_MAX_LINKS=2) as h:
        for path in ("/a1", "/a2", "/a3"):
            h.articles.routes[path] = h.articles.routes["/article"]
        text = " ".join(f"<{h.link(p)}>" for p in ("/a1", "/a2", "/a3")) + " <https://files.slack.com/x.png>"
        h.send.event(message_event(text))
        wait_posts(h, 2)
        settle(h)
        assert len(h.slack.posts()) == 2


def test_channel_settings(tmp_path: Path) -> None:
    with running_app(tmp_path, NEWSBOT_CHANNELS="C1,C2", NEWSBOT_MENTION_ONLY_CHANNELS="C2",
                     NEWSBOT_DENY_DOMAINS="denied.example") as h:
        h.send.event(message_event(f"<{h.link()}>", channel="C9"))  # not opted in
        h.send.event(message_event(f"<{h.link()}>", channel="C2"))  # mention-only
        h.send.event(message_event("<https://denied.example/story>", channel="C1"))  # deny-listed
        settle(h, 0.6)
        assert h.slack.posts() == []
        h.send.event(mention_event(f"<{h.link()}>", channel="C2"))
        assert wait_posts(h, 1)[0]["channel"] == "C2"


def test_slack_rate_limit_is_retried_and_posts_once(h: Harness) -> None:
    h.slack.fail("chat.postMessage", Failure(status=429, headers={"Retry-After": "1"}))
    h.send.event(message_event(f"<{h.link()}>"))
    assert h.slack.wait_for(lambda: len(h.slack.calls_to("chat.postMessage")) == 2, 15)
    settle(h)
    assert len(h.slack.calls_to("chat.postMessage")) == 2  # the 429, then the one real post


def test_restart_keeps_sessions_and_dedupe(tmp_path: Path) -> None:
    body = message_event("<LINK>")
    with running_app(tmp_path) as h:
        body["event"]["text"] = f"<{h.link()}>"
        h.send.event(body)
        wait_posts(h, 1)
    with running_app(tmp_path) as h2:  # same database file: a restarted process
        h2.send.event(body, retry_num=3)  # Slack's last re-delivery arrives after the restart
        h2.send.event(message_event("Who is Margaret Hale?", thread_ts=body["event"]["ts"]))
        posts = wait_posts(h2, 1)
        settle(h2)
        assert len(h2.slack.posts()) == 1
        assert posts[0]["thread_ts"] == body["event"]["ts"]
        assert h2.model.requests[-1]["response_format"]["json_schema"]["name"] == "ModelAnswer"


def test_same_link_in_five_channels_at_once_is_analysed_once(tmp_path: Path) -> None:
    with running_app(tmp_path, model_latency=0.5) as h:
        for channel in ("C1", "C2", "C3", "C4", "C5"):
            h.send.event(message_event(f"<{h.link()}>", channel=channel))
        posts = wait_posts(h, 5)
        settle(h)
        assert sorted(p["channel"] for p in posts) == ["C1", "C2", "C3", "C4", "C5"]
        assert len(h.model.requests) == 1
        assert len(h.articles.requests_to("/article")) == 1
