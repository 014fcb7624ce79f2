"""The links an article cites: kept from the story body, placed in their paragraph, carried to the ledger.

Pages of our own making go through the real reader core; the ledger through the real offline analyzer
and every renderer. Bad input (javascript:, data:, relative URLs, empty anchors, thousands of links) must
be kept or dropped sanely, never raise, and never become a live link in Slack.
"""

from __future__ import annotations

import json
import re

import pytest

from bot.analysis import Analyzer
from bot.reading import Reader
from bot.reading.article import Article
from bot.reading.extraction import extract_html
from bot.reading.links import MAX_LINKS, clean_url
from bot.rendering import render_markdown, render_slack, render_text
from bot.settings import Settings

PAGE_URL = "https://gazette.example/news/2026/03/09/flood-wall-approved"
STATEMENT = "https://www.gov.example/ministry/statements/flood-defences-2026"

STORY = f"""<!doctype html><html><head><title>Council approves flood wall</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/tag/floods">Floods</a></nav>
<article>
<h1>Council approves flood wall</h1>
<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u={PAGE_URL}">Share on Facebook</a>
<a href="https://twitter.com/intent/tweet?url={PAGE_URL}">Tweet</a>
<a href="https://api.whatsapp.com/send?text={PAGE_URL}">WhatsApp</a></div>
<p>Councillors in Westhaven voted on Tuesday to build a concrete flood wall along the harbour, ending a dispute
that has divided the town for two years and delayed repairs after the winter storms.</p>
<p>The environment ministry said in <a href="{STATEMENT}?utm_source=twitter&amp;utm_medium=social&amp;fbclid=abc123&amp;id=7">a statement on Monday</a>
that the wall would protect around four hundred homes, and that it would pay for a third of the cost.</p>
<p>Opponents, who are covered in our <a href="/topics/flooding">flooding section</a> and on
<a href="/politics">politics</a>, argued that the money would be better spent on drainage and repairs.</p>
<p>The engineering report, <a href="../../reports/harbour-wall-engineering.pdf">published by the council</a>,
says the wall will be built in three phases over the next two years, starting in the spring.</p>
<p>A resident who asked not to be named said she had been flooded three times and would believe in the wall when
she saw it. <a href="javascript:alert(1)">Click here</a> or <a href="data:text/html,hi">here</a> or
<a href="mailto:tips@gazette.example">email us</a>. <a href="https://elsewhere.example/photo"><img src="x.jpg"></a></p>
</article>
<footer><a href="/about">About us</a> <a href="https://partner.example/deals">Partner deals</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article() -> Article:
    return Reader(Settings()).from_bytes(STORY.encode(), url=PAGE_URL, is_html=True)


def test_only_the_story_links_to_sources_survive(article: Article) -> None:
    urls = [link.url for link in article.links]
    assert urls == [f"{STATEMENT}?id=7", "https://gazette.example/news/2026/reports/harbour-wall-engineering.pdf"]
    statement = article.links[0]
    assert statement.text == "a statement on Monday"
    assert "a statement on Monday" in article.paragraphs[statement.paragraph]
    assert "published by the council" in article.paragraphs[article.links[1].paragraph]


def test_read_json_carries_the_links(article: Article) -> None:
    data = json.loads(article.model_dump_json())
    assert data["links"][0] == {"text": "a statement on Monday", "url": f"{STATEMENT}?id=7",
                                "paragraph": article.links[0].paragraph}


@pytest.mark.parametrize(("href", "expected"), [
    ("javascript:alert(1)", None),
    ("JavaScript:void(0)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None),
    ("mailto:someone@example.com", None),
    ("tel:+441234567", None),
    ("#section-2", None),
    ("", None),
    ("http://[::1", None),  # a malformed host
    ("https://user:secret@source.example/doc", "https://source.example/doc"),
    ("  https://source.example/a b\n", "https://source.example/ab"),
    ("/reports/2026/annual-report", "https://gazette.example/reports/2026/annual-report"),
    ("//cdn.example/report.pdf?utm_campaign=x&page=2", "https://cdn.example/report.pdf?page=2"),
    ("https://source.example/doc?gclid=1&UTM_SOURCE=2&q=flood", "https://source.example/doc?q=flood"),
    ("https://www.linkedin.com/shareArticle?url=x", None),
    ("https://gazette.example/", None),
    ("https://gazette.example/author/jane-doe", None),
    ("https://www.gazette.example/world", None),
    ("https://gazette.example/hub/kamala-harris", None),
    ("https://topics.gazette.example/top/news/sudan/index.html", None),
    ("https://topics.other.example/top/news/sudan/index.html", "https://topics.other.example/top/news/sudan/index.html"),
    ("https://gazette.example/news/2026/03/01/earlier-story-about-the-wall", 
     "https://gazette.example/news/2026/03/01/earlier-story-about-the-wall"),
    (PAGE_URL + "#comments", None),
])
def test_clean_url(href: str, expected: str | None) -> None:
    assert clean_url(href, PAGE_URL) == expected


def _many_links_page(count: int) -> str:
    nav = "".join(f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(count))
    body = "".join(
        f"<p>Paragraph {i} of the story cites <a href='https://source{i}.example/report?utm_medium=x'>report {i}</a>, "
        f"which the council published, and <a href=''>an empty link</a> and <a href='#'>an anchor</a>.</p>"
        for i in range(count // 10))
    return f"<html><body><ul>{nav}</ul><article><h1>Links</h1>{body}</article></body></html>"


@pytest.mark.parametrize("count", [5_000, 50_000])
def test_pages_with_thousands_of_links_stay_bounded(count: int) -> None:
    article = extract_html(_many_links_page(count), "https://gazette.example/story/1")
    assert 0 < len(article.links) <= MAX_LINKS
    assert all(link.url.startswith("https://source") and "utm_" not in link.url for link in article.links)
    for link in article.links:
        assert link.text in article.paragraphs[link.paragraph]


def test_a_claim_shows_the_source_its_evidence_links_to(article: Article) -> None:
    analysis = Analyzer(Settings()).analyze(article, offline=True)
    linked = [claim for claim in analysis.claims if claim.links]
    assert linked, [c.quote for c in analysis.claims]
    claim = linked[0]
    assert claim.links[0].url == f"{STATEMENT}?id=7"
    assert "a statement on Monday" in claim.quote
    # Claims whose evidence carries no link get none.
    assert all(not c.links for c in analysis.claims if "statement on Monday" not in c.quote
               and "published by the council" not in c.quote)

    assert "links to: a statement on Monday <https://www.gov.example/" in render_text(analysis)
    markdown = render_markdown(analysis)
    assert f"links to: a statement on Monday `{STATEMENT}?id=7`" in markdown
    assert json.loads(analysis.model_dump_json())["claims"][analysis.claims.index(claim)]["links"][0]["url"] \
        == f"{STATEMENT}?id=7"


LIVE = re.compile(r"<https?:|(?<![\w\u200b])https?://|(?<![\w\u200b])www\.")


def test_slack_never_gets_a_live_link(article: Article) -> None:
    hostile = article.model_copy(deep=True)
    hostile.links[0].text = "<!channel> <https://evil.example|click> www.evil.example"
    hostile.links[0].url = "https://evil.example/`<@U123>`?a=<b>&c=`"
    analysis = Analyzer(Settings()).analyze(hostile, offline=True)
    message = render_slack(analysis)
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "links to:" in shown
    assert not LIVE.search(shown), LIVE.search(shown)
    assert "<!channel>" not in shown and "<@U123>" not in shown
