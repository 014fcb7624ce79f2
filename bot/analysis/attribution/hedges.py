"""Hedges and verification caveats, parties that declined to comment, and denial cues.

The patterns are in the lexicon data file; each is run once per sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import lexicon
from .segmentation import Span, sentences


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    hedge = re.compile("|".join(f"(?:{p})" for p in lex.raw["hedge_patterns"]), re.I)
    return hedge, re.compile(lex.raw["declined_pattern"])


def hedges(text: str) -> list[Span]:
    """Sentences that carry an explicit hedge or verification caveat."""
    hedge, _ = _patterns()
    return [s for s in sentences(text) if hedge.search(s.text)]


def has_hedge(text: str) -> bool:
    return bool(_patterns()[0].search(text))


def declined_to_comment(text: str) -> list[str]:
    """Parties the article says it asked but did not hear from."""
    _, declined = _patterns()
    found: list[str] = []
    for sentence in sentences(text):
        for match in declined.finditer(sentence.text):
            who = clean_source(match.group("who"))
            entry = f"{who} ({match.group(0)[len(match.group('who')):].strip()})"
            if who and entry not in found:
                found.append(entry)
    return found


def clean_source(source: str) -> str:
    """A source phrase without quote marks, dashes and leading connectives ("But the ministry" -> "the ministry")."""
    source = source.strip(" \t\"“”'‘’–—-:;,")
    leads = lexicon().raw["leading_adverbials"]
    changed = True
    while changed:
        changed = False
        for lead in leads:
            if source.lower().startswith((lead + " ", lead + ",")):
                source = source[len(lead):].strip(" ,")
                changed = True
    return source


def is_denial(cue: str) -> bool:
    """A cue that disputes rather than asserts ("denied", "has rejected")."""
    lex = lexicon()
    return any(lex.cue_forms.get(word) in lex.denial for word in cue.lower().split())
