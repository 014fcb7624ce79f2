"""Bad input for the finder: a result (maybe empty), never an exception or a hang (the suite's timeout guards it)."""

from __future__ import annotations

import pytest

from bot.analysis.attribution import find_attributions
from bot.analysis.models import Attribution

_SENTENCE = "The mayor said the bridge would reopen in May, and officials agreed. "


@pytest.mark.parametrize("text", [
    "",
    " \n\n \t",
    "The bridge reopened in May. Traffic was light.",
    "““““ ” ” said said said , , , : : :",
    "She said “it was “nested “three” deep” here,” the mayor said.",
    "He said “this quote never closes and runs on " + "and on " * 2000,
    '"Straight quote opened, never closed, said Smith' + ", said Smith" * 500,
    "Le maire a dit que le pont rouvrirait en mai. 市长说大桥将于五月重新开放。 Мэр сказал, что мост откроется в мае.",
    "said " * 5000,
    ", " * 10000 + "said the mayor.",
    "Smith, " * 3000 + "said the bridge was safe.",
])
def test_bad_input_gives_a_result(text: str) -> None:
    found = find_attributions(text)
    assert isinstance(found, list)
    for a in found:
        assert isinstance(a, Attribution)
        assert text[a.start:a.end] == a.content


def test_fifty_thousand_words_of_news() -> None:
    text = "\n\n".join(_SENTENCE * 5 for _ in range(1000))  # 10 words a sentence, 5,000 sentences
    assert len(text.split()) >= 50_000
    found = find_attributions(text)
    assert len(found) >= 5000


def test_fifty_thousand_words_without_a_full_stop() -> None:
    text = "the mayor said the bridge would reopen and " * 6250
    assert isinstance(find_attributions(text), list)
