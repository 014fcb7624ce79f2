"""Is this text English? The English pipeline must not be run on German or Spanish as if it were English.

A share of the commonest English function words among all words is cheap and clear-cut: English news runs
at 0.3-0.45, German and Spanish below 0.08, so a threshold of 0.15 leaves a wide margin either side.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

ENGLISH_SHARE = 0.15
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SAMPLE_WORDS = 3000


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    data = resources.files("bot.language").joinpath("data/english_function_words.txt").read_text("utf-8")
    return frozenset(w.strip() for w in data.split() if w.strip() and not w.startswith("#"))


def english_share(text: str) -> float:
    words = [w.lower() for w in _WORD.findall(text[:40_000])][:_SAMPLE_WORDS]
    if not words:
        return 0.0
    known = _function_words()
    return sum(1 for w in words if w in known) / len(words)


def is_english(text: str) -> bool:
    return english_share(text) >= ENGLISH_SHARE


def language_of(text: str) -> str:
    """The text's language as an ISO 639-1 code, by py3langid (the identifier trafilatura uses); "en" wherever
    the function-word check says English, so the two never disagree on what gets parsed."""
    if is_english(text):
        return "en"
    import py3langid  # its model loads in about half a second: only for text that is not English

    code, _ = py3langid.classify(text[:5000])
    return str(code)


def language_name(code: str | None) -> str:
    """"German" for "de"; the code itself for a language the table does not name."""
    if not code:
        return "an unknown language"
    names = json.loads(resources.files("bot.language").joinpath("data/language_names.json").read_text("utf-8"))
    return names.get(code.split("-")[0].lower(), code)
