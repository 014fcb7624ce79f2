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
