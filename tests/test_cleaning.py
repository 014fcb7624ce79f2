"""The newsroom cleaner: keep every paragraph of the story, drop every piece of furniture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.reading.cleaning import clean_extracted, clean_plain_text, furniture_kind
from bot.reading.extraction import extract_html

FIXTURES = Path(__file__).parent / "fixtures"

SEED_FURNITURE = [
    "Spring Statement: Sunak on impact of Russia sanctions",
    "We use your sign-up to provide content",
    "DON’T MISS",
    "Chancellor Rishi Sunak set to announce",
    "POLL: Do YOU think",
    "Source: Read Full Article",
    "[ANALYSIS]", "[INSIGHT]", "[REVEAL]",
]


def _story_paragraphs(seed: str) -> list[str]:
    """The seed's paragraphs minus its headline and the furniture, straight from the file."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", seed) if p.strip()][1:]
    return [p for p in paragraphs if not any(f in p for f in SEED_FURNITURE)]


def test_seed_keeps_every_story_paragraph_and_no_furniture(seed_text: str) -> None:
    result = clean_plain_text(seed_text)
    kept = result.text.split("\n\n")
    expected = _story_paragraphs(seed_text)
    assert len(expected) == 22  # counted by hand: 22 story paragraphs under the headline
    assert kept == expected
    for furniture in SEED_FURNITURE:
        assert furniture not in result.text
    assert result.title == "Putin is killing his OWN men with Stalin-style ‘execution squads’"
    kinds = [r.kind for r in result.removed]
    assert kinds == ["video_caption", "signup_notice", "link_list", "link_list", "poll", "read_full_article"]


@pytest.mark.parametrize(("line", "kind"), [
    ("Sign up to our free newsletter for the latest news", "signup_notice"),
    ("We use your sign-up to provide content in ways you've consented to", "signup_notice"),
    ("You can unsubscribe at any time.", "signup_notice"),
    ("We and our partners use cookies to personalise ads", "consent_notice"),
    ("This copy is for your personal, non-commercial use only.", "reprint_notice"),
    ("DON'T MISS: Minister quits over expenses [LATEST]", "link_list"),
    ("READ MORE: Storm damage bill tops £3m", "link_list"),
    ("Related: The ten best beaches in Devon", "link_list"),
    ("Kate wows in green at the gala [PICS]", "link_list"),
    ("POLL: Should the wall be built?", "poll"),
    ("Video: Storm surge floods the harbour front", "video_caption"),
    ("Now playing: Highlights Duration 2:31", "video_caption"),
    ("Image caption: The harbour in January", "image_credit"),
    ("Source: Read Full Article", "read_full_article"),
    ("Continue reading the main story", "read_full_article"),
    ("Share this article", "social_share"),
    ("Share on Facebook", "social_share"),
    ("Follow us on Twitter @gazette", "social_share"),
    ("Follow TechNews on Google News and add us as a preferred source", "social_share"),
    ("FOLLOW US ON SOCIAL MEDIA", "social_share"),
    ("Sign up for breaking news, reviews, opinion and more.", "signup_notice"),
    ("Get the latest news from gazette.example in your inbox.", "signup_notice"),
    ("Advertisement", "advert"),
    ("Article content", "advert"),
    ("Story continues below advertisement", "advert"),
    ("End of Article", "advert"),
    ("Most popular", "link_list"),
    ("More from The Gazette", "link_list"),
    ("Copyright © 2026 The Coastal Gazette, LLC.", "reprint_notice"),
    ("With files from The Canadian Press", "credit_line"),
    ("Reporting by Jane Doe in London; Editing by John Roe", "credit_line"),
    ("Associated Press writer Jane Doe in Paris contributed to this report.", "credit_line"),
    ("Peoples reported from New York and Thomson-DeVeaux from Washington.", "credit_line"),
    ("We want to hear from you: Are you planning to vote early? Email us.", "tip_line"),
    ("Do you have a story to tell? Email: news@gazette.example", "tip_line"),
    ("Are floods hitting your area? Get in touch at news@gazette.example", "tip_line"),
    ("Pictured right, reader Jane Doe at the book launch", "photo_caption"),
    ("In this photo dated Tuesday, Nov, 29, 2016 the rocket booster is installed on a launch pad.", "photo_caption"),
    ("This undated file photo shows the harbour wall before the storm.", "photo_caption"),
    ("You must confirm your public display name before commenting", "comment_prompt"),
])
def test_each_kind_of_furniture_is_recognised(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "The council leader said the decision would protect more than 400 homes.",
    "More than 400 homes are at risk, the report says.",
    "Related companies were also fined, according to the regulator.",
    "She said: \"Sign up for the army and you will see the world.\"",
    "Share prices fell sharply on Tuesday after the announcement.",
    "Video evidence shown to the court contradicted his account, prosecutors said.",
    "The poll, carried out by YouGov, found 52% support for the plan.",
    "Reporting by local journalists had exposed the scheme years earlier, the inquiry heard.",
    "More from the council's own budget will go on drainage, the leader said.",
    "Popular opinion in the town has swung behind the wall since the January storm.",
    "Pictures from the storm show the harbour wall breached in three places.",
    "This photograph, the council said, proves the wall was breached before the storm, not after it, and that the "
    "engineers knew.",
    "Smith said he reported from the front line for years before the paper closed.",
    "We want to hear the council explain why the wall failed, residents said.",
])
def test_story_sentences_that_look_like_furniture_are_kept(line: str) -> None:
    assert furniture_kind(line) is None


@pytest.mark.parametrize(("line", "kind"), [
    ("Lea también: Impiden ingreso a Nicaragua a reportero estadounidense", "link_list"),
    ("LE PUEDE INTERESAR: La ficha del expresidente en el tribunal", "link_list"),
    ("À lire aussi : la réforme des retraites au Sénat", "link_list"),
    ("Mehr zum Thema: Die Energiewende in Bayern", "link_list"),
    ("Czytaj także: Rząd przyjął projekt ustawy", "link_list"),
    ("Tags: Politik, Wahl, Bundestag", "link_list"),
    ("Teilen mit:", "link_list"),
    ("Das könnte Sie auch interessieren", "page_furniture"),
    ("Notas relacionadas", "page_furniture"),
    ("Zum Newsletter anmelden", "page_furniture"),
    ("Bloggern gefällt das:", "page_furniture"),
    ("Síguenos en Telegram, Instagram, Facebook y Twitter", "page_furniture"),
    ("Alle Rechte vorbehalten.", "page_furniture"),
    ("- Previous", "page_furniture"),
    ("- Share on Twitter", "social_share"),
    ("- 24 July 2015", "dateline"),
    ("posted on April 21, 2015, at 11:29 a.m.", "dateline"),
    ("Veröffentlicht am 16.08.2019", "dateline"),
    ("Montag, 3. März 2021", "dateline"),
    ("- 941 comments", "comment_prompt"),
    ("- From the section US & Canada", "section_label"),
    ("Filed under: Khawarij |", "section_label"),
    ("- 12/50 Blockbusters aid studio expansion The studio said it was turning films away.", "gallery"),
])
def test_furniture_in_other_languages_and_as_list_items_is_recognised(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "Lea-Sophie Müller sagte, dass die Mauer gebaut werde.",
    "Die Ministerinnen teilen mit, dass das Gesetz im Mai in Kraft tritt.",
    "Updated rules came into force in 2015 to allow more building.",
    "Published in May 2015, the report found the harbour had flooded eleven times.",
    "Kontakt zu den Behörden hatte der Verein nach eigenen Angaben nie.",
    "The 3/4 majority needed to pass the measure was reached on Tuesday.",
    "- 200 g Mehl",
    "Posted in Iraq, he served two tours.",
])
def test_sentences_and_list_items_that_open_like_furniture_are_kept(line: str) -> None:
    assert furniture_kind(line) is None


def test_long_paragraph_is_never_dropped() -> None:
    paragraph = "Share this article " + "word " * 100
    assert furniture_kind(paragraph) is None


def test_html_page_with_each_kind_of_furniture() -> None:
    html = (FIXTURES / "furniture_article.html").read_text(encoding="utf-8")
    article = extract_html(html, "https://gazette.example/news/flood-wall")
    assert article.title == "Harbour council approves flood wall after two-year row"
    assert article.outlet == "The Coastal Gazette"
    assert article.authors == ["Jane Doe"]
    assert article.published == "2024-03-09"
    for story in ("Councillors in Westhaven voted on Tuesday", "Margaret Hale, said the decision",
                  "Harbour Traders Association", "Environment Agency", "£6.2 million",
                  "asked not to be named"):
        assert story in article.text
    for furniture in ("Sign up to our free newsletter", "READ MORE", "POLL:", "Share this article",
                      "Read Full Article", "Storm surge floods"):
        assert furniture not in article.text
    assert not article.text.startswith("Harbour council approves")  # the headline is metadata
    # trafilatura drops the "related" paragraph itself; the cleaner takes the rest
    assert {r.kind for r in article.removed} >= {"headline", "poll", "social_share", "read_full_article"}


def test_clean_extracted_records_what_it_dropped() -> None:
    result = clean_extracted("Story one is here.\nREAD MORE: Other thing\nStory two.\nShare this article")
    assert result.text == "Story one is here.\n\nStory two."
    assert [(r.kind, r.text) for r in result.removed] == [("link_list", "READ MORE: Other thing"),
                                                         ("social_share", "Share this article")]


def test_a_breadcrumb_trail_at_the_top_goes_but_a_list_stays() -> None:
    story = "The council voted on Tuesday to build the flood wall along the harbour front."
    trail = clean_extracted(f"- News\n- World News\n- Harbour\n{story}")
    assert trail.text == story
    assert [r.kind for r in trail.removed] == ["breadcrumb"] * 3
    items = "\n".join(f"- Headline number {i}" for i in range(10))
    assert clean_extracted(f"{items}\n{story}").text.count("Headline number") == 10


BODY = ("The harbour council voted on Tuesday to build a flood wall, ending a two-year row over its cost, "
        "the council's leader said.")


@pytest.mark.parametrize("text", [
    f"Harbour council approves flood wall after two-year row\n{BODY}",  # the headline straight above the story
    f"Harbour council approves flood wall after two-year row\n\n{BODY}",
    f"Experts say the blackouts weren't necessary\n\n{BODY}",  # sentence case
    f"Did the council pay too much for its flood wall?\n\n{BODY}",
    f"Flood wall row ends in the U.S.\n\n{BODY}",
])
def test_a_plain_text_first_line_that_looks_like_a_headline_is_the_title(text: str) -> None:
    result = clean_plain_text(text)
    assert result.title == text.split("\n")[0]
    assert result.text == BODY


@pytest.mark.parametrize("text", [
    f"The council voted on Tuesday.\n\n{BODY}",  # a sentence: the story's own opening
    f"The harbour council voted on Tuesday to build a flood wall, ending a two-year\nrow over its cost.\n\n{BODY}",
    f"Flood wall approved. Council leader resigns\n\n{BODY}",  # two sentences
    f"By Jane Smith, Harbour Correspondent\n\n{BODY}",  # a byline
    f"ABSTRACT\n\n{BODY}",
    f"the harbour council and the flood wall\n\n{BODY}",
    BODY,  # nothing after it: the whole text, not a title
])
def test_a_first_line_that_is_not_a_headline_stays_text(text: str) -> None:
    result = clean_plain_text(text)
    assert result.title is None
    assert BODY in result.text


@pytest.mark.parametrize("line", ["ABSTRACT", "Summary:", "INTRODUCTION", "**Key findings**", "## Background",
                                  "Executive summary", "Notes to editors"])
def test_a_section_label_alone_on_a_line_is_not_article_text(line: str) -> None:
    assert furniture_kind(line) == "section_label"
    result = clean_plain_text(f"Harbour council approves flood wall\n\n{line}\n\n{BODY}\n\nCONCLUSION\n\n{BODY}")
    assert result.title == "Harbour council approves flood wall"
    assert result.text == f"{BODY}\n\n{BODY}"
    assert [r.kind for r in result.removed] == ["section_label", "section_label"]
    assert clean_extracted(f"{line}\n{BODY}").text == BODY


@pytest.mark.parametrize("line", ["The summary of the report was published on Monday.", "Abstract art sells well",
                                  "Results: Labour 41, Conservatives 30"])
def test_a_sentence_with_a_label_word_is_still_text(line: str) -> None:
    assert furniture_kind(line) is None


def test_a_pasted_message_takes_its_first_line_as_the_title() -> None:
    from bot.reading.message import article_from_message

    article = article_from_message(f"Harbour council approves flood wall after two-year row\n{BODY}", "#desk")
    assert article.title == "Harbour council approves flood wall after two-year row"
    assert article_from_message(BODY, "#desk").title == "Sourcing check of #desk"


def test_a_paragraph_about_the_bylined_writer_is_not_the_story() -> None:
    story = ["The stadium opened in 1923 and has hosted two Olympic Games since then, the city said on Monday.",
             "More than 93,000 people watched a baseball game there in 1959, a record that still stands today.",
             "The Rev. Martin Luther King Jr. spoke there in 1964 to a crowd of about 15,000 people, organisers said."]
    html = ("<html><head><title>A century at the stadium</title><meta name='author' content='Jo Bloggs'></head>"
            "<body><article><h1>A century at the stadium</h1>"
            "<p>Jo Bloggs is an assistant sports editor and writer of the weekly sports newsletter.</p>"
            + "".join(f"<p>{p}</p>" for p in story) + "</article></body></html>")
    article = extract_html(html, "https://news.example/stadium")
    assert article.authors == ["Jo Bloggs"]
    assert not article.text.startswith("Jo Bloggs") and "assistant sports editor" not in article.text
    assert [r.kind for r in article.removed if r.kind == "author_bio"] == ["author_bio"]


def test_a_sentence_the_markup_cut_into_lines_is_one_paragraph() -> None:
    cleaned = clean_extracted("NEW DELHI:\nPakistan\n's approach to countering militancy is evolving, officials said.\n"
                              "Ingredients\nsalt and pepper")
    assert cleaned.text.split("\n\n") == [
        "NEW DELHI: Pakistan's approach to countering militancy is evolving, officials said.", "Ingredients",
        "salt and pepper"]


def test_a_rail_of_other_stories_cards_is_dropped_but_a_repeated_phrase_is_kept() -> None:
    story = "Chris Christie quit the race on Wednesday, ending a campaign built on attacking Trump."
    cards = ("The GOP Primary Debate Was a Tedious Mess The GOP Primary Debate Was a Tedious Mess\n"
             "Ron DeSantis and Nikki Haley clearly despise each other.\n"
             "Mike Johnson’s Art of the Deal Mike Johnson’s Art of the Deal\n"
             "Kevin McCarthy drew the ire of his party.")
    result = clean_extracted(story + "\n" + cards)
    assert result.text == story
    assert [b.kind for b in result.removed] == ["link_teaser"] * 4
    once = "Vote early, vote often. Vote early, vote often.\n" + story
    assert clean_extracted(once).text.startswith("Vote early, vote often.")


def test_columnists_cards_after_the_story_are_furniture_a_capitalised_opening_is_not() -> None:
    text = "\n".join([
        "A HIGH-powered federal government team has been doing the rounds of media organisations this week.",
        "The team said the new laws would not be used to hunt down journalists' sources.",
        "Own backyard Let’s make local issues a priority",
        "TOM ELLIOTT IT’S nice to think Australia is a player on the world stage but, really, we’re not.",
        "Ikea challenge Good for some, but I’m not buying it",
        "SUSIE O’BRIEN THE good thing about Ikea is that it’s cheap and good quality.",
    ])
    cleaned = clean_extracted(text).text
    assert cleaned.startswith("A HIGH-powered federal government team")
    assert "media organisations this week." in cleaned and "journalists' sources." in cleaned
    assert "TOM ELLIOTT" not in cleaned and "Ikea" not in cleaned and "Own backyard" not in cleaned
    one = clean_extracted("\n".join(text.splitlines()[:4])).text  # one card is not a rail
    assert "TOM ELLIOTT" in one
