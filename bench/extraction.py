#!/usr/bin/env python3
"""Score the reader's extraction on the Zyte article-extraction benchmark, beside trafilatura alone.

Usage: python bench/extraction.py ../shared/bench/extraction [--limit N]
       (also ../shared/bench/fundus, ../shared/bench/readability-news-en)

The metric is the benchmark's own (evaluate.py in scrapinghub/article-extraction-benchmark): 4-token
shingles of `\\w+` tokens compared as multisets, per-page TP/FP/FN normalised to sum to 1, precision
averaged over pages with a prediction, recall over pages with a gold text, F1 the harmonic mean.
The baseline is the benchmark's trafilatura runner: `trafilatura.extract(html, include_comments=False)`.
Pages are read from the dataset folder and never copied. Besides the scores it prints how many pages the
"not an article" gate would refuse (every page in these sets is an article, so that should be 0), and,
when the set has a `languages.json`, the scores for English and for the other languages apart.
Time is CPU time (time.process_time) spent in the extractor, so other load on a shared machine does not
skew the ratio to the baseline; "ms/page" is CPU milliseconds.
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
from bot.reading.article import Article  # noqa: E402
from bot.reading.errors import NotAnArticle  # noqa: E402
from bot.reading.extraction import extract_html  # noqa: E402
from bot.reading.gate import check_article  # noqa: E402
from bot.settings import Settings  # noqa: E402

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


def run(extractors: dict[str, Callable[[str, str | None], str | None]], pages: dict[str, str],
        gold: dict[str, str], urls: dict[str, str | None]) -> list[dict[str, object]]:
    """Score every extractor on every page. The extractors take turns page by page (in alternating order),
    so a change in the machine's load during the run weighs on all of them alike."""
    counts: dict[str, dict[str, tuple[float, float, float]]] = {name: {} for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    names = list(extractors)
    for index, (key, html) in enumerate(pages.items()):
        for name in names if index % 2 == 0 else reversed(names):
            started = time.process_time()
            predicted = extractors[name](html, urls[key])
            seconds[name] += time.process_time() - started  # only the extractor is timed, not the scoring
            counts[name][key] = tp_fp_fn(gold[key], predicted)
    return [{"name": name, **metrics(list(counts[name].values())), "seconds_per_page": seconds[name] / len(pages),
             "counts": counts[name]} for name in names]


def _row(name: str, m: dict[str, float], extra: str = "") -> str:
    return f"| {name} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} |{extra}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]
    pages = {k: gzip.decompress((args.dataset / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in keys}
    gold = {k: truth[k]["articleBody"] for k in keys}
    urls = {k: truth[k].get("url") for k in keys}
    articles: list[Article] = []  # in page order, for the gate check after the timed runs

    def reader(html: str, url: str | None) -> str:
        articles.append(extract_html(html, url))
        return articles[-1].text

    # Warm both up once (imports, lazy tables) so neither pays for a cold start.
    trafilatura.extract(pages[keys[0]], include_comments=False)
    extract_html(pages[keys[0]], urls[keys[0]])
    rows = run({"trafilatura (baseline)": lambda h, u: trafilatura.extract(h, include_comments=False),
                "newsbot reader": reader}, pages, gold, urls)
    base = rows[0]["seconds_per_page"]
    print(f"{len(pages)} pages from {args.dataset}")
    print("| extractor | precision | recall | F1 | ms/page | time vs baseline |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        seconds = float(row["seconds_per_page"])  # type: ignore[arg-type]
        print(_row(str(row["name"]), row, f" {seconds * 1000:.1f} | {seconds / base:.2f}x |"))  # type: ignore[arg-type]

    languages_file = args.dataset / "languages.json"
    if languages_file.is_file():
        languages = json.loads(languages_file.read_text(encoding="utf-8"))
        groups = {"English": [k for k in keys if languages.get(k) == "en"],
                  "other languages": [k for k in keys if languages.get(k) != "en"]}
        print("\n| extractor | pages | precision | recall | F1 |")
        print("|---|---|---|---|---|")
        for label, members in groups.items():
            for row in rows:
                counts = row["counts"]  # type: ignore[assignment]
                m = metrics([counts[k] for k in members])  # type: ignore[index]
                print(f"| {row['name']}, {label} | {len(members)} |" + _row("", m).split("|", 2)[2])

    min_words = Settings().min_article_words
    refused = []
    for key, article in zip(keys, articles, strict=True):
        try:
            check_article(article, min_words)
        except NotAnArticle as exc:
            refused.append(f"{key}: {exc}")
    print(f"\nrefused by the gate: {len(refused)} of {len(keys)}")
    for line in refused:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
