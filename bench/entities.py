#!/usr/bin/env python3
"""Who is who: source mentions grouped into entities, and each entity's kind, against our hand labels.

Usage:
  python bench/entities.py [--shared ../shared] [--json OUT] [--verbose]

The labels (bench/labels/entities.json) name, for 30 English news pages of ../shared/bench (Zyte extraction,
fundus, readability-news-en), every source of an attributed statement as one entity with its kind and its
mentions, each located by a verbatim snippet of the page's `newsbot read` text (the texts stay in ../shared).
Two systems in the same run: the string finder before the parse (a mention's cluster is its resolved source
string, its kind the string's) and the finder on the parse with entities (`attribute`).

Scores: B-cubed precision, recall and F1 of the mention clusters over the labelled mentions (a labelled mention
the system does not find as a source is its own singleton), the share of labelled mentions found as a source,
and kind accuracy per labelled entity (the majority kind of its found mentions; an entity never found counts
as wrong), with the accuracy over found entities beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.analysis.attribution import attribute, entity_mentions, find_attributions  # noqa: E402
from bot.analysis.sourcing import source_key  # noqa: E402
from bot.language import parse  # noqa: E402
from bot.reading import Reader  # noqa: E402
from bot.reading.errors import ReadError  # noqa: E402
from bot.settings import Settings  # noqa: E402

LABELS = ROOT / "bench" / "labels" / "entities.json"


def page_text(shared: Path, page: dict[str, Any], reader: Reader) -> str | None:
    folder = shared / "bench" / page["set"]
    body = gzip.decompress((folder / "html" / page["file"]).read_bytes())
    try:
        return reader.from_bytes(body, url=None, is_html=True).text
    except ReadError:
        return None


def locate(text: str, mention: dict[str, str]) -> tuple[int, int] | None:
    """The mention's span: its text as a whole word or words within its `near` snippet ("he" in 'Israelis," he
    said', not the "he" of "the"), in its case if it occurs so, else in any case."""
    near = text.find(mention["near"])
    if near < 0:
        return None
    window = text[near:near + len(mention["near"])]
    pattern = r"(?<!\w)" + re.escape(mention["text"]) + r"(?!\w)"
    found = re.search(pattern, window) or re.search(pattern, window, re.IGNORECASE)
    return (near + found.start(), near + found.end()) if found else None


Mention = tuple[int, int, str, str]  # start, end, cluster, kind


def old_system(text: str) -> list[Mention]:
    """Source spans only, clustered by the resolved source string."""
    return [(a.source_start, a.source_end, source_key(a.source), a.source_type) for a in find_attributions(text)
            if a.source and a.source_start is not None and a.source_end is not None]


def new_system(text: str) -> list[Mention]:
    """Every mention of a source entity the parse finds, clustered by entity."""
    parsed = parse(text)
    return [(m.start, m.end, m.entity, m.kind) for m in entity_mentions(parsed, attribute(text, parsed))]


def score_page(text: str, page: dict[str, Any], found: list[Mention]) -> dict[str, Any]:
    items: list[tuple[str, str, str]] = []  # (gold entity, system cluster, system kind)
    gold_kinds = {e["id"]: e["kind"] for e in page["entities"]}
    missing = 0
    for entity in page["entities"]:
        for k, mention in enumerate(entity["mentions"]):
            span = locate(text, mention)
            if span is None:
                missing += 1
                continue
            hit = next((m for m in found if m[0] < span[1] and span[0] < m[1]), None)
            cluster = hit[2] if hit else f"unfound:{entity['id']}:{k}"
            items.append((entity["id"], cluster, hit[3] if hit else ""))
    return {"items": items, "gold_kinds": gold_kinds, "unlocated": missing}


def b_cubed(items: list[tuple[str, str, str]]) -> tuple[float, float]:
    if not items:
        return 0.0, 0.0
    gold = Counter(g for g, _, _ in items)
    system = Counter(s for _, s, _ in items)
    both = Counter((g, s) for g, s, _ in items)
    precision = sum(both[(g, s)] / system[s] for g, s, _ in items) / len(items)
    recall = sum(both[(g, s)] / gold[g] for g, s, _ in items) / len(items)
    return precision, recall


def kinds(result: dict[str, Any]) -> tuple[int, int, int]:
    """(entities, right, found) for one page."""
    by_entity: dict[str, Counter[str]] = {}
    for gold, _, kind in result["items"]:
        by_entity.setdefault(gold, Counter())
        if kind:
            by_entity[gold][kind] += 1
    right = sum(1 for g, c in by_entity.items() if c and c.most_common(1)[0][0] == result["gold_kinds"][g])
    found = sum(1 for c in by_entity.values() if c)
    return len(result["gold_kinds"]), right, found


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print each page's clusters and kinds")
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    reader = Reader(Settings.from_env(environ={}, env_file=None))
    systems = {"string finder (before the parse)": old_system, "finder on the parse, entities": new_system}
    report: dict[str, Any] = {}
    for name, system in systems.items():
        items: list[tuple[str, str, str]] = []
        entities = right = found_entities = unlocated = pages = 0
        started = time.perf_counter()
        for page in labels["pages"]:
            text = page_text(args.shared, page, reader)
            if text is None:
                continue
            pages += 1
            result = score_page(text, page, system(text))
            if args.verbose:
                print(page["file"], [(g, s, k) for g, s, k in result["items"]])
            items.extend((f"{page['file']}:{g}", f"{page['file']}:{s}", k) for g, s, k in result["items"])
            n, ok, hit = kinds(result)
            entities, right, found_entities = entities + n, right + ok, found_entities + hit
            unlocated += result["unlocated"]
        p, r = b_cubed(items)
        mentions_found = sum(1 for _, s, _ in items if ":unfound:" not in s)
        report[name] = {"pages": pages, "mentions": len(items), "unlocated": unlocated,
                        "mentions_found": mentions_found, "b3_precision": p, "b3_recall": r, "b3_f1": f1(p, r),
                        "entities": entities, "kind_accuracy": right / max(1, entities),
                        "kind_accuracy_found": right / max(1, found_entities), "entities_found": found_entities,
                        "seconds": time.perf_counter() - started}
    print(f"### Entities and kinds on our labels ({labels['pages'].__len__()} pages, bench/labels/entities.json)")
    print("| system | mentions found | B³ P / R / F1 | kind accuracy (all entities) | kind accuracy (found) | s |")
    print("|---|---|---|---|---|---|")
    for name, m in report.items():
        print(f"| {name} | {m['mentions_found']}/{m['mentions']} | {m['b3_precision']:.3f} / {m['b3_recall']:.3f} / "
              f"**{m['b3_f1']:.3f}** | {m['kind_accuracy']:.3f} ({m['entities']}) | {m['kind_accuracy_found']:.3f} "
              f"({m['entities_found']}) | {m['seconds']:.1f} |")
    if any(m["unlocated"] for m in report.values()):
        print(f"\n{next(iter(report.values()))['unlocated']} labelled mentions could not be located in the read text.")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
