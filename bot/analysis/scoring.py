"""Attribution quality as source-plus-content span overlap F1, for the benchmark and the tests.

Each predicted attribution is paired one-to-one with the gold attribution whose content overlaps it most;
a pair scores the mean of the token-overlap F1 of the two sources and of the two contents. Precision is
the summed pair scores over the number of predictions, recall over the number of gold attributions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_TOKEN = re.compile(r"\w+")


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(_TOKEN.findall(a.lower())), Counter(_TOKEN.findall(b.lower()))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(tb.values()), common / sum(ta.values())
    return 2 * precision * recall / (precision + recall)


def pair_score(gold: tuple[str, str], predicted: tuple[str, str]) -> float:
    content = token_f1(gold[1], predicted[1])
    if content == 0:
        return 0.0
    return (token_f1(gold[0], predicted[0]) + content) / 2


def score(gold: Sequence[tuple[str, str]], predicted: Sequence[tuple[str, str]]) -> tuple[float, int, int]:
    """(summed pair scores, n_gold, n_predicted); pairs are matched greedily, best first."""
    pairs = sorted(((pair_score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
                   reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    total = 0.0
    for value, i, j in pairs:
        if value <= 0 or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        total += value
    return total, len(gold), len(predicted)


def f1(results: Sequence[tuple[float, int, int]]) -> dict[str, float]:
    matched = sum(r[0] for r in results)
    n_gold = sum(r[1] for r in results)
    n_pred = sum(r[2] for r in results)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}
