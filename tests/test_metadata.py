"""The reader's metadata reader: the fields an Article keeps, as trafilatura would read them."""

from __future__ import annotations

from pathlib import Path

from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from bot.reading.metadata import page_metadata

FIXTURES = Path(__file__).parent / "fixtures"


def test_page_metadata_matches_trafilatura_for_the_fields_an_article_keeps() -> None:
    html = (FIXTURES / "furniture_article.html").read_text(encoding="utf-8")
    url = "https://gazette.example/news/flood-wall"
    ours = page_metadata(load_html(html), url)
    theirs = extract_metadata(load_html(html), url)
    for field in ("title", "author", "sitename", "date", "url"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.title == "Harbour council approves flood wall after two-year row"
    assert ours.date == "2024-03-09"


def test_json_ld_is_read_without_its_story_text() -> None:
    """The byline and type come from JSON-LD even when it repeats a long story (and a quote) in articleBody."""
    body = ('The council said \\"no\\" to the plan. ' * 2000).strip()
    html = ("<html><head><title>Flood wall</title><script type='application/ld+json'>"
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Flood wall", '
            f'"articleBody": "{body}", "author": {{"@type": "Person", "name": "Jane Doe"}}}}'
            "</script></head><body><article><p>Text.</p></article></body></html>")
    metadata = page_metadata(load_html(html), "https://gazette.example/a")
    assert metadata.author == "Jane Doe"
    assert metadata.pagetype == "newsarticle"
