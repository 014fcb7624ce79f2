"""Ledger alignment: one story over time (a correction watch) and several outlets on one event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.alignment import compare, diff
from bot.alignment.figures import figures, values
from bot.alignment.shingles import shared_text
from bot.alignment.statements import same_source
from bot.analysis.offline import analyze_offline
from bot.reading.article import Article
from bot.rendering.alignment import (render_comparison_markdown, render_comparison_slack, render_comparison_text,
                                     render_diff_markdown, render_diff_slack, render_diff_text)

STORIES = Path(__file__).parent / "fixtures" / "stories"


def analysis(name: str, outlet: str | None = None, published: str | None = None, text: str | None = None):
    raw = text if text is not None else (STORIES / name).read_text(encoding="utf-8")
    title, body = raw.split("\n", 1)
    article = Article(url=f"http://127.0.0.1/{name}", title=title, outlet=outlet, published=published,
                      text=body.strip(), word_count=len(body.split()))
    return analyze_offline(article)


def test_figures_are_read_as_values():
    found = figures("Some 1,200 people, 25 per cent of them children, and 3.5m in aid; twelve trucks.")
    assert values(found) == {(1200.0, False), (25.0, True), (3_500_000.0, False), (12.0, False)}


def test_sources_match_when_one_names_more_of_the_same_person():
    assert same_source("Victor Andrusiv", "Adviser to the minister Victor Andrusiv")
    assert same_source("the Ministry of Defence", "The Ministry of Defence")
    assert not same_source("Victor Andrusiv", "the Ministry of Defence")
    assert not same_source(None, "Police")


def test_cosmetic_edits_are_not_substantive():
    result = diff(analysis("dam_v1.txt"), analysis("dam_v2.txt"))
    assert not result.substantive
    assert result.counts()["only_a"] == result.counts()["only_b"] == 0


def test_a_typo_in_a_reported_word_is_cosmetic_but_in_a_quote_it_is_not():
    v1 = (STORIES / "dam_v1.txt").read_text(encoding="utf-8")
    typo = v1.replace("visible in the concrete", "visble in the concrete")
    assert not diff(analysis("v1", text=v1), analysis("typo", text=typo)).substantive
    quoted = v1.replace("nothing that worried us", "nothing that alarmed us")
    result = diff(analysis("v1", text=v1), analysis("quote", text=quoted))
    assert result.substantive
    assert [p.changes for p in result.pairs if p.kind != "same"] == [["quote"]]


def test_changed_cue_figure_and_correction_note_are_reported():
    result = diff(analysis("dam_v1.txt"), analysis("dam_v3.txt"))
    assert result.substantive
    changed = {tuple(p.changes): p for p in result.pairs if p.kind == "changed"}
    assert ("figure",) in changed and ("cue",) in changed
    figure = changed[("figure",)]
    assert figure.details == ["figure: 12 → 19"]
    assert "12 people" in figure.a.quote and "19 people" in figure.b.quote
    assert changed[("cue",)].details == ["cue: “told” → “alleged”"]
    assert result.notes_added and result.notes_added[0].startswith("Correction:")
    for pair in result.pairs:  # every quote is a sentence of its own version, verbatim
        for side, version in ((pair.a, "dam_v1.txt"), (pair.b, "dam_v3.txt")):
            if side is not None and side.quote:
                assert side.quote in analysis(version).article.text


def test_removed_and_added_claims_and_a_negation():
    v1 = (STORIES / "dam_v1.txt").read_text(encoding="utf-8")
    v2 = v1.replace("Police said the main bridge would stay closed until engineers had checked it.",
                    "A hospital spokeswoman said two of the injured were children.")
    v2 = v2.replace("the town would open three", "the town would not open three")
    result = diff(analysis("v1", text=v1), analysis("v2", text=v2))
    kinds = sorted(p.kind for p in result.pairs if p.kind != "same")
    assert kinds == ["contradicting", "only_a", "only_b"]
    negated = next(p for p in result.pairs if p.kind == "contradicting")
    assert "negation" in negated.changes


def test_outlets_compared_with_the_contradiction_the_shared_wire_copy_and_the_odd_one_out():
    comparison = compare([
        analysis("dam_outlet_a.txt", "Outlet A", "2026-11-30T09:00:00"),
        analysis("dam_outlet_b.txt", "Outlet B", "2026-11-30T08:00:00"),
        analysis("dam_outlet_c.txt", "Outlet C"),
        analysis("bakery.txt", "Outlet D"),
    ])
    assert comparison.related == [0, 1, 2] and comparison.unrelated == [3]
    contradictions = [g for g in comparison.groups if g.kind == "contradicting"]
    assert len(contradictions) == 1
    clash = [contradictions[0].members[k] for k in contradictions[0].conflicting]
    assert {m.article for m in clash} == {0, 1}
    assert any("Four" in m.statement.quote for m in clash) and any("Seven" in m.statement.quote for m in clash)
    assert any(d.startswith("figure:") for d in contradictions[0].details)
    wire = next(s for s in comparison.shared if {s.a, s.b} == {0, 1})
    assert wire.passage.startswith("The Harrowgate dam, built in 1931")
    assert wire.passage.endswith("help with the rescue.")
    assert wire.earliest == 1  # Outlet B published first
    agreed = [g for g in comparison.groups if g.kind == "agreed"]
    assert any("emergency shelters" in g.members[0].statement.text for g in agreed)
    cited = {s.source for s in comparison.articles[1].sources}
    assert "police" in {c.lower() for c in cited}
    text = render_comparison_text(comparison)
    assert "About a different event, not compared: Outlet D" in text


def test_two_unrelated_articles_are_not_forced_into_a_table():
    comparison = compare([analysis("dam_outlet_a.txt"), analysis("bakery.txt")])
    assert comparison.related == [0] and comparison.unrelated == [1] and not comparison.groups


def test_compare_takes_two_to_five_articles():
    one = analysis("bakery.txt")
    with pytest.raises(ValueError):
        compare([one])
    with pytest.raises(ValueError):
        compare([one] * 6)


def test_shared_text_of_unrelated_or_empty_texts():
    assert shared_text("", "anything at all").share == 0.0
    assert shared_text("one two three", "one two three").passage == ""  # shorter than a shingle


def test_renderers_escape_article_text_and_stay_in_slack_limits():
    v1 = (STORIES / "dam_v1.txt").read_text(encoding="utf-8")
    hostile = v1.replace("19", "12").replace("Police said the main bridge",
                                             "Police said <!channel> visit https://evil.example/x the main bridge")
    result = diff(analysis("v1", text=v1), analysis("v2", text=hostile))
    message = render_diff_slack(result)
    dumped = json.dumps(message.blocks)
    assert "<!channel>" not in dumped and "https://evil" not in dumped
    assert len(message.blocks) <= 50
    assert all(len(b["text"]["text"]) <= 3000 for b in message.blocks if b["type"] == "section")
    assert "Before:" in render_diff_markdown(result) and "\\<" not in render_diff_text(result)
    comparison = compare([analysis("dam_outlet_a.txt"), analysis("dam_outlet_b.txt")])
    assert render_comparison_slack(comparison).blocks
    assert render_comparison_markdown(comparison).startswith("## Outlets compared")
