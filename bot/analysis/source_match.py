"""Does a linked document say what the claim says? Sentence by sentence: its figures (as values, so "4,000",
"4000" and "four thousand" are one figure), its quoted words and its distinctive content words.

Kept apart from the fetching (source_checks.py) so the judgement can be tested, and benchmarked, on text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.alignment.figures import Figure, figures
from bot.analysis.quotes import normalise
from bot.analysis.sentences import sentences
from bot.analysis.model.support import content_words

_STEM = 5
_SAME_STATEMENT = 0.5  # share of the claim's content words a document sentence must hold to be "the same statement"
_QUOTED = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none)\b|n[’']t\b", re.I)
_MAX_SENTENCES = 5000  # a huge document is searched in its first sentences only


@dataclass(frozen=True)
class Match:
    verdict: Literal["found", "differs", "not_found"]
    evidence: str | None = None
    paragraph: int | None = None  # 0-based paragraph of the document's sentence
    detail: str | None = None  # differs: "says 4,000 homes; the article says 400 homes"


def _stems(text: str) -> set[str]:
    return {w[:_STEM] for w in content_words(text)}


def _values(found: tuple[Figure, ...]) -> set[tuple[float, bool]]:
    return {(f.value, f.percent) for f in found if not _is_year(f)}


def _is_year(figure: Figure) -> bool:
    return figure.text.isdigit() and len(figure.text) == 4 and 1900 <= figure.value <= 2100


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def _with_noun(text: str, figure: Figure) -> str:
    """The figure as written with the word after it: "4,000 homes"."""
    at = text.find(figure.text)
    if at < 0:
        return figure.text
    after = re.match(r"\s+([^\W\d_]+)", text[at + len(figure.text):])
    return f"{figure.text} {after.group(1)}" if after else figure.text


def judge(claim_text: str, quote: str, document: str) -> Match:
    """found, differs or not_found for one claim against one document's text."""
    claim_stems = _stems(claim_text)
    claim_figures = tuple(f for f in figures(claim_text) if not _is_year(f))
    wanted = _values(claim_figures)
    quoted = [normalise(q).casefold() for q in _QUOTED.findall(quote)]
    claim_negated = _negated(claim_text)
    best_differs: tuple[float, Match] | None = None
    best_found: tuple[float, Match] | None = None
    for span in sentences(document)[:_MAX_SENTENCES]:
        text = span.text
        folded = normalise(text).casefold()
        if quoted and any(q in folded for q in quoted):
            return Match("found", text, span.paragraph)
        if not claim_stems:
            continue
        share = len(claim_stems & _stems(text)) / len(claim_stems)
        if share < _SAME_STATEMENT:
            continue
        doc_figures = tuple(f for f in figures(text) if not _is_year(f))
        have = _values(doc_figures)
        if wanted and have and not wanted <= have:
            missing = [f for f in claim_figures if (f.value, f.percent) not in have]
            extra = [f for f in doc_figures if (f.value, f.percent) not in wanted] or list(doc_figures)
            detail = f"says {_with_noun(text, extra[0])}; the article says {_with_noun(claim_text, missing[0])}"
            if best_differs is None or share > best_differs[0]:
                best_differs = (share, Match("differs", text, span.paragraph, detail))
            continue
        if wanted and not wanted <= have:
            continue  # the words without the figure: not evidence either way
        if _negated(text) != claim_negated and share >= 0.6:
            said = "denies it" if _negated(text) else "says the opposite"
            if best_differs is None or share > best_differs[0]:
                best_differs = (share, Match("differs", text, span.paragraph, f"{said}: “{_clip(text)}”"))
            continue
        if best_found is None or share > best_found[0]:
            best_found = (share, Match("found", text, span.paragraph))
    if best_found is not None:
        return best_found[1]
    if best_differs is not None:
        return best_differs[1]
    return Match("not_found")


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
