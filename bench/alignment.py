#!/usr/bin/env python3
"""Ledger alignment on public pages: does a correction watch stay quiet on cosmetic edits and speak on real ones?

Usage: python bench/alignment.py [../shared/bench/extraction] [--limit N] [--seed 1]

Each page's gold body text (Zyte set) is analysed offline, then edited in planted, reproducible ways; every
edited version is diffed against the original with `bot.alignment.diff`, exactly as the watch would.
  cosmetic edits (must NOT be reported): whitespace runs, a byline/date line added, a typo fixed in a word
    outside quotation marks;
  substantive edits (must be reported, with the right change named): a figure in an attributed statement,
    a "said" turned into "alleged", a correction note appended, an attributed sentence deleted.
Also, the baseline in the same run: a plain text diff (any changed character alerts), which is what
character-level change trackers report. Prints rates per edit and the median diff time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.alignment import LedgerDiff, diff  # noqa: E402
from bot.analysis.models import Analysis  # noqa: E402
from bot.watch.check import watch_ledger  # noqa: E402
from bot.analysis.sentences import sentences  # noqa: E402
from bot.reading.article import Article  # noqa: E402

Edit = Callable[[str, Analysis, random.Random], str | None]  # None: this page has nothing to edit that way
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def whitespace(text: str, _: Analysis, rng: random.Random) -> str:
    return re.sub(r"\. ", lambda m: ".  " if rng.random() < 0.5 else ". ", text).replace("\n\n", " \n\n", 3)


def byline(text: str, _: Analysis, rng: random.Random) -> str:
    return f"By Staff Reporter | Updated {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} GMT\n\n{text}"


def typo_fixed(text: str, _: Analysis, rng: random.Random) -> str | None:
    """The original has a typo that the new version fixes: the old text gets two letters swapped."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    words = [m for m in re.finditer(r"\b[a-z]{7,}\b", unquoted)]
    if not words:
        return None
    word = rng.choice(words)
    i = rng.randrange(1, len(word.group(0)) - 2)
    w = word.group(0)
    swapped = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return text[:word.start()] + swapped + text[word.end():]


def figure_changed(text: str, analysis: Analysis, rng: random.Random) -> str | None:
    with_numbers = [a for a in analysis.attributions if re.search(r"\b\d+\b", a.content)]
    if not with_numbers:
        return None
    target = rng.choice(with_numbers)
    number = next(re.finditer(r"\b\d+\b", text[target.start:target.end]))
    at = target.start + number.start()
    return text[:at] + str(int(number.group(0)) + 7) + text[at + len(number.group(0)):]


def cue_changed(text: str, analysis: Analysis, rng: random.Random) -> str | None:
    """A "said" that is an attribution's cue: in the statement's sentence, outside the statement itself."""
    spans = sentences(text)
    said = []
    for a in analysis.attributions:
        sentence = next((s for s in spans if s.start <= a.start < s.end), None)
        if a.cue == "said" and sentence is not None:
            said += [m for m in re.finditer(r"\bsaid\b", text[:sentence.end]) if m.start() >= sentence.start
                     and not a.start <= m.start() < a.end]
    if not said:
        return None
    match = rng.choice(said)
    return text[:match.start()] + "alleged" + text[match.end():]


def correction_note(text: str, _: Analysis, rng: random.Random) -> str:
    return text + "\n\nCorrection: An earlier version of this article misstated a figure."


def sentence_deleted(text: str, analysis: Analysis, rng: random.Random) -> str | None:
    spans = sentences(text)
    attributed = [s for s in spans if any(s.start <= a.start < s.end for a in analysis.attributions)]
    if not attributed:
        return None
    span = rng.choice(attributed)
    return text[:span.start] + text[span.end:]


COSMETIC: dict[str, Edit] = {"whitespace": whitespace, "byline and date line": byline, "typo fixed": typo_fixed}
SUBSTANTIVE: dict[str, tuple[Edit, Callable[[LedgerDiff], bool]]] = {
    "figure changed": (figure_changed, lambda d: any("figure" in p.changes for p in d.pairs)),
    "said → alleged": (cue_changed, lambda d: any("cue" in p.changes for p in d.pairs)),
    "correction note": (correction_note, lambda d: bool(d.notes_added)),
    "attributed sentence deleted": (sentence_deleted, lambda d: any(p.kind == "only_a" for p in d.pairs)),
}


def ledger(text: str, url: str) -> Analysis:
    """Built as the correction watch builds it."""
    return watch_ledger(Article(url=url, title="t", text=text, word_count=len(text.split())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=ROOT.parent / "shared" / "bench" / "extraction")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    gold = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [(k, v["articleBody"]) for k, v in sorted(gold.items()) if len(v["articleBody"].split()) >= 50]
    pages = pages[:args.limit] if args.limit else pages
    rng = random.Random(args.seed)
    rows: dict[str, list[int]] = {}  # edit -> [pages, ours right, text diff right]
    timings: list[float] = []
    for key, text in pages:
        original = ledger(text, key)
        for name, edit in COSMETIC.items():
            # the typo edit makes the *old* version; the others make the new one
            edited = edit(text, original, rng)
            if edited is None:
                continue
            before, after = (ledger(edited, key), original) if name == "typo fixed" else (original, ledger(edited, key))
            started = time.perf_counter()
            result = diff(before, after)
            timings.append(time.perf_counter() - started)
            row = rows.setdefault(name, [0, 0, 0])
            row[0] += 1
            row[1] += not result.substantive
            row[2] += edited == text  # a character diff alerts unless nothing changed
        for name, (edit, detected) in SUBSTANTIVE.items():
            edited = edit(text, original, rng)
            if edited is None:
                continue
            result = diff(original, ledger(edited, key))
            row = rows.setdefault(name, [0, 0, 0])
            row[0] += 1
            row[1] += result.substantive and detected(result)
            row[2] += edited != text
    print(f"{len(pages)} pages (Zyte gold text), seed {args.seed}; median diff time "
          f"{statistics.median(timings) * 1000:.2f} ms (ledgers built beforehand)\n")
    print("| edit | kind | pages | newsbot right | character diff right |")
    print("|---|---|---|---|---|")
    for name, (n, ours, plain) in rows.items():
        kind = "cosmetic: stay quiet" if name in COSMETIC else "substantive: report it"
        print(f"| {name} | {kind} | {n} | {ours / n:.1%} | {plain / n:.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
