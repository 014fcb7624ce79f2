"""The credit line at a story's foot: "With reports from Reforma and El Economista", "With files from The Canadian
Press". It says the article relies on other outlets' reporting, which an editor weighs, though it credits no one
statement: an attribution of the line itself, never a key claim (key_claims.py leaves CREDIT_CUES out)."""

from __future__ import annotations

import re

from bot.analysis.models import Attribution, SourceMember

from .kinds import classify_source
from .lexicon import lexicon
from .segmentation import Span

_MAX_WORDS = 16  # a credit line is short; a longer paragraph opening so is prose


def credit_cues() -> tuple[str, ...]:
    return tuple(lexicon().raw["credit_lines"])


def credit_lines(text: str, paras: list[Span]) -> list[Attribution]:
    """One attribution per credit line among the article's last paragraphs, its source the outlets it names."""
    found: list[Attribution] = []
    for para in paras[-3:]:
        line = text[para.start:para.end].strip()
        cue = next((c for c in credit_cues() if line.lower().startswith(c + " ")), None)
        if cue is None or len(line.split()) > _MAX_WORDS:
            continue
        named = line[len(cue):].strip().rstrip(".")
        outlets = [n.strip() for n in re.split(r",\s*|\s+and\s+", named) if n.strip()]
        if not outlets or any(not o[:1].isupper() for o in outlets):
            continue  # "With reporting from the scene": no outlet named
        start = para.start + (len(text[para.start:para.end]) - len(text[para.start:para.end].lstrip()))
        source_start = start + line.index(named)
        members = [SourceMember(name=o, kind="outlet") for o in outlets] if len(outlets) > 1 else []
        found.append(Attribution(
            source=named, source_type="outlet" if len(outlets) > 1 else classify_source(named), cue=cue,
            content=line, start=start, end=start + len(line), source_text=named, source_start=source_start,
            source_end=source_start + len(named), cue_start=start, cue_end=start + len(cue), members=members))
    return found
