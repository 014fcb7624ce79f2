"""The source checks in words: the line each check gets under its claim, and the answer to "does the report say
that?" in the thread, given from the checks already made rather than from the article or a model's guess."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.analysis.models import Analysis, SourceCheck

if TYPE_CHECKING:  # the follow-up module pulls in the model client
    from bot.analysis.followup import Answer

_EVIDENCE_CHARS = 240
_ABOUT_SOURCES = re.compile(
    r"\b(?:linked|links?|sources?|report|statement|document|filing|papers?|study|survey|release|data|cited?|pdf)\b"
    r".*\b(?:say|says|said|back|support|supports|confirm|confirms|match|in it|there)\b|"
    r"\b(?:say|says|said|back|support|confirm)\b.*\b(?:linked|link|source|report|statement|document|papers?|study)\b",
    re.I)


def check_line(check: SourceCheck) -> str:
    """"✓ in the linked report (p. 1): “…”", "≠ the linked statement says 4,000 homes; the article says 400"."""
    page = f" (p. {check.page})" if check.page else ""
    if check.verdict == "found":
        return f"✓ in the linked {check.noun}{page}: “{_clip(check.evidence or '')}”"
    if check.verdict == "differs":
        return f"≠ the linked {check.noun}{page} {check.detail}"
    if check.verdict == "not_found":
        return f"✗ not found in the linked {check.noun}"
    return f"? the linked {check.noun} could not be read ({check.detail})"


def about_sources(question: str) -> bool:
    """Does the question ask what the linked documents say ("Does the report say that?")?"""
    return bool(_ABOUT_SOURCES.search(question))


def answer_from_checks(analysis: Analysis, question: str) -> Answer | None:
    """An answer when the question asks about the linked documents and there are checks; None otherwise."""
    if not about_sources(question):
        return None
    checked = [(n, claim, check) for n, claim in enumerate(analysis.claims, 1) for check in claim.source_checks]
    if not checked:
        return None
    asked = {w.lower() for w in re.findall(r"[\w’'-]+", question)}
    named = [item for item in checked if set(item[2].noun.split()) & asked]
    from bot.analysis.followup import Answer

    lines = [f"Claim {n} ({_clip(claim.claim, 120)}): {check_line(check)}" for n, claim, check in named or checked]
    return Answer(text="What the linked documents say, as checked:\n" + "\n".join(lines), found=True,
                  backend="offline")


def _clip(text: str, limit: int = _EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
