"""Source checks, measured: verdict accuracy on our own articles with linked documents served locally, the time
the checks add with 5 documents at 200 ms latency each, and what a hanging link costs.

    python bench/source_checks.py [--runs 5] [--budget 3]

Everything is on loopback (tests/fakes): no internet. Prints a table and a JSON line; docs/source-checks.md
holds the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from bot.analysis import Analysis, Analyzer  # noqa: E402
from bot.analysis.source_checks import SourceChecker  # noqa: E402
from bot.reading import Reader  # noqa: E402
from bot.settings import Settings  # noqa: E402
from fakes.articles import ROUTES, redirect_to  # noqa: E402
from fakes.server import FakeServer, Request  # noqa: E402
from fakes import pdfs  # noqa: E402
from fakes.sourced import CLAIMS, EXPECTED, FILLER, serve_documents  # noqa: E402


def _analyse(settings: Settings, url: str) -> Analysis:
    return Analyzer(settings).analyze(Reader(settings).read_url(url), offline=True)


def _verdicts(analysis: Analysis, server: FakeServer) -> dict[str, str]:
    """Each checked link's verdict, with the page cited for a PDF ("found p.3")."""
    return {c.url.removeprefix(server.base_url): c.verdict + (f" p.{c.page}" if c.page else "")
            for claim in analysis.claims for c in claim.source_checks}


def accuracy(settings: Settings) -> tuple[int, int, list[str]]:
    """Each case: the sourced article with one link pointed somewhere, and the verdict expected for it."""
    cases: list[tuple[str, dict[str, str], dict[str, str]]] = [("base", {}, dict(EXPECTED))]
    variants = {  # replaced link -> (route, handler, expected verdict)
        "private redirect": ("/docs/budget", "/go/private", redirect_to("http://10.0.0.1/"), "unreadable"),
        "redirect loop": ("/docs/budget", "/go/redirect-loop", redirect_to("/go/redirect-loop"), "unreadable"),
        "binary file": ("/docs/survey", "/go/image", ROUTES["/image"], "unreadable"),
        "endless page": ("/docs/survey", "/go/endless", ROUTES["/endless"], "unreadable"),
        "figure as digits": ("/docs/report", "/go/digits", _doc("Figures. In all 4000 homes were damaged by the "
                                                              "flooding in the eastern districts."), "found"),
        "denial": ("/docs/survey", "/go/denial", _doc("Update. Volunteers have not cleared debris from the harbour "
                                                      "road, which stays closed."), "differs"),
        "other language": ("/docs/survey", "/go/german", _doc("Bericht. Freiwillige räumten den Hafenweg innerhalb "
                                                              "einer Woche."), "not_found"),
        "PDF, the claim on page 3": ("/docs/report", "/go/report.pdf", _pdf(_on_page_3(CLAIMS["/docs/report"][2])),
                                     "found p.3"),
        "PDF, a different figure": ("/docs/statement", "/go/statement.pdf",
                                    _pdf(pdfs.build(pdfs.flow([CLAIMS["/docs/statement"][2]]))), "differs p.1"),
        "PDF served as octet-stream": ("/docs/report", "/go/report.bin",
                                       _pdf(_on_page_3(CLAIMS["/docs/report"][2]), "application/octet-stream"),
                                       "found p.3"),
        "scanned PDF": ("/docs/survey", "/go/scan.pdf", _pdf(pdfs.no_text()), "unreadable"),
    }
    mistakes: list[str] = []
    right = total = 0
    with FakeServer() as server:
        for name, (claim_path, route, handler, verdict) in variants.items():
            expected = {p: v for p, v in EXPECTED.items() if p != claim_path}
            expected[route] = verdict
            cases.append((name, {claim_path: route}, expected))
            server.routes[route] = handler
        for name, links, expected in cases:
            url = serve_documents(server, links={p: server.url(r) for p, r in links.items()})
            got = _verdicts(SourceChecker(settings).check(_analyse(settings, url)), server)
            for path, verdict in expected.items():
                total += 1
                if got.get(path) == verdict:
                    right += 1
                else:
                    mistakes.append(f"{name}: {path} expected {verdict}, got {got.get(path)}")
    return right, total, mistakes


def _on_page_3(document_text: str) -> bytes:
    """A report whose first two pages are other sections and whose third holds the document's finding."""
    filler = [f"Section {i}. {FILLER}" for i in range(28)]
    return pdfs.build(pdfs.flow([*filler, document_text.split(". ", 1)[1]], header="Flood review", footer="Ministry"),
                      info={"Title": "Flood damage review"})


def _pdf(body: bytes, content_type: str = "application/pdf"):  # type: ignore[no-untyped-def]
    return lambda r: r.send(200, body, content_type)


def _doc(text: str):  # type: ignore[no-untyped-def]
    body = f"<html><head><title>Doc</title></head><body><article><p>{text}</p></article></body></html>"
    return lambda r: r.send(200, body)


def time_added(settings: Settings, runs: int, latency: float = 0.2) -> list[float]:
    """Seconds the checks add to an analysis whose claims link 5 documents, each answering after `latency`."""
    seconds: list[float] = []
    with FakeServer() as server:
        server.routes["/docs/budget"] = lambda r: (time.sleep(latency), r.send(200, "<p>x</p>"))  # type: ignore[func-returns-value]
        url = serve_documents(server, latency=latency)
        for _ in range(runs):
            analysis = _analyse(settings, url)
            checker = SourceChecker(settings)  # a fresh document cache: every run fetches all 5
            start = time.perf_counter()
            checker.check(analysis)
            seconds.append(time.perf_counter() - start)
            assert sum(len(c.source_checks) for c in analysis.claims) == 5
    return seconds


def hanging_link(settings: Settings) -> float:
    """Seconds the checks add when one link never answers (the others answer at once)."""
    stop = threading.Event()

    def hang(r: Request) -> None:
        stop.wait(120)
    with FakeServer() as server:
        server.routes["/go/hang"] = hang
        url = serve_documents(server, links={"/docs/survey": server.url("/go/hang")})
        analysis = _analyse(settings, url)
        start = time.perf_counter()
        SourceChecker(settings).check(analysis)
        took = time.perf_counter() - start
        stop.set()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget", type=float, default=3.0, help="NEWSBOT_SOURCE_CHECK_SECONDS for the hanging link")
    args = parser.parse_args()
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_MAX_PAGE_BYTES=1_000_000)
    right, total, mistakes = accuracy(settings)
    added = time_added(settings, args.runs)
    budget = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_SOURCE_CHECK_SECONDS=args.budget)
    hang = hanging_link(budget)
    print(f"verdicts right: {right}/{total}" + "".join(f"\n  {m}" for m in mistakes))
    print(f"time added, 5 documents at 200 ms: median {statistics.median(added):.3f} s, "
          f"max {max(added):.3f} s over {len(added)} runs")
    print(f"hanging link, budget {args.budget:g} s: {hang:.3f} s added")
    print(json.dumps({"right": right, "total": total, "added_median": round(statistics.median(added), 3),
                      "added_max": round(max(added), 3), "hanging": round(hang, 3), "budget": args.budget}))
    return 0 if right == total else 1


if __name__ == "__main__":
    raise SystemExit(main())
