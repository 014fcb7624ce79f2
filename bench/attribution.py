#!/usr/bin/env python3
"""Attribution quality on a public annotated corpus (PolNeAR), with a naive baseline in the same run.

Usage:
  python bench/attribution.py [--shared ../shared] [--sample N] [--backend offline|model] [--zyte] [--by-publisher]
                              [--json OUT]

Scores the offline finder (`bot.analysis.attribution.find_attributions`) and, in the same run, a naive
baseline (one regex: `<Capitalised words> said <rest of the sentence>`) on PolNeAR's train split (840 US
political news articles, 19,868 hand-annotated attributions) or on a deterministic sample of N articles
(evenly spaced in id order), with PolNeAR's reference scorer read from ../shared (never copied here). It
prints precision, recall and F1 for source, cue and content (token overlap, one-to-one) and for the pair
(`attribution/pair_overlap`: source and content both overlap), with ms per article.

`--backend model` scores the model backend instead of the baseline, through any OpenAI-compatible endpoint
configured the usual way (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `NEWSBOT_MODEL`, from the environment or .env),
using the public `Analyzer(settings).analyze(article).attributions`. Use a small `--sample` (e.g. 20).

The hand-written sets in tests/fixtures/attribution (dev, heldout, seed) are scored too, as regression rows
(source-plus-content token F1, bot/analysis/scoring.py). `--zyte` also times the finder on the Zyte
extraction pages (../shared/bench/extraction): median and p90 ms per article.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.analysis.attribution import attribute, find_attributions  # noqa: E402
from bot.language import parse  # noqa: E402
from bot.analysis.models import Attribution  # noqa: E402
from bot.analysis.scoring import f1, score  # noqa: E402
from bot.reading.cleaning import clean_plain_text  # noqa: E402

SETS = ROOT / "tests" / "fixtures" / "attribution"
POLNEAR = Path("eval") / "attribution"
ROLES = ("source/overlap", "cue/overlap", "content/overlap", "attribution/pair_overlap")
# The naive baseline: the one to four words before "said"/"says" are the source; the rest of the sentence is the
# content, or, when nothing follows (`"...," he said.`), the sentence before the source. One regex.
_NAIVE = re.compile(r"\b(?P<source>[\w’'.-]+(?: [\w’'.-]+){0,3}) (?:said|says)\b,?(?: that)?")
_SENTENCE_END = re.compile(r"[.!?\n]")

Prediction = dict[str, Any]
System = Callable[[dict[str, Any]], list[Prediction]]


def load_scorer(shared: Path) -> ModuleType:
    """PolNeAR's reference scorer, imported from the shared folder."""
    path = shared / POLNEAR / "score_attribution.py"
    spec = importlib.util.spec_from_file_location("score_attribution", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_attribution"] = module
    spec.loader.exec_module(module)
    return module


def load_polnear(shared: Path, sample: int = 0) -> list[dict[str, Any]]:
    """The train split, or `sample` articles evenly spaced in id order (the same ones every run)."""
    with gzip.open(shared / POLNEAR / "polnear_train.json.gz", "rt", encoding="utf-8") as fh:
        articles = sorted(json.load(fh), key=lambda a: a["id"])
    if sample and sample < len(articles):
        step = len(articles) / sample
        articles = [articles[int(i * step)] for i in range(sample)]
    return articles


def _span(start: int | None, end: int | None) -> list[list[int]] | None:
    return [[start, end]] if start is not None and end is not None else None


def as_prediction(a: Attribution) -> Prediction:
    """One attribution in the scorer's format: offsets where the finder has them, else the text as written."""
    source = _span(a.source_start, a.source_end) or (a.source_text if a.source_text is not None else a.source) or None
    return {"source": source, "cue": _span(a.cue_start, a.cue_end) or a.cue, "content": [[a.start, a.end]]}


def offline(article: dict[str, Any]) -> list[Prediction]:
    return [as_prediction(a) for a in find_attributions(article["text"])]


def grammar(article: dict[str, Any]) -> list[Prediction]:
    """The finder on the article's parse (the parse's time included), entities grouped."""
    text = article["text"]
    return [as_prediction(a) for a in attribute(text, parse(text))]


def naive(article: dict[str, Any]) -> list[Prediction]:
    text = article["text"]
    out = []
    for m in _NAIVE.finditer(text):
        stop = _SENTENCE_END.search(text, m.end())
        after = (m.end(), stop.end() if stop else len(text))
        begin = max(text.rfind(mark, 0, m.start("source")) for mark in ".!?\n") + 1
        before = (begin, m.start("source"))
        content = after if len(text[after[0]:after[1]].split()) >= 2 else before
        if len(text[content[0]:content[1]].split()) >= 2:
            out.append({"source": [[m.start("source"), m.end("source")]], "cue": "said", "content": [list(content)]})
    return out


def model_backend() -> System:
    """The configured model backend, through the public Analyzer (whatever its internals)."""
    from bot.analysis.analyzer import Analyzer
    from bot.reading.article import Article
    from bot.settings import Settings

    settings = Settings.from_env()
    if not settings.llm_enabled:
        raise SystemExit("--backend model needs OPENAI_API_KEY (and OPENAI_BASE_URL / NEWSBOT_MODEL) in the environment or .env")
    analyzer = Analyzer(settings)

    def run(article: dict[str, Any]) -> list[Prediction]:
        text = article["text"]
        analysis = analyzer.analyze(Article(title=article.get("title") or "", text=text, word_count=len(text.split())))
        return [as_prediction(a) for a in analysis.attributions]

    run.__name__ = f"model ({settings.model})"
    return run


# Leave-publishers-out: rules were developed looking only at the errors on these four publishers' articles;
# the other three are the check that a change generalises (report both).
DEVELOPMENT_PUBLISHERS = ("breitbart", "nyt", "politico", "west-journal")


def by_publisher(scorer: ModuleType, articles: list[dict[str, Any]], system: System) -> dict[str, dict[str, Any]]:
    """pair_overlap per publisher and for the development / held-out publisher groups (one pass of the system)."""
    predictions = [{"id": a["id"], "attributions": system(a)} for a in articles]
    groups: dict[str, set[str]] = {}
    for a in articles:
        groups.setdefault(a["publisher"], set()).add(a["id"])
        dev = a["publisher"] in DEVELOPMENT_PUBLISHERS
        groups.setdefault("development (4 publishers)" if dev else "held out (3 publishers)", set()).add(a["id"])
    return {name: scorer.score(articles, predictions, ids)["attribution/pair_overlap"] for name, ids in groups.items()}


def score_polnear(scorer: ModuleType, articles: list[dict[str, Any]], system: System) -> dict[str, Any]:
    started = time.perf_counter()
    predictions = [{"id": a["id"], "attributions": system(a)} for a in articles]
    elapsed = time.perf_counter() - started
    result = scorer.score(articles, predictions)
    result["ms_per_article"] = elapsed * 1000 / max(1, len(articles))
    return result


def _as_written(a: Attribution) -> str:
    """The source as the sets record it: as written ("Headteacher Simon Clarke"), or resolved for a pronoun."""
    written = (a.source_text or "").strip()
    return a.source if not written or written.lower() in _PRONOUNS else written


_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "that"}


def load_own_sets(shared: Path) -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
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


def score_own_sets(shared: Path) -> dict[str, dict[str, float]]:
    """Source-plus-content token F1 on our hand-written sets (the ledger's resolved source names)."""
    report: dict[str, dict[str, float]] = {}
    for name, docs in load_own_sets(shared).items():
        results = [score(gold, [(_as_written(a), a.content) for a in attribute(text, parse(text))])
                   for text, gold in docs]
        report[name] = f1(results)
    return report


def zyte_timing(shared: Path) -> dict[str, dict[str, float]]:
    """Time per article on the Zyte extraction pages, read through the project's reader: the string finder
    alone (before the parse), the parse alone, and parse plus finder plus entities (what an analysis runs).
    The parse cache is cleared for each article so nothing is timed warm."""
    from bot import language
    from bot.reading import Reader
    from bot.reading.errors import ReadError
    from bot.settings import Settings

    dataset = shared / "bench" / "extraction"
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    reader = Reader(Settings.from_env(environ={}, env_file=None))
    language.load()  # once per process, as in the work process: not part of any article's time
    times: dict[str, list[float]] = {"string finder": [], "parse": [], "parse + finder + entities": []}
    for key in sorted(truth):
        body = gzip.decompress((dataset / "html" / f"{key}.html.gz").read_bytes())
        try:
            text = reader.from_bytes(body, url=truth[key]["url"], is_html=True).text
        except ReadError:
            continue
        started = time.perf_counter()
        find_attributions(text)
        times["string finder"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        parse(text)
        times["parse"].append((time.perf_counter() - started) * 1000)
        language.forget(text)
        started = time.perf_counter()
        attribute(text, parse(text))
        times["parse + finder + entities"].append((time.perf_counter() - started) * 1000)
    report = {}
    for name, values in times.items():
        ordered = sorted(values)
        report[name] = {"articles": len(values), "median_ms": statistics.median(values),
                        "p90_ms": ordered[int(0.9 * (len(ordered) - 1))], "max_ms": ordered[-1]}
    return report


def print_polnear(rows: dict[str, dict[str, Any]], n_articles: int) -> None:
    print(f"### PolNeAR train, {n_articles} articles (token overlap, one-to-one)")
    print("| system | " + " | ".join(f"{r} P / R / F1" for r in ROLES) + " | ms/article |")
    print("|---|" + "---|" * (len(ROLES) + 1))
    for name, res in rows.items():
        cells = [f"{res[r]['precision']:.3f} / {res[r]['recall']:.3f} / **{res[r]['f1']:.3f}**" if r == ROLES[-1]
                 else f"{res[r]['precision']:.3f} / {res[r]['recall']:.3f} / {res[r]['f1']:.3f}" for r in ROLES]
        print(f"| {name} | " + " | ".join(cells) + f" | {res['ms_per_article']:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sample", type=int, default=0, help="score N evenly spaced articles (0: all 840)")
    parser.add_argument("--backend", choices=("offline", "model"), default="offline",
                        help="model: score the configured model backend beside the offline finder")
    parser.add_argument("--zyte", action="store_true", help="also time the finder on the Zyte extraction pages")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--by-publisher", action="store_true",
                        help="also print the parse finder's pair_overlap per publisher and leave-publishers-out")
    args = parser.parse_args()

    scorer = load_scorer(args.shared)
    articles = load_polnear(args.shared, args.sample)
    systems: dict[str, System] = {"naive regex (X said Y)": naive, "string finder (before the parse)": offline,
                                  "finder on the parse": grammar}
    if args.backend == "model":
        run = model_backend()
        systems[run.__name__] = run
    rows = {name: score_polnear(scorer, articles, system) for name, system in systems.items()}
    print_polnear(rows, len(articles))

    report: dict[str, Any] = {"polnear": rows, "articles": len(articles)}
    if args.by_publisher:
        groups = by_publisher(scorer, articles, grammar)
        report["by_publisher"] = groups
        print("\n### Finder on the parse by publisher (pair_overlap)")
        print("| publishers | P | R | F1 |")
        print("|---|---|---|---|")
        for name in sorted(groups, key=lambda g: (" " not in g, g)):
            m = groups[name]
            print(f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")

    own = score_own_sets(args.shared)
    print("\n### Our hand-written sets (finder on the parse; source-plus-content token F1, resolved sources)")
    print("| set | precision | recall | F1 |")
    print("|---|---|---|---|")
    for name, m in own.items():
        print(f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")
    report["own_sets"] = own
    if args.zyte:
        timing = zyte_timing(args.shared)
        report["zyte"] = timing
        print(f"\n### Time per article, Zyte extraction pages ({next(iter(timing.values()))['articles']} articles)")
        print("| step | median ms | p90 ms | max ms |")
        print("|---|---|---|---|")
        for name, t in timing.items():
            print(f"| {name} | {t['median_ms']:.1f} | {t['p90_ms']:.1f} | {t['max_ms']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
