"""Reading PDFs: the text and its pages, the furniture dropped, the metadata, and every bad PDF a clear ReadError;
then the same PDFs through the fetcher, the reader and the CLI over real loopback HTTP."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.analysis.models import Claim
from bot.analysis.source_checks import _check, unreadable_reason
from bot.reading import Reader
from bot.reading.article import Article, Link
from bot.reading.errors import (DamagedDocument, EncryptedDocument, FetchTimeout, NotAnArticle, NoTextLayer,
                                ReadError, TooLarge, UndecodableText, UnsupportedContent)
from bot.reading.pdf import STREAM_LIMIT, pdf_date, read_pdf, usable_title
from bot.reading.pdf_text import is_page_number, join_lines
from bot.settings import Settings
from bot.slack.links import is_article_candidate
from fakes import pdfs
from fakes.server import FakeServer
from test_cli_read import newsbot

META = {"Title": "Flood wall: the costs", "Author": "Jane Doe", "CreationDate": "D:20240309120000Z"}
HEADER = "Westhaven Harbour Authority - Annual Report 2024"
FOOTER = "Confidential draft - not for circulation"


def read(data: bytes, **settings: object) -> Article:
    return read_pdf(data, None, Settings(**settings))  # type: ignore[arg-type]


def aligned(article: Article) -> bool:
    return article.paragraph_pages is not None and len(article.paragraph_pages) == len(article.paragraphs)


# --- the text ---------------------------------------------------------------------------------------------------

def test_paragraphs_come_whole_in_order_with_their_pages() -> None:
    article = read(pdfs.report(3, info=META))
    assert aligned(article)
    # every paragraph exactly as written: lines joined, the one broken by a page break joined too
    complete = article.paragraphs[:-1]  # the last page ends mid-paragraph
    assert complete == [pdfs.numbered(i) for i in range(len(complete))]
    assert len(complete) > 20
    pages = article.paragraph_pages or []
    assert pages[0] == 1 and pages[-1] == 3 and pages == sorted(pages)
    assert "\n" not in article.paragraphs[3]


def test_a_paragraph_broken_by_a_page_break_is_given_its_first_page() -> None:
    article = read(pdfs.report(2))
    first_on_page_2 = (article.paragraph_pages or []).index(2)
    straddling = article.paragraphs[first_on_page_2 - 1]
    assert straddling == pdfs.numbered(first_on_page_2 - 1)  # whole, and counted on page 1


@pytest.mark.parametrize("page_number", ["{n}", "Page {n} of {total}", "- {n} -", None])
def test_running_headers_footers_and_page_numbers_are_dropped(page_number: str | None) -> None:
    article = read(pdfs.report(3, page_number=page_number))
    assert HEADER not in article.text and FOOTER not in article.text
    assert not any(is_page_number(p) for p in article.paragraphs)
    kinds = {r.kind for r in article.removed}
    assert {"running_header", "running_footer"} <= kinds
    assert ("page_number" in kinds) == (page_number is not None)


def test_a_line_repeated_in_the_body_stays() -> None:
    """Only the lines at a page's edges can be furniture: a refrain in the middle of pages is text."""
    refrain = "The wall will be built."
    pages = [pdfs.Page([pdfs.Line(f"Page {n} opens with its own words.", 720), pdfs.Line(refrain, 600),
                        pdfs.Line(f"Page {n} closes with its own words.", 100)]) for n in (1, 2, 3)]
    assert read(pdfs.build(pages)).text.count(refrain) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("3", True), ("- 12 -", True), ("Page 3 of 10", True), ("page 4", True), ("3 / 10", True), ("iv", True),
    ("Seite 2 von 9", True), ("2024", True), ("3 homes", False), ("Page three of the report", False),
])
def test_page_number_lines(text: str, expected: bool) -> None:
    assert is_page_number(text) is expected


def test_hyphenated_line_ends_are_rejoined() -> None:
    assert join_lines(["The gov-", "ernment said the flood-", "wall would cost 2020-", "2024 money."]) == \
        "The government said the floodwall would cost 2020- 2024 money."
    article = read(pdfs.one_page(["The council said the gov-", "ernment had not been told of the plan until the",
                                  "day it was announced."]))
    assert article.paragraphs == ["The council said the government had not been told of the plan until the day it "
                                  "was announced."]


def test_indented_first_lines_mark_paragraphs_without_any_gap() -> None:
    paragraphs = pdfs.PARAGRAPHS[:4]
    article = read(pdfs.build(pdfs.flow(paragraphs, indent=18, gap=0, page_number=None)))
    assert article.paragraphs == paragraphs


def test_gaps_mark_paragraphs_without_any_indent() -> None:
    paragraphs = pdfs.PARAGRAPHS[:4]
    article = read(pdfs.build(pdfs.flow(paragraphs, page_number=None)))
    assert article.paragraphs == paragraphs


def test_a_table_comes_out_readable() -> None:
    article = read(pdfs.table())
    assert aligned(article)
    for cell in ("District", "Homes", "Lower town", "2,100", "18.5m", "Ferry terminal", "10.5m"):
        assert cell in article.text
    assert article.text.index("Lower town") < article.text.index("Old quarter") < article.text.index("Engineers")


def test_two_columns_come_out_readable_left_column_first() -> None:
    article = read(pdfs.two_columns())
    assert aligned(article)
    words = " ".join(pdfs.PARAGRAPHS[:4]).split()
    assert set(words) <= set(article.text.split())
    assert article.text.index("Margaret Hale") < article.text.index("Engineers at the authority")


# --- the metadata ------------------------------------------------------------------------------------------------

def test_title_date_and_author_from_the_metadata() -> None:
    article = read(pdfs.report(2, info=META))
    assert (article.title, article.published, article.authors) == ("Flood wall: the costs", "2024-03-09", ["Jane Doe"])


def test_without_a_usable_title_the_first_short_line_is_the_title() -> None:
    for info in (None, {"Title": "Microsoft Word - draft3.docx", "Author": "jsmith"}):
        article = read(pdfs.report(2, info=info, heading="Harbour wall costs double"))
        assert article.title == "Harbour wall costs double"
        assert article.paragraphs[0] == pdfs.numbered(0)  # the heading is not also the first paragraph
        assert article.authors == [] and aligned(article)


def test_the_modification_date_stands_in_for_a_missing_creation_date() -> None:
    article = read(pdfs.report(1, info={"ModDate": "D:20231231"}))
    assert article.published == "2023-12-31"


@pytest.mark.parametrize(("value", "expected"), [
    ("D:20240309120000Z", "2024-03-09"), ("D:20240309120000+01'00'", "2024-03-09"), ("20240309", "2024-03-09"),
    ("D:2024", "2024-01-01"), ("D:20241399", None), ("yesterday", None), ("", None), (None, None),
])
def test_pdf_dates(value: str | None, expected: str | None) -> None:
    assert pdf_date(value) == expected


@pytest.mark.parametrize(("title", "usable"), [
    ("Flood wall report", True), ("Untitled", False), ("report_final_v3.pdf", False),
    ("Microsoft Word - minutes.docx", False), ("  ", False), ("2024", False),
])
def test_usable_titles(title: str, usable: bool) -> None:
    assert (usable_title(title) is not None) is usable


# --- what cannot be read -----------------------------------------------------------------------------------------

BAD: dict[str, tuple[Callable[[], bytes], type[ReadError], str]] = {
    "scanned": (pdfs.no_text, NoTextLayer, "the PDF has no text layer (it looks scanned), so there is nothing to read"),
    "5 MB of images": (pdfs.images_only, NoTextLayer, "no text layer"),
    "a scan stamped with page numbers": (pdfs.stamped_scan, NoTextLayer, "no text layer"),
    "private-use glyphs": (pdfs.private_use, UndecodableText, "the PDF's text could not be decoded"),
    "password": (lambda: pdfs.encrypted(pdfs.report(1)), EncryptedDocument, "protected by a password"),
    "truncated": (lambda: pdfs.truncated(pdfs.report(2)), DamagedDocument, "the PDF is damaged or incomplete"),
    "cut at the end": (lambda: pdfs.truncated(pdfs.report(2), 0.95), DamagedDocument, "damaged or incomplete"),
    "magic bytes only": (lambda: b"%PDF-1.4 ...", DamagedDocument, "damaged or incomplete"),
    "a stream inflating past the cap": (lambda: pdfs.inflating(STREAM_LIMIT + 1), TooLarge, "too large or too complex"),
    "nested in the page": (pdfs.nested, DamagedDocument, "PDF"),
    "nested in the text": (lambda: pdfs.nested(where="content"), DamagedDocument, "nested too deeply"),
}


@pytest.mark.parametrize("case", BAD)
def test_every_bad_pdf_is_a_clear_read_error(case: str) -> None:
    build, error, message = BAD[case]
    data = build()
    with pytest.raises(error) as raised:
        read(data)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_an_empty_user_password_opens_the_pdf() -> None:
    article = read(pdfs.encrypted(pdfs.report(2, info=META), user_password=""))
    assert article.title == "Flood wall: the costs"
    assert article.paragraphs[0] == pdfs.numbered(0)


def test_the_images_only_pdf_is_near_the_page_size_limit() -> None:
    assert 4_000_000 < len(pdfs.images_only()) <= Settings().max_page_bytes


def test_a_page_bomb_is_read_up_to_the_page_limit_and_says_so() -> None:
    article = read(pdfs.page_bomb())  # 5000 pages, the default limit
    assert max(article.paragraph_pages or [0]) <= Settings().max_pdf_pages
    assert any(r.kind == "unread_pages" and r.text == "only the first 300 of 5000 pages were read"
               for r in article.removed)
    smaller = read(pdfs.page_bomb(), NEWSBOT_MAX_PDF_PAGES=20)
    assert "only the first 20 of 5000 pages were read" in [r.text for r in smaller.removed]


def test_reading_stops_once_the_text_passes_the_page_size_limit() -> None:
    article = read(pdfs.report(3), NEWSBOT_MAX_PAGE_BYTES=2000)
    assert set(article.paragraph_pages or []) == {1}
    assert "only the first 1 of 3 pages were read" in [r.text for r in article.removed]


def test_reading_stops_at_the_time_limit() -> None:
    with pytest.raises(FetchTimeout, match="the PDF took longer than 1e-06 s to read"):
        read(pdfs.report(2), NEWSBOT_FETCH_TIMEOUT=0.000001)


# --- the rest of the bot -----------------------------------------------------------------------------------------

def test_source_checks_cite_the_page_of_a_pdf_and_no_page_for_a_web_page() -> None:
    minutes = [f"Item {i}: the committee noted the minutes of meeting {i} and approved them without any changes."
               for i in range(30)]
    document = read(pdfs.build(pdfs.flow([*minutes, pdfs.PARAGRAPHS[2]])))
    claim = Claim(claim="Four thousand homes would be protected once the wall was built.")
    link = Link(text="the report", url="http://docs.test/r", paragraph=0)
    check = _check(claim, link, document, 20)
    assert (check.verdict, check.kind, check.page) == ("found", "pdf", 2)
    assert (document.paragraph_pages or [])[-1] == 2
    page = Article(text=document.text)
    assert page.paragraph_pages is None
    assert (_check(claim, link, page, 20).kind, _check(claim, link, page, 20).page) == ("page", None)


def test_a_claim_is_found_on_its_page_of_a_pdf_linked_from_an_article(settings: Settings) -> None:
    """End to end over loopback: the article links to a PDF report; the check cites the page the claim is on."""
    from bot.analysis import Analyzer
    from bot.analysis.source_checks import SourceChecker
    from fakes.sourced import CLAIMS, FILLER, serve_documents

    finding = CLAIMS["/docs/report"][2].split(". ", 1)[1]  # "Four thousand homes were damaged ..."
    report = pdfs.build(pdfs.flow([f"Section {i}. {FILLER}" for i in range(20)] + [finding], header="Flood review",
                                  footer="Housing ministry"), info={"Title": "Flood damage review"})
    with FakeServer({"/docs/report.pdf": lambda r: r.send(200, report, "application/pdf")}) as server:
        url = serve_documents(server, links={"/docs/report": server.url("/docs/report.pdf")})
        analysis = Analyzer(settings).analyze(Reader(settings).read_url(url), offline=True)
        SourceChecker(settings).check(analysis)
    checks = [c for claim in analysis.claims for c in claim.source_checks if c.url.endswith("/docs/report.pdf")]
    assert [(c.kind, c.verdict, c.page, c.title) for c in checks] == [("pdf", "found", 2, "Flood damage review")]


@pytest.mark.parametrize(("case", "reason"), [("scanned", "a scan with no text to read"),
                                               ("password", "password-protected"), ("truncated", "a damaged PDF")])
def test_an_unreadable_linked_pdf_has_a_short_reason_under_the_claim(case: str, reason: str) -> None:
    build, error, _ = BAD[case]
    with pytest.raises(error) as raised:
        read(build())
    assert unreadable_reason(raised.value) == reason


def test_slack_links_to_pdfs_are_read_and_archives_still_skipped() -> None:
    assert is_article_candidate("https://council.example/reports/flood-wall.PDF")
    assert not is_article_candidate("https://council.example/reports/flood-wall.zip")


ROUTES = {
    "/report.pdf": lambda r: r.send(200, pdfs.report(2, info=META), "application/pdf"),
    "/x-pdf": lambda r: r.send(200, pdfs.report(2, info=META), "application/x-pdf"),
    "/octet": lambda r: r.send(200, pdfs.report(2, info=META), "application/octet-stream"),
    "/untyped": lambda r: r.send(200, pdfs.report(2, info=META), ""),
    "/labelled-html": lambda r: r.send(200, pdfs.report(2, info=META), "text/html; charset=utf-8"),
    "/login.pdf": lambda r: r.send(200, "<html><body><p>Please log in to see this document.</p></body></html>",
                                   "application/pdf"),
    "/scan.pdf": lambda r: r.send(200, pdfs.no_text(), "application/pdf"),
    "/locked.pdf": lambda r: r.send(200, pdfs.encrypted(pdfs.report(1)), "application/pdf"),
    "/short.pdf": lambda r: r.send(200, pdfs.one_page(["Agenda", "Item 1: minutes."]), "application/pdf"),
}


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with FakeServer(ROUTES) as srv:
        yield srv


@pytest.mark.parametrize("path", ["/report.pdf", "/x-pdf", "/octet", "/untyped", "/labelled-html"])
def test_a_pdf_is_read_however_it_is_served(settings: Settings, server: FakeServer, path: str) -> None:
    article = Reader(settings).read(server.url(path))
    assert (article.title, article.url, article.outlet) == ("Flood wall: the costs", server.url(path), "127.0.0.1")
    assert article.paragraphs[0] == pdfs.numbered(0) and aligned(article)
    assert "application/pdf" in server.requests_to(path)[-1].headers["accept"]


@pytest.mark.parametrize(("path", "error", "message"), [
    ("/login.pdf", UnsupportedContent, "the link claims to be a PDF but is not one"),
    ("/scan.pdf", NoTextLayer, "no text layer"),
    ("/locked.pdf", EncryptedDocument, "password"),
    ("/short.pdf", NotAnArticle, "too little text"),  # the same gate as a web page
])
def test_unreadable_pdfs_over_http(settings: Settings, server: FakeServer, path: str, error: type[ReadError],
                                   message: str) -> None:
    with pytest.raises(error, match=message):
        Reader(settings).read(server.url(path))


def test_a_local_pdf_and_a_pdf_on_stdin(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.report(2, info=META))
    reader = Reader(settings)
    from_file = reader.read(str(path))
    from_stdin = reader.read("-", stdin=io.BytesIO(path.read_bytes()))
    assert from_file.title == from_stdin.title == "Flood wall: the costs"
    assert from_file.paragraph_pages == from_stdin.paragraph_pages


def test_cli_read_a_pdf_link_as_json(server: FakeServer, tmp_path: Path) -> None:
    result = newsbot("read", server.url("/report.pdf"), "--json", env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"},
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["title"], data["published"], data["authors"]) == ("Flood wall: the costs", "2024-03-09", ["Jane Doe"])
    assert len(data["paragraph_pages"]) == len([p for p in data["text"].split("\n\n") if p.strip()])
    assert HEADER not in data["text"]


def test_cli_read_a_local_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdfs.report(2, info=META))
    result = newsbot("read", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Flood wall: the costs\n")
    assert pdfs.numbered(1) in result.stdout


def test_cli_analyze_a_pdf_link(server: FakeServer, tmp_path: Path) -> None:
    result = newsbot("analyze", server.url("/report.pdf"), "--format", "json", "--no-source-checks",
                     env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["backend"] == "offline"
    assert data["article"]["title"] == "Flood wall: the costs"
    assert "Margaret Hale" in json.dumps(data["attributions"]) + json.dumps(data["claims"])


def test_cli_an_unreadable_pdf_is_one_clear_line(server: FakeServer, tmp_path: Path) -> None:
    result = newsbot("read", server.url("/locked.pdf"), env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"},
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "protected by a password" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
