#!/usr/bin/env python3
"""Time the PDF reader on a 100-page report, beside plain pypdf text extraction of the same file.

Usage: python bench/pdf.py [--pages 100] [--runs 5]

The report is built in this run by tests/fakes/pdfs.py (the tests' PDF builder): numbered paragraphs of news
prose set in 11 pt Helvetica, a running header, footer and page number on every page, document metadata.
"ours" is `bot.reading.pdf.read_pdf` (lines with positions, furniture out, paragraphs with pages, metadata);
the baseline is `pypdf.PdfReader(...).pages[i].extract_text()` over every page. Time is CPU time
(time.process_time; wall-clock beside it), the median of `--runs`; peak memory is tracemalloc's peak for one
more run of each, so it counts Python allocations (pypdf's included), not the interpreter's own footprint.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from fakes import pdfs  # noqa: E402  (the tests' builder: one definition of the PDFs read)

from bot.reading.pdf import read_pdf  # noqa: E402
from bot.settings import Settings  # noqa: E402


def baseline(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def ours(data: bytes) -> str:
    return read_pdf(data, None, Settings()).text


def measure(read: Callable[[bytes], str], data: bytes, runs: int) -> tuple[float, float, float, int]:
    """(median CPU seconds, median wall seconds, peak MB under tracemalloc, words read)."""
    times, walls = [], []
    for _ in range(runs):
        started, wall = time.process_time(), time.perf_counter()
        text = read(data)
        times.append(time.process_time() - started)
        walls.append(time.perf_counter() - wall)
    tracemalloc.start()
    read(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), statistics.median(walls), peak / 1e6, len(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = pdfs.report(args.pages, info={"Title": "Harbour wall annual report", "Author": "Jane Doe",
                                         "CreationDate": "D:20240309120000Z"})
    article = read_pdf(data, None, Settings())
    print(f"{args.pages}-page report, {len(data) / 1e6:.2f} MB; ours: {len(article.paragraphs)} paragraphs, "
          f"{len(article.removed)} kinds of furniture removed, pages {min(article.paragraph_pages or [0])}-"
          f"{max(article.paragraph_pages or [0])}")
    print(f"{'reader':<26}{'CPU s':>8}{'wall s':>8}{'ms/page':>9}{'peak MB':>9}{'words':>8}")
    for name, read in (("ours (bot/reading/pdf.py)", ours), ("pypdf extract_text", baseline)):
        seconds, wall, peak, words = measure(read, data, args.runs)
        print(f"{name:<26}{seconds:>8.3f}{wall:>8.3f}{1000 * seconds / args.pages:>9.1f}{peak:>9.1f}{words:>8}")
    bomb = pdfs.page_bomb()
    seconds, wall, peak, words = measure(ours, bomb, 1)
    print(f"and a 5000-page bomb ({len(bomb) / 1e6:.2f} MB), read to the {Settings().max_pdf_pages}-page limit: "
          f"{seconds:.2f} s CPU, {peak:.1f} MB peak, {words} words")


if __name__ == "__main__":
    main()
