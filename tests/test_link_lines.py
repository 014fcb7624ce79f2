"""Lines that were links in the page: teasers to other stories go, a cited address and a list post stay."""

from __future__ import annotations

from lxml.html import fromstring

from bot.reading.extraction import extract_html
from bot.reading.link_lines import LinkTexts, drop_link_teasers, is_link_teaser

STORY = [
    "The council voted on Tuesday to build the flood wall along the harbour front, ending a two-year row.",
    "The council leader, Margaret Hale, said the decision would protect more than 400 homes in the town.",
    "Opponents argued that the wall would block views of the water and hurt tourism in the summer months.",
    "Work is due to start in the spring and should be finished within eighteen months, officials said.",
]


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Flood wall</title></head><body><article>{body}</article></body></html>"


def test_a_linked_headline_inside_the_story_is_dropped_and_recorded() -> None:
    teaser = "<p><a href='/other'>DANCING STAR OPENS UP ABOUT HER HEALTH</a></p>"
    article = extract_html(_page(f"<p>{STORY[0]}</p><p>{STORY[1]}</p>{teaser}<p>{STORY[2]}</p><p>{STORY[3]}</p>"),
                           "https://gazette.example/a")
    assert "DANCING STAR" not in article.text
    assert all(sentence in article.text for sentence in STORY)
    assert any(r.kind == "link_teaser" and "DANCING STAR" in r.text for r in article.removed)


def test_a_closing_rail_of_linked_items_is_dropped() -> None:
    rail = "<ul>" + "".join(
        f"<li><a href='/s/{n}'>Other harbour story number {n}</a> A blurb about that other story.</li>"
        for n in range(4)) + "</ul>"
    article = extract_html(_page("".join(f"<p>{s}</p>" for s in STORY) + rail), "https://gazette.example/a")
    assert "Other harbour story" not in article.text
    assert article.text.count("\n\n") == len(STORY) - 1


def test_a_cited_address_and_a_linked_sentence_stay() -> None:
    tree = fromstring("<div><a href='http://www.openpetition.de'>http://www.openpetition.de</a>"
                      "<a href='/r'>The full report is published on the council's website.</a></div>")
    links = LinkTexts.of(tree)
    assert not is_link_teaser("http://www.openpetition.de", links)
    assert not is_link_teaser("The full report is published on the council's website.", links)


def test_links_that_are_most_of_the_text_are_a_list_post_and_stay() -> None:
    items = [f"Shanty number {n} by the Harbour Choir" for n in range(6)]
    tree = fromstring("<ol>" + "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(items)) + "</ol>")
    kept, removed = drop_link_teasers(["The six best shanties."] + items, LinkTexts.of(tree))
    assert kept == ["The six best shanties."] + items
    assert removed == []


def test_the_gate_evidence_counts_whole_link_lines_before_they_are_dropped() -> None:
    links = "".join(f"<p><a href='/s/{n}'>Harbour council meets again over the wall, part {n}</a></p>" for n in range(8))
    article = extract_html(_page(f"<p>{STORY[0]}</p>{links}"), "https://gazette.example/tag/harbour")
    assert article.evidence is not None
    assert article.evidence.link_lines >= 5
    assert article.evidence.link_chars > article.evidence.text_chars / 2


CARDS = "<ul>" + "".join(
    f"<li><div><h3><a href='/s/{n}'>Another story from elsewhere in the news, number {n}</a></h3>"
    f"<p>A summary of another story, number {n}, that reads just like running text does, with enough words to "
    "pass for a paragraph of the story.</p></div></li>" for n in range(5)) + "</ul>"


def test_a_river_of_teaser_cards_beside_the_story_is_dropped() -> None:
    story = "".join(f"<p>{s} {s} {s}</p>" for s in STORY)
    article = extract_html(f"<html><body><main>{CARDS}<div class='body'>{story}</div></main></body></html>",
                           "https://gazette.example/a")
    assert "A summary of another story" not in article.text
    assert all(sentence in article.text for sentence in STORY)
    assert sum(r.kind in ("link_teaser", "link_list") for r in article.removed) == 5


def test_cards_that_are_the_whole_page_stay_for_the_gate_to_judge() -> None:
    article = extract_html(f"<html><body><main>{CARDS}</main></body></html>", "https://gazette.example/section")
    assert article.text.count("A summary of another story") == 5
