"""Which statement of one ledger is which of the other: a similarity score and a one-to-one matching."""

from __future__ import annotations

from bot.alignment.figures import values
from bot.alignment.statements import Statement, same_source

MATCH_THRESHOLD = 0.34  # below this two statements are different claims, whatever else they share


def similarity(a: Statement, b: Statement) -> float:
    """Content-word overlap (Dice), lifted when the source or the figures agree."""
    if not a.words or not b.words:  # nothing but function words: only the same words are the same statement
        return 1.0 if " ".join(a.text.lower().split()) == " ".join(b.text.lower().split()) else 0.0
    shared = len(a.words & b.words)
    dice = 2 * shared / (len(a.words) + len(b.words))
    containment = shared / min(len(a.words), len(b.words))
    score = max(dice, 0.8 * containment if min(len(a.words), len(b.words)) >= 4 else dice)
    if a.source and b.source and same_source(a.source, b.source):
        score += 0.15
    if a.figures and b.figures and values(a.figures) & values(b.figures):
        score += 0.05
    return min(score, 1.0)


def match(left: list[Statement], right: list[Statement],
          threshold: float = MATCH_THRESHOLD) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, score), best first; ties go to statements close in article order."""
    candidates = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            score = similarity(a, b)
            if score >= threshold:
                order = abs(i / max(len(left), 1) - j / max(len(right), 1))
                candidates.append((score - 0.01 * order, i, j, score))
    candidates.sort(reverse=True)
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _, i, j, score in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append((i, j, score))
    return sorted(pairs)
