"""Dashboard counts from stored ledgers, against a hand-computed fixture, and the chart as a real PNG."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from bot.analysis.models import Analysis, Attribution, Claim, Sourcing
from bot.dashboard import Posted, dashboard
from bot.dashboard.chart import COLOURS, source_kinds_png
from bot.reading.article import Article

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)


def ledger(url: str, sources: list[tuple[str, str]], claims: list[tuple[str, str]], single: list[int]) -> Analysis:
    article = Article(url=url, title=f"Story {url[-1]}", text="Text.", word_count=1)
    attributions = [Attribution(source=s, source_type=k, cue="said", content="x", start=0, end=1)  # type: ignore[arg-type]
                    for s, k in sources]
    return Analysis(article=article, summary="s", backend="offline", attributions=attributions,
                    claims=[Claim(claim="c", source=s or None, source_type=k) for s, k in claims],  # type: ignore[arg-type]
                    sourcing=Sourcing(single_source_claims=single))


def fixture() -> list[Posted]:
    one = ledger("http://a/1", [("Jane Roe", "person"), ("officials", "anonymous"), ("Reuters", "outlet"),
                                ("Jane Roe", "person")], [("Jane Roe", "person"), ("", "unattributed")], [1, 2])
    two = ledger("http://a/2", [("a source", "anonymous"), ("The Ministry", "organisation")],
                 [("The Ministry", "organisation")], [])
    old = ledger("http://a/3", [("Reuters", "outlet"), ("John Doe", "person")], [("John Doe", "person")], [1])
    return [
        Posted("C1", "1.1", NOW - timedelta(days=1), one),
        Posted("C2", "2.2", NOW - timedelta(days=2), one),  # the same link again: one article
        Posted("C1", "3.3", NOW - timedelta(days=3), two),
        Posted("C9", "4.4", NOW - timedelta(days=20), old),
    ]


def test_counts_match_the_hand_computed_fixture():
    board = dashboard(fixture(), NOW)
    week, month = board.windows
    assert (week.days, week.articles, month.articles) == (7, 2, 3)
    assert week.sources_by_kind == {"person": 1, "organisation": 1, "anonymous": 2, "outlet": 1, "document": 0,
                                    "unattributed": 1}
    assert week.anonymous_share == 0.4
    assert (week.key_claims, week.single_source_claims) == (3, 2)
    assert [(n.name, n.articles) for n in month.top_outlets] == [("Reuters", 2)]
    assert {n.name for n in month.top_people} == {"Jane Roe", "John Doe"}
    assert [item.thread_ts for item in board.latest] == ["1.1", "2.2", "3.3", "4.4"]


def test_only_the_viewers_channels_count_and_no_channel_means_an_empty_board():
    board = dashboard(fixture(), NOW, channels={"C9"})
    assert [w.articles for w in board.windows] == [0, 1]
    empty = dashboard(fixture(), NOW, channels=set())
    assert [w.articles for w in empty.windows] == [0, 0] and not empty.latest
    assert empty.windows[0].anonymous_share == 0.0


def test_the_chart_is_a_png_with_a_bar_of_each_kind_this_week():
    from PIL import Image

    png = source_kinds_png(dashboard(fixture(), NOW))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {image.getpixel((x, y)) for x in range(0, image.width, 2) for y in range(0, image.height, 2)}
    for kind in ("person", "organisation", "anonymous", "outlet"):
        assert COLOURS[kind] in colours
    assert source_kinds_png(dashboard([], NOW)).startswith(b"\x89PNG")  # an empty desk still draws


def test_home_tab_blocks_carry_the_counts_and_escape_titles():
    from bot.rendering.home import MAX_VIEW_BLOCKS, render_home

    posted = fixture()
    posted[0].analysis.article.title = "<!channel> Story"
    view = render_home(dashboard(posted, NOW), {("C1", "1.1"): "https://example.slack.com/archives/C1/p11"})
    assert view["type"] == "home" and len(view["blocks"]) <= MAX_VIEW_BLOCKS
    text = "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert "*Last 7 days:* 2 articles analysed" in text and "anonymous share 40%" in text
    assert "Key claims resting on a single source: 2 of 3" in text
    assert "Reuters (2)" in text and "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert "<https://example.slack.com/archives/C1/p11|thread>" in text and "<#C9>" in text
    empty = render_home(dashboard([], NOW))
    assert "No analyses yet" in empty["blocks"][1]["text"]["text"]
