"""The finder's second pass: nested cues, a second verb phrase, quotes in two apostrophes, sources written with an
aside or a partitive, participles that open the sentence, polls after "in". Short sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.analysis.attribution import find_attributions
from bot.analysis.attribution.segmentation import sentences


def rows(text: str) -> list[tuple[str, str, str]]:
    return [(a.source_text or "", a.cue, a.content) for a in find_attributions(text)]


def test_a_mental_cue_inside_a_statement_is_part_of_it() -> None:
    assert rows("The mayor says she wants to reopen the bridge in May.") == [
        ("The mayor", "says", "she wants to reopen the bridge in May.")]


def test_a_mental_cue_inside_a_statement_before_the_speaker_is_part_of_it() -> None:
    assert rows("She wants to reopen the bridge in May, the mayor said.") == [
        ("the mayor", "said", "She wants to reopen the bridge in May")]


def test_a_speech_cue_inside_a_statement_stays_its_own_attribution() -> None:
    found = rows("The mayor said Ana Ruiz told her that the cables had rusted.")
    assert [(source, cue) for source, cue, _ in found] == [("The mayor", "said"), ("Ana Ruiz", "told")]


def test_a_hearsay_adverb_keeps_the_cue_it_spans() -> None:
    assert [(s, c) for s, c, _ in rows("The mayor reportedly plans to resign.")] == [
        ("", "reportedly"), ("The mayor", "plans")]


def test_a_second_verb_phrase_of_the_subject_ends_the_first_content() -> None:
    found = rows("The mayor praised the engineers and said the bridge would reopen in May.")
    assert found[0] == ("The mayor", "praised", "the engineers")
    assert found[1][1:] == ("said", "the bridge would reopen in May.")


def test_a_conjunction_inside_the_statement_does_not_cut_it() -> None:
    assert rows("The mayor said the cables rusted and the deck cracked.") == [
        ("The mayor", "said", "the cables rusted and the deck cracked.")]


def test_a_quote_in_two_apostrophes_opens_a_new_sentence() -> None:
    text = "The deck is sound, Ana Ruiz said. ''We checked every cable,'' she added."
    assert [s.text for s in sentences(text)] == ["The deck is sound, Ana Ruiz said.",
                                                 "''We checked every cable,'' she added."]
    found = rows(text)
    assert [(s, c, content) for s, c, content in found] == [
        ("Ana Ruiz", "said", "The deck is sound"), ("she", "added", "''We checked every cable,''")]


def test_a_quoted_title_before_the_speaker_is_not_the_statement() -> None:
    found = rows("On “Morning Talk,” the mayor said the bridge would reopen in May.")
    assert found == [("the mayor", "said", "the bridge would reopen in May.")]


def test_a_quote_after_the_comma_is_the_statement_even_when_short() -> None:
    found = rows("Asked about the delay, the mayor said, “Soon. We are nearly done.”")
    assert ("the mayor", "said", "“Soon. We are nearly done.”") in found


def test_a_source_with_an_aside_between_dashes() -> None:
    assert rows("Ana Ruiz — a teacher from the east side — says the bridge is unsafe.") == [
        ("Ana Ruiz — a teacher from the east side", "says", "the bridge is unsafe.")]


def test_a_source_after_a_leading_connective_keeps_its_aside() -> None:
    assert rows("Yet most engineers, like their city colleagues, say the bridge is sound.") == [
        ("most engineers, like their city colleagues", "say", "the bridge is sound.")]


def test_a_partitive_source() -> None:
    assert rows("After the vote, most of them said the bridge should reopen.") == [
        ("most of them", "said", "the bridge should reopen.")]


@pytest.mark.parametrize("sentence", [
    "The report is due, the engineer told reporters on Monday.",
    "Engineers and planners say building the bridge costs more than repairing it.",
])
def test_only_a_bare_speech_verb_inverts(sentence: str) -> None:
    assert all(source not in ("reporters", "building the bridge") for source, _, _ in rows(sentence))


def test_a_participle_opening_the_sentence_takes_the_main_subject() -> None:
    found = rows("Promising that the bridge would reopen, the mayor opened the new road.")
    assert found == [("the mayor", "promising", "the bridge would reopen")]


def test_a_poll_after_in_speaks_for_its_clause() -> None:
    assert rows("In a city poll released Monday, most residents chose the new design.") == [
        ("a city poll released Monday", "in", "most residents chose the new design.")]
    assert rows("The mayor has a wide lead in the polls.") == [("the polls", "in", "The mayor has a wide lead")]


def test_a_poll_phrase_with_a_time_and_a_slash() -> None:
    found = rows("A CBS/City poll last week showed the mayor leading her rival by ten points.")
    assert found == [("CBS/City poll", "showed", "the mayor leading her rival by ten points.")]
