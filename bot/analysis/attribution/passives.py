"""Cues in the passive: "X was criticized by Y" names Y, "an appearance criticized by Y for ..." names Y
without a "was", and "it is expected that", "Smith is expected to win" name nobody."""

from __future__ import annotations

from .content import right_content
from .cues import Cue
from .judgement import Found
from .lexicon import Lexicon
from .segmentation import Token, word_count
from .sources import right_source, subject_phrase


def passive(toks: list[Token], cue: Cue, lex: Lexicon) -> Found | None:
    """`X was criticized by Y` names Y; `it is expected that`, `Smith is expected to win` name nobody."""
    if cue.end < len(toks) and toks[cue.end].lower == "by":
        by = Cue(cue.end, cue.end, cue.end + 1, "verb", "by")
        source = right_source(toks, by, lex)
        subject = subject_phrase(toks, cue, lex)
        if source and subject:
            return Found(source, subject, cue, True)
    if cue.lemma not in lex.passive_agentless and cue.lemma not in lex.raising:
        return None
    right = right_content(toks, cue, lex)
    if right is None:
        return None
    subject = subject_phrase(toks, cue, lex)
    if subject is not None and toks[subject[0]].lower not in ("it", "there", "who", "which", "that") \
            and (toks[right[0]].lower == "to" or cue.lemma in lex.raising):
        right = (subject[0], right[1])  # "Smith is expected to win": who is expected is part of what is
    return Found(None, right, cue, False)


def reduced_passive(toks: list[Token], cue: Cue, lex: Lexicon) -> Found | None:
    """A participle with its agent and no "was": the agent is the source; what it criticised the thing for
    is the statement (nothing, if the sentence does not say)."""
    source = right_source(toks, Cue(cue.end, cue.end, cue.end + 1, "verb", "by"), lex)
    reason = next((k for k in range(source[0] + 1, len(toks)) if toks[k].lower in ("for", "over")), None) \
        if source is not None else None
    if source is None or reason is None or reason > source[1] or word_count(toks, reason, len(toks)) < 3:
        return None
    return Found((source[0], reason), (reason, len(toks)), cue, False)
