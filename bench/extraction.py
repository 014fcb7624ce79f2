#!/usr/bin/env python3
"""Score the reader's extraction on the four public page sets, beside plain trafilatura in the same run.

Usage: python bench/extraction.py                      (all four sets under ../shared/bench)
       python bench/extraction.py ../shared/bench/fundus [--limit N]

Two metrics, each the set's own:
- Sets with a gold text (`ground-truth.json`: Zyte's extraction benchmark, fundus, readability-news-en) use
  the Zyte benchmark's evaluate.py: 4-token shingles of `\\w+` tokens compared as multisets, per-page
  TP/FP/FN normalised to sum to 1, precision averaged over pages with a prediction, recall over pages with
  a gold text.
- trafilatura's evaluation set (`evaldata.json`) uses trafilatura's own: a "must keep" snippet found in the
  output (whitespace-normalised substring) is a true positive, a "must drop" snippet found a false positive;
  micro-averaged over all snippets.
The baseline is `trafilatura.extract(html, include_comments=False)` (the Zyte benchmark's runner; default
settings otherwise). Both extractors get the same decoded text (the reader's decoder), so decoding does not
differ between them. The reader runs as the bot runs it: extraction, then the "not an article" gate; a page the
gate refuses counts as empty output, and every refusal is listed with whether the gold shows main text there
(a refusal of a page with main text is a false refusal; the target is none).
Time is CPU time (time.process_time) in the extractor alone, the two taking turns page by page so load on a
shared machine weighs on both; "ms/page" is CPU milliseconds. Pages are read from ../shared, never copied.
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
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bot.reading.charset import decode  # noqa: E402
from bot.reading.errors import ReadError  # noqa: E402
from bot.reading.extraction import extract_html  # noqa: E402
from bot.reading.gate import check_article  # noqa: E402
from bot.settings import Settings  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
SETS = ("extraction", "fundus", "readability-news-en", "trafilatura-eval")
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class PageSet:
    """One benchmark set: pages (decoded), their URLs, and the gold in the set's own form."""

    name: str
    pages: dict[str, str]
    urls: dict[str, str | None]
    gold_text: dict[str, str] = field(default_factory=dict)  # Zyte-style sets
    keep: dict[str, list[str]] = field(default_factory=dict)  # trafilatura-eval: must keep
    drop: dict[str, list[str]] = field(default_factory=dict)  # trafilatura-eval: must drop
    languages: dict[str, str] = field(default_factory=dict)

    @property
    def snippets(self) -> bool:
        return bool(self.keep)

    def has_main_text(self, key: str) -> bool:
        return bool(self.keep.get(key)) if self.snippets else bool(self.gold_text.get(key, "").strip())


def load(folder: Path, limit: int = 0) -> PageSet:
    if (folder / "evaldata.json").is_file():
        data = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
        keys = sorted(data)[: limit or None]
        pages, kept = {}, []
        for key in keys:
            body = gzip.decompress((folder / "html" / data[key]["file"]).read_bytes())
            try:
                pages[key] = decode(body)
                kept.append(key)
            except ReadError:
                continue  # not decodable as a page by anyone: left out of both columns alike
        return PageSet(folder.name, pages, {k: data[k].get("url") for k in kept},
                       keep={k: data[k]["with"] for k in kept}, drop={k: data[k]["without"] for k in kept})
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: limit or None]
    languages_file = folder / "languages.json"
    return PageSet(
        folder.name,
        {k: gzip.decompress((folder / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in keys},
        {k: truth[k].get("url") for k in keys},
        gold_text={k: truth[k]["articleBody"] for k in keys},
        languages=json.loads(languages_file.read_text(encoding="utf-8")) if languages_file.is_file() else {},
    )


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
    """The Zyte benchmark's averaging: per-page precision and recall, then their means."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def snippet_counts(keep: list[str], drop: list[str], predicted: str | None) -> tuple[int, int, int, int]:
    """trafilatura's evaluation of one page: (tp, fn, fp, tn) over its must-keep and must-drop snippets."""
    output = _normalise(predicted)
    found_keep = sum(1 for s in keep if _normalise(s) in output)
    found_drop = sum(1 for s in drop if _normalise(s) in output)
    return found_keep, len(keep) - found_keep, found_drop, len(drop) - found_drop


def snippet_metrics(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    tp, fn, fp, _ = (sum(c[i] for c in counts) for i in range(4))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


Extractor = Callable[[str, str | None], str | None]


def score(page_set: PageSet, extractors: dict[str, Extractor]) -> dict[str, dict[str, object]]:
    """Every extractor on every page, taking turns in alternating order; per page counts and CPU time."""
    counts: dict[str, dict[str, tuple[float, ...]]] = {name: {} for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    names = list(extractors)
    for index, (key, html) in enumerate(page_set.pages.items()):
        for name in names if index % 2 == 0 else reversed(names):
            started = time.process_time()
            predicted = extractors[name](html, page_set.urls[key])
            seconds[name] += time.process_time() - started  # only the extractor is timed, not the scoring
            counts[name][key] = (snippet_counts(page_set.keep[key], page_set.drop[key], predicted)
                                 if page_set.snippets else tp_fp_fn(page_set.gold_text[key], predicted))
    return {name: {"counts": counts[name], "seconds_per_page": seconds[name] / max(1, len(page_set.pages))}
            for name in names}


def summarise(page_set: PageSet, counts: dict[str, tuple[float, ...]], keys: list[str] | None = None) -> dict[str, float]:
    chosen = [counts[k] for k in (keys if keys is not None else counts)]
    return snippet_metrics(chosen) if page_set.snippets else metrics(chosen)  # type: ignore[arg-type]


class GatedReader:
    """The reader as the bot runs it: extraction, then the gate. A refused page is empty output."""

    def __init__(self) -> None:
        self.min_words = Settings().min_article_words
        self.refused: dict[str, str] = {}  # url (or page key) -> reason

    def __call__(self, html: str, url: str | None) -> str:
        article = extract_html(html, url)
        try:
            return check_article(article, self.min_words).text
        except ReadError as exc:
            self.refused[url or f"page {len(self.refused)}"] = str(exc)
            return ""


def run_set(page_set: PageSet) -> list[str]:
    """The set's table rows, and a report of the gate's refusals."""
    reader = GatedReader()

    def baseline(html: str, url: str | None) -> str | None:
        return trafilatura.extract(html, url=url, include_comments=False)

    first = next(iter(page_set.pages))
    baseline(page_set.pages[first], page_set.urls[first])  # warm both up once (imports, lazy tables)
    extract_html(page_set.pages[first], page_set.urls[first])
    results = score(page_set, {"trafilatura": baseline, "newsbot reader": reader})
    base = results["trafilatura"]
    base_m = summarise(page_set, base["counts"])  # type: ignore[arg-type]
    base_refused = sum(1 for k, c in base["counts"].items() if _empty(page_set, c))  # type: ignore[union-attr]
    lines = []
    for name, result in results.items():
        m = summarise(page_set, result["counts"])  # type: ignore[arg-type]
        ms = float(result["seconds_per_page"]) * 1000  # type: ignore[arg-type]
        refused = len(reader.refused) if name != "trafilatura" else base_refused
        delta = "" if name == "trafilatura" else (
            f" (F1 {m['f1'] - base_m['f1']:+.4f}, recall {m['recall'] - base_m['recall']:+.4f})")
        lines.append(f"| {page_set.name} | {len(page_set.pages)} | {name} | {m['precision']:.4f} | {m['recall']:.4f} | "
                     f"{m['f1']:.4f}{delta} | {refused} | {ms:.1f} | {ms / (float(base['seconds_per_page']) * 1000):.2f}x |")  # type: ignore[arg-type]
    if page_set.languages:
        english = [k for k in page_set.pages if page_set.languages.get(k) == "en"]
        others = [k for k in page_set.pages if page_set.languages.get(k) != "en"]
        for label, keys in (("English", english), ("other languages", others)):
            for name, result in results.items():
                m = summarise(page_set, result["counts"], keys)  # type: ignore[arg-type]
                lines.append(f"| {page_set.name}, {label} | {len(keys)} | {name} | {m['precision']:.4f} | "
                             f"{m['recall']:.4f} | {m['f1']:.4f} | | | |")
    by_url = {page_set.urls[k] or k: k for k in page_set.pages}
    false_refusals = [(u, why) for u, why in reader.refused.items() if page_set.has_main_text(by_url.get(u, u))]
    lines.append(f"<!-- {page_set.name}: the gate refused {len(reader.refused)} pages, "
                 f"{len(false_refusals)} of them with main text by the gold -->")
    for url, why in sorted(reader.refused.items()):
        mark = "FALSE REFUSAL" if (url, why) in false_refusals else "no main text"
        lines.append(f"<!--   {mark}: {url}: {why} -->")
    return lines


def _empty(page_set: PageSet, counts: tuple[float, ...]) -> bool:
    """The baseline returned nothing for a page with main text."""
    if page_set.snippets:
        return counts[0] == 0 and counts[1] > 0 and counts[2] == 0
    return counts[0] == 0 and counts[1] == 0 and counts[2] > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="*", help=f"set folders (default: the four under {SHARED})")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages of each set")
    args = parser.parse_args()
    folders = args.datasets or [SHARED / name for name in SETS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"not found: {', '.join(missing)} (put the shared data folder beside the checkout)", file=sys.stderr)
        return 2
    print("| set | pages | extractor | precision | recall | F1 | refused | ms/page | time vs trafilatura |")
    print("|---|---|---|---|---|---|---|---|---|")
    notes: list[str] = []
    for folder in folders:
        rows = run_set(load(folder, args.limit))
        print("\n".join(r for r in rows if not r.startswith("<!--")), flush=True)
        notes += [r.removeprefix("<!-- ").removesuffix(" -->") for r in rows if r.startswith("<!--")]
    print("\n" + "\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
