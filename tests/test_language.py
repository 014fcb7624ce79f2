"""The parse underneath: the pinned model's weights, the typed view, one load per process, no parse for
`newsbot read` or for text that is not English, bounded work on huge texts, and a clear message when the model
is missing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import language
from bot.analysis.errors import ParserUnavailable
from bot.analysis.offline import analyze_offline
from bot.analysis.parsing import parse_article
from bot.language.pipeline import DEFAULT_MODEL, MAX_PARSE_CHARS
from bot.reading.article import Article

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FIXTURE = str(TESTS / "fixtures" / "furniture_article.html")
OFFICIAL_3_8_0 = {  # en_core_web_sm 3.8.0 as Explosion published it
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
}


def article(text: str) -> Article:
    return Article(title="", text=text, word_count=len(text.split()))


def test_the_default_model_has_the_official_weights() -> None:
    files = language.model_files()
    for name, digest in OFFICIAL_3_8_0.items():
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == digest, name


def test_the_parse_is_a_typed_view_with_offsets_into_the_text() -> None:
    text = "British Prime Minister Theresa May said on Monday that talks would resume.\n\nThe talks may fail, officials said."
    parsed = language.parse(text)
    assert all(text[t.start:t.end] == t.text for t in parsed.tokens)
    assert [text[s.start:s.end] for s in parsed.sentences] == [
        "British Prime Minister Theresa May said on Monday that talks would resume.",
        "The talks may fail, officials said."]
    may = parsed.tokens[4]
    assert may.text == "May" and may.pos == "PROPN" and may.ent == "PERSON"  # a name, not the verb
    assert ("Theresa May", "PERSON") in {(e.text, e.label) for e in parsed.entities}
    said = parsed.tokens[5]
    assert said.lemma == "say" and said.pos == "VERB" and may.i in parsed.children(said.i)
    assert next(t for t in parsed.tokens if t.lower == "may" and t.i > 6).pos == "AUX"
    assert language.parse(text) is parsed  # parsed once; the finder, the checks and the claims share it


def test_text_that_is_not_english_is_not_parsed_and_the_reply_says_so() -> None:
    german = ("Regierung plant höhere Steuern\n\nDie Bundesregierung hat am Montag angekündigt, dass die Steuern "
              "im nächsten Jahr steigen werden. Die Opposition kritisierte die Pläne scharf.\n\n„Wir haben keine "
              "andere Wahl, als die Einnahmen zu erhöhen“, sagte Finanzminister Christian Lindner am Montag.\n\n"
              "Die Grünen-Politikerin Katharina Dröge sagte: „Das ist ein Angriff auf die Mittelschicht.“")
    assert not language.is_english(german) and parse_article(german) is None
    analysis = analyze_offline(article(german))
    assert any(w.startswith("This article is in German; the built-in analysis reads English") for w in analysis.warnings)
    assert [(c.source, c.claim) for c in analysis.claims] == [
        ("Finanzminister Christian Lindner", "Wir haben keine andere Wahl, als die Einnahmen zu erhöhen"),
        ("Grünen-Politikerin Katharina Dröge", "Das ist ein Angriff auf die Mittelschicht.")]
    assert all(c.grounded for c in analysis.claims)
    assert analysis.sourcing.source_counts == {} and "No sourcing verdict" in analysis.sourcing.assessment
    assert "attributes nothing" not in analysis.sourcing.assessment
    spanish = ("El Gobierno anunció el lunes que los impuestos subirán el próximo año. «No tenemos otra opción que "
               "aumentar los ingresos», dijo la ministra María Jesús Montero en Madrid.")
    analysis = analyze_offline(article(spanish))
    assert any("This article is in Spanish" in w for w in analysis.warnings)
    assert analysis.claims[0].source == "María Jesús Montero"
    party = ("Tausende gingen am Montag in Tiflis auf die Straße.\n\nBidzina Ivanishvili, Gründer und Vorsitzender "
             "der Partei \"Georgischer Traum\" beteuerte: \"Ich verspreche Ihnen, dass wir der EU beitreten werden.\"")
    assert analyze_offline(article(party)).claims[0].source == "Bidzina Ivanishvili"  # not the party in quotes
    assert language.is_english("The minister said that taxes would rise next year, and the opposition "
                               "criticised the plans for the second time this week.")


def test_a_huge_text_is_parsed_up_to_the_cap_and_the_reply_says_so() -> None:
    paragraph = "The council said the budget would rise by 3 percent next year, according to officials. "
    text = "\n\n".join(paragraph * 5 for _ in range(50_000 // 75))  # about 50,000 words
    analysis = analyze_offline(article(text))
    parsed = language.parse(text)
    assert parsed.truncated and parsed.parsed_chars == MAX_PARSE_CHARS and parsed.tokens[-1].end <= MAX_PARSE_CHARS
    assert any("very long" in w for w in analysis.warnings)
    assert analysis.attributions


@pytest.mark.parametrize("text", [
    "Q1 2024 | 1,204 | 3.2%\nQ2 2024 | 1,310 | 4.1%\nQ3 2024 | 998 | -2.0%\nSource: company filings",
    "MAYOR SAYS CITY WILL RAISE TAXES\n\nTHE COUNCIL SAID IT WOULD FIGHT THE PLAN, OFFICIALS SAID.",
    "Jane Roe\nJohn Smith\nAlice Jones\nBob Brown\nCarol White\nDan Green said nothing.",
    "“We will not stop, said the protest leader. He said “the march goes on.",
    "The minister said 🚀 the plan is on track 👍🏽 and officials said 🇺🇦 it would work.",
])
def test_awkward_text_gives_sources_that_are_noun_phrases(text: str) -> None:
    analysis = analyze_offline(article(text))
    for a in analysis.attributions:
        assert text[a.start:a.end] == a.content
        if a.source_start is not None:
            written = text[a.source_start:a.source_end]
            assert written and not written[0].isdigit() and written.split()[0].lower() not in ("of", "for", "at")


def test_newsbot_read_never_loads_the_parser_and_analyze_does() -> None:
    probe = ("import sys, netguard; netguard.install()\nfrom bot.cli import main\ncode = main(sys.argv[1:])\n"
             "sys.stderr.write('SPACY=%s\\n' % ('spacy' in sys.modules))\nraise SystemExit(code)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(ROOT)])

    def loads_spacy(*args: str) -> bool:
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env,
                                cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        return "SPACY=True" in result.stderr

    assert not loads_spacy("read", FIXTURE)
    assert loads_spacy("analyze", FIXTURE, "--offline")


def test_a_missing_model_is_a_clear_message_naming_the_setting() -> None:
    language.configure("en_core_web_nonexistent")
    try:
        with pytest.raises(ParserUnavailable) as caught:
            analyze_offline(article("The minister said on Monday that the plan would go ahead as agreed."))
        message = str(caught.value)
        assert "NEWSBOT_SPACY_MODEL" in message and "pip install" in message and "en_core_web_nonexistent" in message
    finally:
        language.configure(DEFAULT_MODEL)


def test_the_cli_reports_a_missing_model_without_a_traceback() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
    env.update({"PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)]), "NEWSBOT_SPACY_MODEL": "en_core_web_gone"})
    result = subprocess.run([sys.executable, "-m", "bot", "analyze", "--offline", FIXTURE], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "NEWSBOT_SPACY_MODEL" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_model_package_is_a_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "en_core_web_broken"
    broken.mkdir()
    (broken / "meta.json").write_text("{not json", encoding="utf-8")
    (broken / "config.cfg").write_text("[nlp]\nlang = \"en\"\npipeline = [\"parser\"]\n", encoding="utf-8")
    language.configure(str(broken))
    try:
        with pytest.raises(ParserUnavailable) as caught:
            analyze_offline(article("The minister said on Monday that the plan would go ahead as agreed."))
        assert "is broken" in str(caught.value) and "NEWSBOT_SPACY_MODEL" in str(caught.value)
    finally:
        language.configure(DEFAULT_MODEL)
