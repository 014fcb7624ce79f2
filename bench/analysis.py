#!/usr/bin/env python3
"""Analysis pipeline cost on the extraction benchmark pages, with a fake model at a fixed latency.

Usage: python bench/analysis.py ../shared/bench/extraction [--latency 0.2] [--limit N]

For each page: read the HTML into an Article, analyse it through the real openai client against a local
fake OpenAI-compatible server (which sleeps --latency seconds, then answers with a grounded ledger), check
the quotes and render the Slack reply. Reports, per article:
  - pipeline overhead: everything except the model call (time inside the HTTP transport is the model call),
    with and without the extraction step;
  - prompt size (characters/4, since tiktoken cannot download its tables offline) against the article size;
  - the offline analyzer's own time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import httpx2
import openai

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from bot.analysis.model.llm import ModelClient  # noqa: E402
from bot.analysis.attribution import find_attributions  # noqa: E402
from bot.analysis.model.model_analysis import analyze_with_model, build_messages  # noqa: E402
from bot.analysis.numbering import number_article  # noqa: E402
from bot.analysis.offline import analyze_offline  # noqa: E402
from bot.reading import Reader  # noqa: E402
from bot.reading.errors import ReadError  # noqa: E402
from bot.rendering import render_slack  # noqa: E402
from bot.settings import Settings  # noqa: E402
from fakes.openai_server import FakeOpenAI  # noqa: E402


class TimedTransport(httpx2.HTTPTransport):
    """Counts the seconds spent on the wire to the model: that is the model call, not our overhead."""

    seconds = 0.0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.perf_counter()
        response = super().handle_request(request)
        response.read()
        TimedTransport.seconds += time.perf_counter() - started
        return response


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--latency", type=float, default=0.2, help="fake model latency, seconds")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit or None]

    with FakeOpenAI(latency=args.latency) as fake:
        settings = Settings(OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=fake.base_url, NEWSBOT_MODEL="bench-model",
                            NEWSBOT_LLM_ENDPOINT="hosted")  # the fake stands in for a hosted API: its budgets
        client = openai.OpenAI(api_key="sk-bench", base_url=fake.base_url, max_retries=0,
                               http_client=httpx2.Client(transport=TimedTransport(), timeout=30))
        model = ModelClient(settings, client)
        reader = Reader(settings)
        overhead_all, overhead_analysis, offline_ms, prompt_ratio, prompt_tokens, article_tokens = [], [], [], [], [], []
        skipped = 0
        for key in keys:
            body = gzip.decompress((args.dataset / "html" / f"{key}.html.gz").read_bytes())
            started = time.perf_counter()
            try:
                article = reader.from_bytes(body, url=truth[key]["url"], is_html=True)
            except ReadError:
                skipped += 1
                continue
            read_done = time.perf_counter()
            TimedTransport.seconds = 0.0
            analysis = analyze_with_model(article, model, settings.max_article_tokens)
            render_slack(analysis)
            finished = time.perf_counter()
            overhead_all.append((finished - started - TimedTransport.seconds) * 1000)
            overhead_analysis.append((finished - read_done - TimedTransport.seconds) * 1000)

            numbered = number_article(article.text, find_attributions(article.text), settings.max_article_tokens)
            messages = build_messages(article, numbered)  # prompt v2, the default
            prompt_chars = sum(len(m["content"]) for m in messages)
            prompt_tokens.append(prompt_chars / 4)
            article_tokens.append(len(article.text) / 4)
            prompt_ratio.append(prompt_chars / max(1, len(article.text)))

            t0 = time.perf_counter()
            analyze_offline(article)
            offline_ms.append((time.perf_counter() - t0) * 1000)

    n = len(overhead_all)
    print(f"{n} articles ({skipped} refused by the reader), fake model latency {args.latency:.2f} s")
    print("| measure | median | p90 | max |")
    print("|---|---|---|---|")
    for label, values, unit in (
        ("pipeline overhead, read + analyse + render (ms)", overhead_all, ""),
        ("pipeline overhead, analyse + render only (ms)", overhead_analysis, ""),
        ("offline analyzer (ms)", offline_ms, ""),
        ("article size (tokens ≈ chars/4)", article_tokens, ""),
        ("prompt size (tokens ≈ chars/4, messages only)", prompt_tokens, ""),
        ("prompt / article size", prompt_ratio, "x"),
    ):
        print(f"| {label} | {statistics.median(values):.1f}{unit} | {percentile(values, 0.9):.1f}{unit} | {max(values):.1f}{unit} |")
    schema_chars = len(json.dumps(fake.requests[0]["response_format"])) if fake.requests else 0
    print(f"The JSON schema sent with each request adds ≈{schema_chars / 4:.0f} tokens (response_format).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
