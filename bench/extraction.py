#!/usr/bin/env python3
"""Score the reader's extraction on the Zyte article-extraction benchmark, beside trafilatura alone.

Usage: python bench/extraction.py ../shared/bench/extraction [--limit N]

The metric is the benchmark's own (evaluate.py in scrapinghub/article-extraction-benchmark): 4-token
shingles of `\\w+` tokens compared as multisets, per-page TP/FP/FN normalised to sum to 1, precision
averaged over pages with a prediction, recall over pages with a gold text, F1 the harmonic mean.
The baseline is the benchmark's trafilatura runner: `trafilatura.extract(html, include_comments=False)`.
Pages are read from the dataset folder and never copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.reading.extraction import extract_text_only  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(gold: str, predicted: str | None) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def run(name: str, extract: Callable[[str], str | None], pages: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    counts = []
    started = time.perf_counter()
    for key, html in pages.items():
        counts.append(tp_fp_fn(gold[key], extract(html)))
    seconds = (time.perf_counter() - started) / len(pages)
    return {"name": name, **metrics(counts), "seconds_per_page": seconds}  # type: ignore[dict-item]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    pages = {k: gzip.decompress((args.dataset / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in keys}
    gold = {k: truth[k]["articleBody"] for k in keys}

    # Warm both up once (imports, lazy tables), then alternate the runs so neither gets a cold cache.
    trafilatura.extract(pages[keys[0]], include_comments=False)
    extract_text_only(pages[keys[0]])
    rows = [
        run("trafilatura (baseline)", lambda h: trafilatura.extract(h, include_comments=False), pages, gold),
        run("newsbot reader", extract_text_only, pages, gold),
    ]
    base = rows[0]["seconds_per_page"]
    print(f"{len(pages)} pages from {args.dataset}")
    print(f"| extractor | precision | recall | F1 | ms/page | time vs baseline |")
    print(f"|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['name']} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} | "
              f"{row['seconds_per_page'] * 1000:.1f} | {row['seconds_per_page'] / base:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
