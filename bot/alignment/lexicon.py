"""The alignment word lists, loaded once from the versioned data file beside this module."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).with_name("lexicon.v1.json")


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]
    negations: frozenset[str]
    denial_cues: frozenset[str]
    cue_lemmas: dict[str, str]
    number_words: dict[str, int]
    scale_words: dict[str, int]
    percent_words: tuple[str, ...]
    correction_markers: tuple[str, ...]
    caveat_markers: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(_FILE.read_text(encoding="utf-8"))
    return Lexicon(
        stopwords=frozenset(data["stopwords"]),
        negations=frozenset(data["negations"]),
        denial_cues=frozenset(data["denial_cues"]),
        cue_lemmas=dict(data["cue_lemmas"]),
        number_words=dict(data["number_words"]),
        scale_words=dict(data["scale_words"]),
        percent_words=tuple(data["percent_words"]),
        correction_markers=tuple(m.lower() for m in data["correction_markers"]),
        caveat_markers=tuple(m.lower() for m in data["caveat_markers"]),
    )


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; a possessive 's is dropped so "Ukraine's" and "Ukraine" meet."""
    out = []
    for token in _WORD.findall(text.lower()):
        token = token.replace("’", "'")
        if token.endswith("'s"):
            token = token[:-2]
        out.append(token)
    return out


def stem(word: str) -> str:
    """A light stem: enough for 'soldier'/'soldiers' and 'claimed'/'claims' to meet, nothing cleverer."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    words = lexicon().stopwords
    return frozenset(stem(t) for t in tokens(text) if t not in words and len(t) > 2 and not t.isdigit())


def cue_lemma(cue: str | None) -> str:
    if not cue:
        return ""
    cue = " ".join(cue.lower().split())
    lemmas = lexicon().cue_lemmas
    if cue in lemmas:
        return lemmas[cue]
    last = cue.split()[-1]  # "has said" -> "said"
    if last in lemmas:
        return lemmas[last]
    for suffix, replacement in (("ied", "y"), ("ies", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if last.endswith(suffix) and len(last) > len(suffix) + 2:
            base = last[: -len(suffix)] + replacement
            # "claimed" -> "claim", "denied" -> "deny", "argued" -> "argu" -> keep the e
            return base + "e" if suffix == "ed" and base.endswith(("u", "v", "z", "c")) else base
    return last


def near_twins(a: str, b: str) -> bool:
    """Two words one or two letters apart (a typo and its fix); short words must match exactly."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 2 or min(len(a), len(b)) < 5:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1] <= 2
