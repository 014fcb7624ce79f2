"""Source checks over real loopback HTTP: an article of our own whose claims link to documents served beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.analysis import Analysis, Analyzer
from bot.analysis.models import Claim, SourceCheck
from bot.analysis.source_checks import SourceChecker, _check
from bot.analysis.source_match import judge
from bot.reading import Reader
from bot.reading.article import Article, Link
from bot.rendering import render_markdown, render_text
from bot.rendering.slack import render_slack
from bot.settings import Settings
from fakes.articles import ROUTES, redirect_to
from fakes.server import FakeServer
from fakes.sourced import EXPECTED, FILLER, STORY, serve_documents
from test_cli_read import newsbot


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


def analyse(settings: Settings, url: str) -> Analysis:
    return Analyzer(settings).analyze(Reader(settings).read_url(url), offline=True)


def checks_by_path(analysis: Analysis, server: FakeServer) -> dict[str, SourceCheck]:
    return {check.url.removeprefix(server.base_url): check for claim in analysis.claims for check in claim.source_checks}


def test_each_verdict(settings: Settings, server: FakeServer) -> None:
    analysis = SourceChecker(settings).check(analyse(settings, serve_documents(server)))
    checks = checks_by_path(analysis, server)
    assert {path: check.verdict for path, check in checks.items()} == EXPECTED
    found = checks["/docs/report"]
    assert found.evidence and found.evidence.startswith("Four thousand homes were damaged")
    assert found.kind == "page" and found.title == "Its Annual Report"
    assert checks["/docs/statement"].detail == "says 4,000 families; the article says 400 families"
    assert checks["/docs/survey"].evidence is None
    assert checks["/docs/budget"].detail == "HTTP 404"
    assert analysis.sources_checked


def test_every_format_has_one_line_per_check(settings: Settings, server: FakeServer) -> None:
    analysis = SourceChecker(settings).check(analyse(settings, serve_documents(server)))
    text = render_text(analysis, width=400)
    assert "✓ in the linked annual report: “Four thousand homes were damaged" in text
    assert "≠ the linked statement says 4,000 families; the article says 400 families" in text
    assert "✗ not found in the linked survey" in text
    assert "? the linked budget papers could not be read (HTTP 404)" in text
    markdown = render_markdown(analysis)
    assert "≠ the linked statement says 4,000 families" in markdown
    slack = json.dumps(render_slack(analysis).blocks, ensure_ascii=False)
    assert "? the linked budget papers could not be read (HTTP 404)" in slack
    data = json.loads(analysis.model_dump_json())
    check = next(c for claim in data["claims"] for c in claim["source_checks"])
    assert {"url", "title", "kind", "verdict", "evidence", "page", "detail"} <= check.keys()


@pytest.mark.parametrize(("claim", "document"), [
    ("4,000 homes were damaged by the flooding", "In all 4000 homes were damaged by the flooding."),
    ("4000 homes were damaged by the flooding", "Four thousand homes were damaged by the flooding."),
    ("four thousand homes were damaged by the flooding", "Some 4,000 homes were damaged by the flooding."),
    ("The fund grows by 1.5 million pounds", "The fund grows by £1,500,000 pounds in all."),
    ("Turnout fell to 40 per cent in the district", "Turnout fell to 40% in the district."),
])
def test_figures_written_differently_are_one_figure(claim: str, document: str) -> None:
    assert judge(claim, "", "Introduction to the figures. " + document).verdict == "found"


def test_a_negation_differs() -> None:
    match = judge("The ministry approved the new flood wall plan", "",
                  "Background. The ministry has not approved the new flood wall plan.")
    assert match.verdict == "differs" and match.detail and match.detail.startswith("denies it")


def test_a_document_in_another_language_is_not_found() -> None:
    match = judge("4,000 homes were damaged by the flooding", "",
                  "Im Osten wurden durch das Hochwasser viertausend Häuser beschädigt. Die Reparaturen dauern.")
    assert match.verdict == "not_found"


def test_redirect_to_a_private_address_is_unreadable(settings: Settings, server: FakeServer) -> None:
    server.routes["/go/hop"] = redirect_to("http://10.0.0.1/report")
    url = serve_documents(server, links={"/docs/report": server.url("/go/hop")})
    checks = checks_by_path(SourceChecker(settings).check(analyse(settings, url)), server)
    assert checks["/go/hop"].verdict == "unreadable" and checks["/go/hop"].detail == "refused address"
    assert checks["/docs/statement"].verdict == "differs"  # the others are still checked


def test_a_link_back_to_the_same_article_is_not_fetched(settings: Settings, server: FakeServer) -> None:
    """The reader drops a link to the page's own URL; the same article under another spelling is caught here."""
    url = serve_documents(server, links={"/docs/report": server.url(STORY + "/")})
    analysis = analyse(settings, url)
    assert [link.url for link in analysis.claims[1].links] == [url + "/"]  # the link is there, as the article put it
    SourceChecker(settings).check(analysis)
    assert len(server.requests_to(STORY)) == 1 and not server.requests_to(STORY + "/")  # the article's own read
    assert analysis.claims[1].source_checks == []
    assert len(checks_by_path(analysis, server)) == len(EXPECTED) - 1


def test_two_claims_linking_one_document_fetch_it_once(settings: Settings, server: FakeServer) -> None:
    report = server.url("/docs/report")
    url = serve_documents(server, links={"/docs/statement": report})
    analysis = SourceChecker(settings).check(analyse(settings, url))
    assert len(server.requests_to("/docs/report")) == 1
    verdicts = [check.verdict for claim in analysis.claims for check in claim.source_checks if check.url == report]
    assert verdicts == ["found", "not_found"]  # each claim judged against the one copy


def test_a_slow_link_costs_only_its_own_line(server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_SOURCE_CHECK_SECONDS=1)
    server.routes["/bad/stall"] = ROUTES["/stall"]  # answers after 5 s
    url = serve_documents(server, links={"/docs/survey": server.url("/bad/stall")})
    checks = checks_by_path(SourceChecker(settings).check(analyse(settings, url)), server)
    assert checks["/bad/stall"].verdict == "unreadable"
    assert checks["/bad/stall"].detail in ("no answer within the 1 s budget", "timeout")
    assert checks["/docs/report"].verdict == "found" and checks["/docs/statement"].verdict == "differs"


@pytest.mark.parametrize(("route", "detail"), [
    ("/image", "not a document"), ("/redirect-loop", "the site redirected more than 5 times"),
    ("/endless", "larger than the size limit"), ("/bomb", "larger than the size limit"),
])
def test_bad_documents_get_a_clear_line(route: str, detail: str, server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_MAX_PAGE_BYTES=1_000_000)
    server.routes[route] = server.routes["/bad" + route] = ROUTES[route]
    url = serve_documents(server, links={"/docs/survey": server.url("/bad" + route)})
    checks = checks_by_path(SourceChecker(settings).check(analyse(settings, url)), server)
    assert (checks["/bad" + route].verdict, checks["/bad" + route].detail) == ("unreadable", detail)
    assert checks["/docs/report"].verdict == "found"


def test_fifty_links_in_one_sentence_checks_only_the_first_few_and_says_so(
        settings: Settings, server: FakeServer) -> None:
    anchors = ", ".join(f'<a href="/d{i}">source {i}</a>' for i in range(50))
    server.routes[STORY] = lambda r: r.send(200, (
        "<html><head><title>Many links</title></head><body><article><h1>Many links</h1>"
        f"<p>The ministry said that 4,000 homes were damaged by the flooding, citing {anchors}. {FILLER}</p>"
        f"<p>{FILLER} {FILLER}</p></article></body></html>"))
    analysis = SourceChecker(settings).check(analyse(settings, server.url(STORY)))
    fetched = [r.path for r in server.requests if r.path.startswith("/d")]
    assert 0 < len(fetched) <= 5
    assert any("Only the first" in w and "(50 linked" in w for w in analysis.warnings)
    assert "Only the first" in render_text(analysis)


def test_a_pdf_page_is_given_for_the_paragraph_found() -> None:
    """The page path, through `paragraph_pages` as the PDF reader sets it (tests/test_pdf.py reads a real one)."""
    document = Article(text="Cover page.\n\nContents.\n\nFour thousand homes were damaged by the flooding.",
                            paragraph_pages=[1, 2, 3])
    claim = Claim(claim="4,000 homes were damaged by the flooding.")
    check = _check(claim, Link(text="the report", url="http://docs.test/r", paragraph=0), document, 20)
    assert (check.verdict, check.kind, check.page) == ("found", "pdf", 3)


def test_cli_analyze_checks_sources_unless_told_not_to(server: FakeServer) -> None:
    url = serve_documents(server)
    env = {"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}
    on = newsbot("analyze", url, "--offline", "--format", "json", env=env)
    assert on.returncode == 0, on.stderr
    verdicts = [c["verdict"] for claim in json.loads(on.stdout)["claims"] for c in claim["source_checks"]]
    assert sorted(verdicts) == sorted(EXPECTED.values())
    before = len(server.requests_to("/docs/report"))
    off = newsbot("analyze", url, "--offline", "--no-source-checks", "--format", "json", env=env)
    assert off.returncode == 0, off.stderr
    assert all(not claim["source_checks"] for claim in json.loads(off.stdout)["claims"])
    assert len(server.requests_to("/docs/report")) == before


def test_the_bench_gets_every_verdict_right() -> None:
    from bench_modules import ROOT, load_bench

    bench = load_bench("source_checks", ROOT / "bench" / "source_checks.py", "bench/source_checks.py")
    right, total, mistakes = bench.accuracy(Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1",
                                                     NEWSBOT_MAX_PAGE_BYTES=1_000_000))
    assert right == total, mistakes


def test_cli_ask_about_the_report_is_answered_from_the_checks(server: FakeServer) -> None:
    url = serve_documents(server)
    result = newsbot("ask", url, "Does the statement say that?", "--offline",
                     env={"NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
    assert "≠ the linked statement says 4,000 families; the article says 400 families" in result.stdout
    assert "annual report" not in result.stdout  # the question named the statement


def test_a_paraphrased_claim_is_looked_for_in_the_articles_own_words() -> None:
    claim = Claim(claim="Storm damage hit thousands of houses.", grounded=True,
                  quote="Officials said 4,000 homes were damaged by the flooding in the eastern districts.")
    document = Article(text="Summary.\n\nFour thousand homes were damaged by the flooding in the eastern districts.")
    check = _check(claim, Link(text="the report", url="http://docs.test/r", paragraph=0), document, 20)
    assert check.verdict == "found" and check.evidence and check.evidence.startswith("Four thousand")


def test_an_analysis_for_every_workspace_never_checks_a_private_document(settings: Settings,
                                                                        server: FakeServer) -> None:
    """NEWSBOT_ALLOW_PRIVATE_HOSTS lets one newsroom read its intranet; a shared analysis must not quote it."""
    analysis = SourceChecker(settings).check(analyse(settings, serve_documents(server)), private_ok=False)
    checks = checks_by_path(analysis, server)
    assert {c.detail for c in checks.values()} == {"refused address"}
    assert not server.requests_to("/docs/report")
