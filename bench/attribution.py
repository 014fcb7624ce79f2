#!/usr/bin/env python3
"""Offline attribution quality: source-plus-content span overlap F1 on the hand-annotated sets.

Usage: python bench/attribution.py [--shared ../shared] [--show]

Scores the offline analyzer and, in the same run, a naive baseline (one regex: `<Capitalised words> said
<rest>`), on tests/fixtures/attribution/{dev,heldout}.jsonl and on the seed article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.analysis.attribution import find_attributions  # noqa: E402
from bot.analysis.scoring import f1, score  # noqa: E402
from bot.reading.cleaning import clean_plain_text  # noqa: E402

SETS = ROOT / "tests" / "fixtures" / "attribution"
_NAIVE = re.compile(r"((?:[A-Z][\w’']+ ?)+) said,? (?:that )?([^.]+\.)")


def naive(text: str) -> list[tuple[str, str]]:
    return [(m.group(1).strip(), m.group(2)) for m in _NAIVE.finditer(text)]


def ours(text: str) -> list[tuple[str, str]]:
    return [(a.source, a.content) for a in find_attributions(text)]


def load(shared: Path) -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    sets: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    for name in ("dev", "heldout"):
        rows = [json.loads(line) for line in (SETS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
        sets[name] = [(r["text"], [(a["source"], a["content"]) for a in r["attributions"]]) for r in rows]
    seed = json.loads((SETS / "seed.json").read_text(encoding="utf-8"))
    seed_path = shared / seed["source_file"]
    if seed_path.is_file():
        text = clean_plain_text(seed_path.read_text(encoding="utf-8")).text
        sets["seed"] = [(text, [(a["source"], a["content"]) for a in seed["attributions"]])]
    return sets


def evaluate(sets: dict[str, list[tuple[str, list[tuple[str, str]]]]], show: bool = False) -> dict[str, dict[str, dict[str, float]]]:
    report: dict[str, dict[str, dict[str, float]]] = {}
    for set_name, docs in sets.items():
        for system_name, system in (("naive regex", naive), ("offline analyzer", ours)):
            started = time.perf_counter()
            results = []
            for text, gold in docs:
                predicted = system(text)
                results.append(score(gold, predicted))
                if show and system is ours:
                    print(f"--- {set_name}: gold {gold}\n    predicted {predicted}")
            metrics = f1(results)
            metrics["ms_per_doc"] = (time.perf_counter() - started) * 1000 / len(docs)
            report.setdefault(set_name, {})[system_name] = metrics
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", action="store_true", help="print gold and predicted pairs")
    args = parser.parse_args()
    report = evaluate(load(args.shared), args.show)
    print("| set | system | precision | recall | F1 | ms/doc |")
    print("|---|---|---|---|---|---|")
    for set_name, systems in report.items():
        for system_name, m in systems.items():
            print(f"| {set_name} | {system_name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['ms_per_doc']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
