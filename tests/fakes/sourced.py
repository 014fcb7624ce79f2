"""An article of our own whose claims link to documents served beside it: one for each source-check verdict.

Shared by tests/test_source_checks.py and bench/source_checks.py. `paths` can point a claim's link elsewhere
(a slow route, a redirect to a private address, the article itself) without writing a new article.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fakes.server import FakeServer, Request

FILLER = ("The council meets again next month to set the timetable, and residents can comment on the plans "
          "at the town hall or online until the end of the consultation period in the spring.")

CLAIMS = {
    # path: (the article's sentence with {link} for the anchor, the anchor text, the document's text)
    "/docs/report": (
        "The housing ministry said in {link} that 4,000 homes were damaged by the flooding in the eastern districts.",
        "its annual report",
        "Flood damage review. Four thousand homes were damaged by the flooding in the eastern districts during "
        "the winter storms. Repairs are expected to take two years. " + FILLER),
    "/docs/statement": (
        "The mayor said in {link} that 400 families were moved into emergency shelters after the river burst its banks.",
        "a statement",
        "Statement from the mayor's office. After the river burst its banks, 4,000 families were moved into "
        "emergency shelters across the city. " + FILLER),
    "/docs/survey": (
        "The fire service said in {link} that volunteers cleared debris from the harbour road within a week.",
        "its latest survey",
        "Annual staffing survey. The service recruited twelve new firefighters this year and opened a training "
        "centre near the airport. Overtime fell compared with last year. " + FILLER),
    "/2026/12/03/harbour-road-reopens": (
        "The Coastal Gazette reported in {link} that the harbour road reopened on Monday after three weeks of repairs.",
        "its story",
        "Harbour road reopens. The harbour road reopened on Monday after three weeks of repairs, the council said, "
        "and buses returned to their usual routes. " + FILLER),
    "/docs/budget": (
        "The finance department said in {link} that the repair fund would grow to 25 million pounds next year.",
        "the budget papers",
        ""),
}


def article_html(links: dict[str, str]) -> str:
    """The article; `links` maps each claim's path to the URL its anchor points at."""
    paragraphs = ["<p>Flooding across the region has left thousands of residents waiting for repairs, "
                  "and officials are under pressure to explain how the money will be spent.</p>"]
    for path, (sentence, anchor, _doc) in CLAIMS.items():
        link = f'<a href="{links[path]}">{anchor}</a>'
        paragraphs.append(f"<p>{sentence.format(link=link)} {FILLER}</p>")
    return ("<html><head><title>Flood repairs: who said what</title></head><body><article>"
            "<h1>Flood repairs: who said what</h1>" + "".join(paragraphs) + "</article></body></html>")


def document_html(title: str, text: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>"


def serve_documents(server: FakeServer, latency: float = 0.0, links: dict[str, str] | None = None) -> str:
    """Routes for the article (at STORY) and its documents; returns the article's URL."""
    def page(body: str, status: int = 200) -> Callable[[Request], None]:
        def route(r: Request) -> None:
            if latency:
                time.sleep(latency)
            r.send(status, body)
        return route

    for path, (_sentence, anchor, text) in CLAIMS.items():
        server.routes[path] = page(document_html(anchor.title(), text)) if text else page("gone", 404)
    chosen = {path: server.url(path) for path in CLAIMS} | (links or {})
    server.routes[STORY] = page(article_html(chosen))
    return server.url(STORY)


STORY = "/2026/12/04/flood-repairs"  # a one-word path on the article's own site would be taken for navigation
EXPECTED = {"/docs/report": "found", "/docs/statement": "differs", "/docs/survey": "not_found",
            "/2026/12/03/harbour-road-reopens": "found", "/docs/budget": "unreadable"}
