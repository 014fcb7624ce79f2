#!/usr/bin/env python3
"""The model path against a real OpenAI-compatible endpoint: prompt v1 (copy everything) vs v2 (cite by number).

Usage:
  OPENAI_BASE_URL=http://127.0.0.1:8080/v1 OPENAI_API_KEY=local NEWSBOT_MODEL=local \
      python bench/model_path.py [ARTICLE.txt ...] [--versions 1,2]

Articles default to the shared seed (../shared/seed/*.txt), read in place. For each article and prompt version,
in the same run: prompt and completion tokens as the endpoint reports them, wall time, whether the analysis
fell back or failed, quotes or statements shown that are not in the article (must be 0), and the warnings.
For the seed article it also checks issue 9's six key sources: found, and of the right kind.
Both versions get the same budgets (NEWSBOT_MAX_ARTICLE_TOKENS=6000, NEWSBOT_MAX_OUTPUT_TOKENS=4000 unless set),
so the comparison is the prompt alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.analysis.errors import ModelError  # noqa: E402
from bot.analysis.model.llm import ModelClient  # noqa: E402
from bot.analysis.model.model_analysis import analyze_with_model  # noqa: E402
from bot.analysis.models import Analysis  # noqa: E402
from bot.analysis.quotes import NormalisedText  # noqa: E402
from bot.analysis.model.source_check import key  # noqa: E402
from bot.reading.article import Article  # noqa: E402
from bot.reading.cleaning import clean_plain_text  # noqa: E402
from bot.settings import Settings  # noqa: E402

SEED_DIR = ROOT.parent / "shared" / "seed"
# Issue 9's acceptance list for the seed article (what a reader of the article would list), not an answer key
# the code sees: the bench only compares the finished analysis against it.
SEED_KEY_SOURCES = {"Ukrainian security services": "organisation", "Victor Andrusiv": "person",
                    "Centre for Defence Strategies": "organisation", "Ukraine's armed forces": "organisation",
                    "Ministry of Defence": "organisation", "Mail": "outlet"}


def load(path: Path) -> Article:
    cleaned = clean_plain_text(path.read_text(encoding="utf-8"))
    return Article(title=cleaned.title, text=cleaned.text, word_count=len(cleaned.text.split()),
                   removed=cleaned.removed)


def not_in_article(analysis: Analysis) -> int:
    """Quotes and statements the reply would show as the article's words but that are not in it."""
    index = NormalisedText(analysis.article.text)
    shown = [c.quote for c in analysis.claims if c.grounded] + [a.content for a in analysis.attributions]
    return sum(1 for text in shown if text and index.find(text) is None)


def key_sources(analysis: Analysis) -> tuple[int, int, list[str]]:
    """(found, found with the right kind, what was missed or mistyped) against SEED_KEY_SOURCES."""
    items = [(a.source, a.source_type) for a in analysis.attributions] + [
        (c.source, c.source_type) for c in analysis.claims if c.source]
    found = right = 0
    problems = []
    for name, kind in SEED_KEY_SOURCES.items():
        kinds = {k for source, k in items if key(name) in key(source)}
        found += bool(kinds)
        right += kind in kinds
        if kind not in kinds:
            problems.append(f"{name}: {'/'.join(sorted(kinds)) or 'missing'}")
    return found, right, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("--versions", default="1,2")
    args = parser.parse_args()
    paths = args.articles or sorted(SEED_DIR.glob("*.txt"))
    versions = [int(v) for v in args.versions.split(",")]
    env = {"NEWSBOT_MAX_ARTICLE_TOKENS": "6000", "NEWSBOT_MAX_OUTPUT_TOKENS": "4000", **os.environ}
    base = Settings.from_env(env, env_file=None)
    if not base.llm_enabled or not base.openai_base_url:
        print("set OPENAI_BASE_URL and OPENAI_API_KEY (any value for a local server)", file=sys.stderr)
        return 2
    print(f"endpoint {base.openai_base_url} ({base.llm_endpoint}), model {base.model}, timeout {base.llm_timeout:g} s")
    print("| article | prompt | prompt tokens | completion tokens | wall s | result | not in article | "
          "key sources (found / right kind) | warnings |")
    print("|---|---|---|---|---|---|---|---|---|")
    totals: dict[int, list[int]] = {v: [0, 0] for v in versions}
    for path in paths:
        article = load(path)
        for version in versions:
            settings = base.model_copy(update={"prompt_version": version})
            started = time.perf_counter()
            try:
                analysis = analyze_with_model(article, ModelClient(settings), settings.max_article_tokens)
            except ModelError as exc:
                print(f"| {path.stem} | v{version} | – | – | {time.perf_counter() - started:.0f} | failed: {exc} "
                      "| – | – | – |")
                continue
            wall = time.perf_counter() - started
            usage = analysis.usage
            prompt, completion = (usage.prompt_tokens, usage.completion_tokens) if usage else (0, 0)
            totals[version][0] += prompt
            totals[version][1] += completion
            found, right, problems = key_sources(analysis) if path.parent == SEED_DIR else (0, 0, [])
            sources = f"{found}/6, {right}/6" + (f" ({'; '.join(problems)})" if problems else "") \
                if path.parent == SEED_DIR else "–"
            warnings = " / ".join(w[:90] for w in analysis.warnings) or "none"
            print(f"| {path.stem} | v{version} | {prompt} | {completion} | {wall:.0f} | "
                  f"{len(analysis.claims)} claims, {len(analysis.attributions)} attributions | "
                  f"{not_in_article(analysis)} | {sources} | {warnings} |", flush=True)
    if 1 in totals and 2 in totals and totals[1][1]:
        print(f"\nv2 completion tokens = {100 * totals[2][1] / totals[1][1]:.0f}% of v1's; "
              f"prompt tokens = {100 * totals[2][0] / max(1, totals[1][0]):.0f}% of v1's")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
