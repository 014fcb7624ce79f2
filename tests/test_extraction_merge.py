"""The reader's two-pass merge and its metadata reader: what a recall pass may add, and the fields kept."""

from __future__ import annotations

from pathlib import Path

from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from bot.reading.extraction import merge_passes
from bot.reading.metadata import page_metadata

FIXTURES = Path(__file__).parent / "fixtures"

FIRST = "The council voted on Tuesday to build the flood wall along the harbour front, ending a long row."
LAST = "Work is due to start in the spring and should be finished within eighteen months, officials said."


def _merge(*middle: str) -> list[str]:
    return merge_passes([FIRST, LAST], [FIRST, *middle, LAST])


def test_a_dropped_story_paragraph_between_shared_lines_is_added() -> None:
    dropped = "Residents who had campaigned against the wall for two years said they would now appeal the decision."
    assert _merge(dropped) == [FIRST, dropped, LAST]


def test_a_headline_teaser_ending_in_a_quote_without_a_stop_stays_out() -> None:
    teaser = "Lawmakers push the agency on its efforts to combat the threat of 'transnational repression'"
    assert _merge(teaser) == [FIRST, LAST]


def test_a_teaser_in_capitals_stays_out_even_with_a_stop() -> None:
    shouted = "TWO RESIDENTS ALLEGEDLY RAN A SECRET OFFICE IN THE TOWN: 'A SIGNIFICANT SECURITY MATTER.'"
    assert _merge(shouted) == [FIRST, LAST]


def test_sentences_ending_inside_closing_quotes_are_story_lines_in_any_language() -> None:
    german = "Der Bürgermeister sagte am Abend: „Wir haben lange gestritten, aber nun steht der Beschluss.“"
    english = 'The mayor told reporters after the vote that the town "had waited long enough for this."'
    japanese = ("防潮堤の建設が決まったことについて、反対運動を続けてきた住民の代表は記者団に対し、"
                "「長い議論の末にようやく結論が出た。工事を急いでほしい。」")
    assert _merge(german, english, japanese) == [FIRST, german, english, japanese, LAST]


def test_recall_lines_outside_the_shared_story_stay_out() -> None:
    around = "Read our full coverage of the council's budget, the harbour and the new ferry timetable here."
    assert merge_passes([FIRST, LAST], [around, "Menu", FIRST, LAST, around]) == [FIRST, LAST]


def test_page_metadata_matches_trafilatura_for_the_fields_an_article_keeps() -> None:
    html = (FIXTURES / "furniture_article.html").read_text(encoding="utf-8")
    url = "https://gazette.example/news/flood-wall"
    ours = page_metadata(load_html(html), url)
    theirs = extract_metadata(load_html(html), url)
    for field in ("title", "author", "sitename", "date", "url"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.title == "Harbour council approves flood wall after two-year row"
    assert ours.date == "2024-03-09"
