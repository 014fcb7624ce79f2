"""The built-in offline analyzer: the seed article, each attribution pattern, and its measured quality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.analysis.attribution import classify_source, declined_to_comment, find_attributions, hedges
from bot.analysis.offline import analyze_offline
from bot.analysis.scoring import f1, score
from bot.reading.article import Article
from bot.reading.cleaning import clean_plain_text

SETS = Path(__file__).parent / "fixtures" / "attribution"


@pytest.fixture
def seed_analysis(seed_text: str):
    cleaned = clean_plain_text(seed_text)
    return analyze_offline(Article(title=cleaned.title, text=cleaned.text, word_count=len(cleaned.text.split())))


def test_seed_sources_are_all_found(seed_analysis) -> None:
    sources = {a.source: a for a in seed_analysis.attributions}
    expected = {
        "Ukrainian security services": ("organisation", "report"),
        "Victor Andrusiv": ("person", "said"),  # the name; the title is his role
        "The Centre for Defence Strategies": ("organisation", "said"),
        "Ukraine’s armed forces": ("organisation", "claimed"),
        "the Ministry of Defence": ("organisation", "confirmed"),
        "the Mail": ("outlet", "reports"),
    }
    for source, (kind, cue) in expected.items():
        assert source in sources, source
        assert sources[source].source_type == kind
        assert any(a.cue == cue for a in seed_analysis.attributions if a.source == source)
    assert any("the claims are not verified" in c for c in seed_analysis.sourcing.caveats)
    assert seed_analysis.sourcing.other_outlets == ["the Mail"]


def test_seed_offsets_point_at_the_statements(seed_analysis) -> None:
    text = seed_analysis.article.text
    for attribution in seed_analysis.attributions:
        assert text[attribution.start:attribution.end] == attribution.content


def test_seed_claims_are_grounded_and_denial_is_not_restated_as_fact(seed_analysis) -> None:
    assert seed_analysis.claims and all(c.grounded for c in seed_analysis.claims)
    putin = next(c for c in seed_analysis.claims if c.source == "Putin")
    assert putin.status == "disputed"
    assert putin.claim.startswith("Putin denied that")
    mail = next(c for c in seed_analysis.claims if "tank commander" in c.claim)
    assert mail.source == "the Mail" and mail.source_type == "outlet"  # the Mail's report, as product.md has it
    assert seed_analysis.backend == "offline"
    # The ministry is not guessed: the article never says whose it is.
    assert "the Ministry of Defence" in seed_analysis.sourcing.sources
    assert not any("Russian Ministry" in s or "UK Ministry" in s for s in seed_analysis.sourcing.sources)


def test_pronoun_takes_the_last_named_speaker(seed_analysis) -> None:
    added = [a for a in seed_analysis.attributions if a.cue == "added"]
    assert added[0].source == "Victor Andrusiv" and added[0].source_text == "He"
    said = next(a for a in seed_analysis.attributions if a.source == "Victor Andrusiv" and a.role)
    assert said.role == "Adviser to the minister of internal affairs" and said.entity == added[0].entity
    assert added[1].source == "The Ukrainian minister for internal affairs"
    continued = next(a for a in seed_analysis.attributions if a.cue == "continued quote")
    assert continued.content.startswith("“Misha told us")


@pytest.mark.parametrize(("sentence", "source", "cue", "content"), [
    ("The minister said that the plan would cost £4bn.", "The minister", "said", "the plan would cost £4bn."),
    ("Smith told reporters the deal was dead.", "Smith", "told", "the deal was dead."),
    ("Police claimed the crowd had been armed.", "Police", "claimed", "the crowd had been armed."),
    ("“We will not back down,” she added. ", None, "added", "“We will not back down,”"),
    ("The company denied any wrongdoing in the case.", "The company", "denied", "any wrongdoing in the case."),
    ("The ministry confirmed that two soldiers had died.", "The ministry", "confirmed", "two soldiers had died."),
    ("Analysts warned that prices could rise further.", "Analysts", "warned", "prices could rise further."),
    ("According to the report, 40% of schools lack heating.", "the report", "according to", "40% of schools lack heating."),
    ("Some 40% of schools lack heating, according to the union.", "the union", "according to", "Some 40% of schools lack heating"),
    ("The talks have collapsed, reports Reuters.", "Reuters", "reports", "The talks have collapsed"),
    ("The talks have collapsed, officials said on Monday.", "officials", "said", "The talks have collapsed"),
    ("“It is over,” said Jane Doe, a spokeswoman for the union.", "Jane Doe", "said", "“It is over,”"),
    ("The BBC has learned that the inquiry will be delayed.", "The BBC", "learned", "the inquiry will be delayed."),
    ("Sources close to the team said the coach would resign.", "Sources close to the team", "said", "the coach would resign."),
    ("Mr Hale, 54, said: “I never saw the money.”", "Mr Hale", "said", "“I never saw the money.”"),
])
def test_each_attribution_pattern(sentence: str, source: str | None, cue: str, content: str) -> None:
    text = "Jane Doe, the union's spokeswoman, said the strike would go ahead.\n\n" + sentence if source is None else sentence
    found = find_attributions(text)
    assert found, sentence
    last = found[-1]
    assert (last.cue, last.content) == (cue, content)
    assert last.source == (source or "Jane Doe")


@pytest.mark.parametrize("sentence", [
    "There have been reports of shelling near the border.",
    "Her representatives have not responded to a request for comment.",
    "“Misha told us the food had run out,” is a line from the film.",
])
def test_sentences_that_are_not_attributions(sentence: str) -> None:
    assert find_attributions(sentence) == []


def test_agentless_attribution_has_no_source_and_makes_no_claim() -> None:
    """"X is said to be ..." attributes to nobody: kept in the list (PolNeAR counts it), never a named claim."""
    found = find_attributions("The actor is said to be furious about the leak.")
    assert [(a.source, a.source_type, a.source_start) for a in found] == [("", "unattributed", None)]
    analysis = analyze_offline(Article(text="The actor is said to be furious about the leak.", word_count=10))
    assert analysis.claims == []


@pytest.mark.parametrize(("source", "kind"), [
    ("Victor Andrusiv", "person"), ("the Ministry of Defence", "organisation"), ("the Mail", "outlet"),
    ("Reuters", "outlet"), ("officials", "anonymous"), ("sources close to the team", "anonymous"),
    ("a new study", "document"), ("figures obtained by the BBC", "document"),
    ("The Centre for Defence Strategies", "organisation"), ("One resident", "anonymous"),
])
def test_source_kinds(source: str, kind: str) -> None:
    assert classify_source(source) == kind


@pytest.mark.parametrize("sentence", [
    "The claims could not be independently verified.", "The video has not been verified by the BBC.",
    "He was reportedly arrested on Tuesday.", "The figures are unconfirmed.",
])
def test_hedges(sentence: str) -> None:
    assert [s.text for s in hedges(sentence)] == [sentence]


def test_declined_to_comment_becomes_not_heard() -> None:
    assert declined_to_comment("The Kremlin declined to comment on the report.") == ["The Kremlin (declined to comment)"]


def test_quality_on_the_held_out_set() -> None:
    """Source-plus-content span overlap F1 on texts the rules were not tuned on (bench/attribution.py)."""
    rows = [json.loads(line) for line in (SETS / "heldout.jsonl").read_text(encoding="utf-8").splitlines() if line]
    results = [score([(a["source"], a["content"]) for a in row["attributions"]],
                     [(a.source, a.content) for a in find_attributions(row["text"])]) for row in rows]
    assert f1(results)["f1"] >= 0.70


def test_article_without_attributions_still_gets_an_analysis() -> None:
    article = Article(text="The bridge will reopen in May. Repairs cost two million pounds.", word_count=11)
    analysis = analyze_offline(article)
    assert analysis.summary.startswith("The bridge will reopen")
    assert analysis.claims == []
    assert "No attributed statements" in analysis.warnings[0]
