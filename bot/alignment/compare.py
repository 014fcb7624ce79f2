"""Several outlets' accounts of one event, side by side: who carries which claim, where they agree, where
they contradict each other, what only one has, whom each cites, and how much copy they share.

Articles about another event are set apart rather than forced into the table.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, Field

from bot.alignment.diff import classify, document, view
from bot.alignment.lexicon import lexicon, stem, tokens
from bot.alignment.matching import match
from bot.alignment.models import DocumentRef, StatementView
from bot.alignment.shingles import shared_text
from bot.alignment.statements import Statement, source_key, statements
from bot.analysis.models import Analysis

MAX_ARTICLES = 5
SAME_EVENT = 0.2  # cosine of content-word counts; unrelated news pages sit well below it
MIN_SHARED = 0.05  # share of shingles below which two articles share no copy worth naming


class Member(BaseModel):
    article: int  # 0-based index into Comparison.articles
    statement: StatementView


class ClaimGroup(BaseModel):
    kind: Literal["agreed", "contradicting", "single"]
    members: list[Member]
    details: list[str] = Field(default_factory=list)
    conflicting: list[int] = Field(default_factory=list)  # indices into members of the statements that clash

    @property
    def articles(self) -> list[int]:
        return sorted({m.article for m in self.members})


class CitedSource(BaseModel):
    source: str
    source_type: str
    statements: int


class OutletAccount(BaseModel):
    document: DocumentRef
    sources: list[CitedSource] = Field(default_factory=list)
    statements: int = 0


class SharedCopy(BaseModel):
    a: int
    b: int
    share: float
    passage: str
    earliest: int | None  # the article published first, when both dates are known


class Comparison(BaseModel):
    articles: list[OutletAccount]
    related: list[int]  # the articles about the first article's event
    unrelated: list[int]  # about something else: listed, not compared
    groups: list[ClaimGroup] = Field(default_factory=list)
    shared: list[SharedCopy] = Field(default_factory=list)


def compare(analyses: list[Analysis]) -> Comparison:
    if not 2 <= len(analyses) <= MAX_ARTICLES:
        raise ValueError(f"compare takes 2 to {MAX_ARTICLES} articles")
    ledgers = [statements(a) for a in analyses]
    related, unrelated = same_event(analyses)
    groups = _groups([i for i in related], ledgers) if len(related) >= 2 else []
    shared = []
    for i, j in combinations(related, 2):
        copy = shared_text(analyses[i].article.text, analyses[j].article.text)
        if copy.share >= MIN_SHARED and copy.passage:
            shared.append(SharedCopy(a=i, b=j, share=copy.share, passage=copy.passage,
                                     earliest=_earliest(analyses, i, j)))
    return Comparison(articles=[_account(a, s) for a, s in zip(analyses, ledgers)], related=related,
                      unrelated=unrelated, groups=groups, shared=shared)


def same_event(analyses: list[Analysis]) -> tuple[list[int], list[int]]:
    """The first article's event, grown by any article close enough to one already in it."""
    vectors = [_vector(a.article.text) for a in analyses]
    related = [0]
    changed = True
    while changed:
        changed = False
        for index in range(1, len(analyses)):
            if index not in related and any(_cosine(vectors[index], vectors[r]) >= SAME_EVENT for r in related):
                related.append(index)
                changed = True
    related.sort()
    return related, [i for i in range(len(analyses)) if i not in related]


def _groups(indices: list[int], ledgers: list[list[Statement]]) -> list[ClaimGroup]:
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i in indices:
        for k in range(len(ledgers[i])):
            find((i, k))
    pairs = []
    for i, j in combinations(indices, 2):
        for a, b, _ in match(ledgers[i], ledgers[j]):
            parent[find((i, a))] = find((j, b))
            pairs.append(((i, a), (j, b)))
    clusters: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in list(parent):
        clusters.setdefault(find(node), []).append(node)
    groups = []
    for nodes in clusters.values():
        nodes.sort()
        members = [Member(article=i, statement=view(ledgers[i][k])) for i, k in nodes]
        if len({i for i, _ in nodes}) == 1:
            groups.append(ClaimGroup(kind="single", members=members))
            continue
        details: list[str] = []
        conflicting: set[int] = set()
        for (i, a), (j, b) in pairs:
            if (i, a) in nodes and (j, b) in nodes:
                pair = classify(ledgers[i][a], ledgers[j][b], "outlets")
                if pair.kind == "contradicting":
                    details += [d for c, d in zip(pair.changes, pair.details)
                                if c not in ("wording", "typo") and d not in details]
                    conflicting |= {nodes.index((i, a)), nodes.index((j, b))}
        groups.append(ClaimGroup(kind="contradicting" if details else "agreed", members=members, details=details,
                                 conflicting=sorted(conflicting)))
    order = {"contradicting": 0, "agreed": 1, "single": 2}
    groups.sort(key=lambda g: (order[g.kind], -len(g.articles), g.members[0].article, g.members[0].statement.start))
    return groups


def _account(analysis: Analysis, ledger: list[Statement]) -> OutletAccount:
    counts: Counter[str] = Counter()
    names: dict[str, tuple[str, str]] = {}
    for statement in ledger:
        if statement.source:
            key = source_key(statement.source)
            counts[key] += 1
            names.setdefault(key, (statement.source, statement.source_type))
    sources = [CitedSource(source=names[k][0], source_type=names[k][1], statements=n) for k, n in counts.most_common()]
    return OutletAccount(document=document(analysis), sources=sources, statements=len(ledger))


def _earliest(analyses: list[Analysis], i: int, j: int) -> int | None:
    first, second = analyses[i].article.published, analyses[j].article.published
    if not first or not second or first == second:
        return None
    return i if first < second else j  # ISO dates compare as strings


def _vector(text: str) -> Counter[str]:
    stop = lexicon().stopwords
    return Counter(stem(t) for t in tokens(text) if t not in stop and len(t) > 2 and not t.isdigit())


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    return dot / (math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values())))
