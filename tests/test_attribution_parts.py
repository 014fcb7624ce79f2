"""The finder's parts on their own: the lexicon, tokens and quotes, cues, sources, kinds and pronouns."""

from __future__ import annotations

import json
from importlib import resources

from bot.analysis.attribution import classify_source, lexicon
from bot.analysis.attribution.cues import find_cues
from bot.analysis.attribution.kinds import is_document, is_role
from bot.analysis.attribution.lexicon import inflections
from bot.analysis.attribution.pronouns import Resolver
from bot.analysis.attribution.segmentation import QuoteMap, sentences, tokens
from bot.analysis.attribution.sources import left_source, right_source


def _toks(text: str):
    quotes = QuoteMap(text)
    return [t for s in sentences(text) for t in tokens(s, quotes)]


def test_lexicon_is_a_versioned_data_file_loaded_once() -> None:
    raw = json.loads(resources.files("bot.analysis.attribution").joinpath("lexicon.v1.json").read_text("utf-8"))
    assert raw["version"] == 1
    assert lexicon() is lexicon()
    lex = lexicon()
    assert lex.cue_forms["said"] == "say" and lex.cue_forms["believes"] == "believe"
    assert "state" not in lex.cue_forms  # a noun far more often than a cue
    for group in ("outlets", "organisation_words", "roles", "document_words"):
        assert lex.words(group)


def test_inflections() -> None:
    doubled = frozenset({"admit"})
    assert inflections("argue", doubled) == {"argue", "argues", "argued", "arguing"}
    assert inflections("deny", doubled) == {"deny", "denies", "denied", "denying"}
    assert inflections("admit", doubled) >= {"admits", "admitted", "admitting"}
    assert inflections("stress", doubled) >= {"stresses", "stressed"}


def test_titles_stay_one_token() -> None:
    assert [t.text for t in _toks("Mr. Smith met U.S. officials.")][:4] == ["Mr.", "Smith", "met", "U.S."]


def test_quote_map_marks_quoted_words_and_survives_bad_marks() -> None:
    toks = _toks("“We will win,” she said.")
    assert [t.text for t in toks if t.quoted] == ["We", "will", "win", ","]
    never_closed = _toks("He said “this never ends\n\nNext paragraph said nothing.")
    assert not any(t.quoted for t in never_closed if t.text == "Next")  # the quote ends with its paragraph
    straight = _toks('He said "yes" and "no".')
    assert [t.text for t in straight if t.quoted] == ["yes", "no"]


def test_cues_skip_quoted_verbs_and_chain_infinitives() -> None:
    lex = lexicon()
    toks = _toks("“They said no,” Smith seemed to suggest.")
    cues = find_cues(toks, lex)
    assert len(cues) == 1
    assert " ".join(t.text for t in toks[cues[0].head:cues[0].end]) == "seemed to suggest"


def test_left_and_right_sources() -> None:
    lex = lexicon()
    toks = _toks("The bank's chief economist said rates would rise.")
    cue = find_cues(toks, lex)[0]
    span = left_source(toks, cue, lex)
    assert span and " ".join(t.text for t in toks[span[0]:span[1]]) == "The bank's chief economist"
    toks = _toks("Rates will rise, said Jane Doe, an economist.")
    cue = find_cues(toks, lex)[0]
    span = right_source(toks, cue, lex)
    assert span and " ".join(t.text for t in toks[span[0]:span[1]]) == "Jane Doe"


def test_kinds() -> None:
    assert classify_source("Jane Doe") == "person"
    assert classify_source("the Associated Press") == "outlet"
    assert classify_source("the finance ministry") == "organisation"
    assert classify_source("a new poll") == "document"
    assert classify_source("officials") == "anonymous"
    assert is_role("the minister") and not is_role("the bridge")
    assert is_document("The city's latest survey")


def test_resolver() -> None:
    resolver = Resolver()
    assert resolver.resolve("singular") is None
    resolver.observe("Jane Doe", "person")
    resolver.observe("the ministry", "organisation")
    assert resolver.resolve("singular") == ("Jane Doe", "person")
    assert resolver.resolve("thing") == ("the ministry", "organisation")
    assert resolver.resolve("plural") == ("the ministry", "organisation")
    assert resolver.resolve("first") == ("the author", "person")
    assert resolver.resolve("second") is None
