"""Two ledgers of one story, aligned: what is the same, what changed and how, what is only on one side.

`mode="versions"` reads B as a later version of A (a correction watch: a new figure is a change);
`mode="outlets"` reads them as two outlets' accounts (a different figure for the same claim contradicts).
"""

from __future__ import annotations

from typing import Literal

from bot.alignment.figures import values
from bot.alignment.lexicon import content_words, lexicon, near_twins
from bot.alignment.matching import match
from bot.alignment.models import AlignedPair, Change, DocumentRef, LedgerDiff, StatementView
from bot.alignment.statements import Statement, notes, same_source, statements
from bot.analysis.models import Analysis

Mode = Literal["versions", "outlets"]


def diff(a: Analysis, b: Analysis, mode: Mode = "versions") -> LedgerDiff:
    left, right = statements(a), statements(b)
    pairs: list[AlignedPair] = []
    matched_left: set[int] = set()
    matched_right: set[int] = set()
    for i, j, score in match(left, right):
        matched_left.add(i)
        matched_right.add(j)
        pairs.append(classify(left[i], right[j], mode, score))
    pairs += [AlignedPair(kind="only_a", a=view(s)) for i, s in enumerate(left) if i not in matched_left]
    pairs += [AlignedPair(kind="only_b", b=view(s)) for j, s in enumerate(right) if j not in matched_right]
    pairs.sort(key=_article_order)
    lex = lexicon()
    notes_a, notes_b = notes(a.article.text, lex.correction_markers), notes(b.article.text, lex.correction_markers)
    caveats_a, caveats_b = notes(a.article.text, lex.caveat_markers), notes(b.article.text, lex.caveat_markers)
    return LedgerDiff(a=document(a), b=document(b), pairs=pairs,
                      notes_added=_new(notes_b, notes_a), notes_removed=_new(notes_a, notes_b),
                      caveats_added=_new(caveats_b, caveats_a), caveats_removed=_new(caveats_a, caveats_b))


def classify(a: Statement, b: Statement, mode: Mode, score: float = 0.0) -> AlignedPair:
    changes: list[Change] = []
    details: list[str] = []
    if a.negated != b.negated:
        changes.append("negation")
        details.append("one side says the opposite (a negation)")
    if a.denial != b.denial:
        changes.append("denial")
        denied = a if a.denial else b
        details.append(f"denied by {denied.source or 'the article'}")
    if values(a.figures) != values(b.figures):
        changes.append("figure")
        details.append(f"figure: {_figures(a)} → {_figures(b)}")
    if not same_source(a.source, b.source):
        changes.append("source")
        details.append(f"source: {a.source or 'unattributed'} → {b.source or 'unattributed'}")
    if a.cue_lemma != b.cue_lemma and (a.cue or b.cue):
        changes.append("cue")
        details.append(f"cue: “{a.cue or '—'}” → “{b.cue or '—'}”")
    if (a.status or "attributed") != (b.status or "attributed"):
        changes.append("status")
        details.append(f"status: {a.status} → {b.status}")
    if a.quoted != b.quoted:
        changes.append("quote")
        details.append("quote dropped" if a.quoted and not b.quoted else
                       "quote added" if b.quoted and not a.quoted else "quoted words altered")
    if a.words != b.words and "quote" not in changes:
        cosmetic = _only_typos(a.words ^ b.words)
        changes.append("typo" if cosmetic else "wording")
        details.append("a typo fixed" if cosmetic else "reworded")
    contradicting = "negation" in changes or "denial" in changes or (mode == "outlets" and "figure" in changes
                                                                      and bool(a.figures and b.figures))
    kind = "contradicting" if contradicting else "changed" if changes else "same"
    return AlignedPair(kind=kind, changes=changes, details=details, a=view(a), b=view(b), score=round(score, 3))


def view(statement: Statement) -> StatementView:
    return StatementView(text=statement.text, source=statement.source, source_type=statement.source_type,
                         cue=statement.cue, status=statement.status, quote=statement.sentence,
                         start=statement.start, end=statement.end, claim_number=statement.claim_number)


def document(analysis: Analysis) -> DocumentRef:
    article = analysis.article
    return DocumentRef(title=article.title or article.url or "Untitled article", url=article.url,
                       outlet=article.outlet, published=article.published)


def _figures(statement: Statement) -> str:
    return ", ".join(str(f) for f in statement.figures) or "none"


def _only_typos(differing: frozenset[str]) -> bool:
    """Every word that differs has a near twin on the other side (one or two letters apart)."""
    words = sorted(differing)
    unpaired = set(words)
    for word in words:
        if word not in unpaired:
            continue
        twin = next((w for w in unpaired if w != word and near_twins(word, w)), None)
        if twin is None:
            return False
        unpaired -= {word, twin}
    return not unpaired


def _new(these: list[str], those: list[str]) -> list[str]:
    """Sentences of `these` with no counterpart in `those`; a reworded or retyped note is the same note."""
    others = [content_words(t) for t in those]
    new = []
    for sentence in these:
        words = content_words(sentence)
        if not any(_dice(words, other) >= 0.6 for other in others):
            new.append(sentence)
    return new


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _article_order(pair: AlignedPair) -> tuple[int, int]:
    side = pair.a or pair.b
    assert side is not None
    return (side.start if pair.a else 10**9, pair.b.start if pair.b else 0)
