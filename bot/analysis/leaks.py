"""Catch a model that repeats its instructions (a prompt-injection goal) before anything is posted."""

from __future__ import annotations

import re
from functools import cache

from bot.analysis.model import prompts

_WINDOW = 8  # this many consecutive words of the prompt in an answer is not a coincidence
_WORD = re.compile(r"[a-z0-9]+")
REDACTED = "[removed: the model repeated its own instructions]"


@cache
def _prompt_windows(names: tuple[str, ...], version: int) -> frozenset[tuple[str, ...]]:
    windows: set[tuple[str, ...]] = set()
    for name in names:
        words = _WORD.findall(re.sub(r"\$\w+", " ", prompts.load(name, version).template).lower())
        windows.update(tuple(words[i:i + _WINDOW]) for i in range(len(words) - _WINDOW + 1))
    return frozenset(windows)


def leaks_prompt(text: str, *names: str, version: int = 1) -> bool:
    words = _WORD.findall(text.lower())
    windows = _prompt_windows(names, version)
    return any(tuple(words[i:i + _WINDOW]) in windows for i in range(len(words) - _WINDOW + 1))
