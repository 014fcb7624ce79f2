"""The fetcher over real loopback HTTP: limits, content types, charsets, redirects and refusals."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.reading import Reader
from bot.reading.addresses import AddressPolicy
from bot.reading.errors import (BlockedURL, DamagedDocument, FetchFailed, FetchTimeout, NotAnArticle, ReadError,
                                TooLarge, UndecodableText, UnsupportedContent)
from bot.reading.fetch import Fetcher
from bot.settings import Settings
from fakes.articles import article_server, redirect_to
from fakes.server import FakeServer
from netguard import NetGuard


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with article_server() as srv:
        yield srv


@pytest.fixture
def reader(settings: Settings) -> Reader:
    return Reader(settings)


def test_reads_an_article_from_a_local_server(reader: Reader, server: FakeServer) -> None:
    article = reader.read(server.url("/article"))
    assert article.title == "Harbour council approves flood wall after two-year row"
    assert article.url == server.url("/article")
    assert "Margaret Hale" in article.text
    request = server.requests_to("/article")[-1]
    assert request.headers["user-agent"].startswith("newsbot/")
    assert request.headers["host"] == f"127.0.0.1:{server.port}"


@pytest.mark.parametrize("path", ["/gzipped", "/xhtml", "/no-type", "/redirect-relative"])
def test_other_ways_of_serving_the_page(reader: Reader, server: FakeServer, path: str) -> None:
    assert "Margaret Hale" in reader.read(server.url(path)).text


def test_plain_text_page(reader: Reader, server: FakeServer) -> None:
    article = reader.read(server.url("/plain"))
    assert article.title == "Flood wall approved"
    assert "Share this article" not in article.text


def test_declared_latin1_is_read_as_windows_1252(reader: Reader, server: FakeServer) -> None:
    assert "€ £ é" in reader.read(server.url("/latin1")).text


def test_meta_charset_is_honoured(reader: Reader, server: FakeServer) -> None:
    assert "Депутаты в Westhaven" in reader.read(server.url("/meta-charset")).text


@pytest.mark.parametrize(("path", "error", "message"), [
    ("/invalid-utf8", UndecodableText, "encoding"),
    ("/pdf", DamagedDocument, "the PDF is damaged or incomplete"),  # the magic bytes, then nothing
    ("/image", UnsupportedContent, "image/png"),
    ("/json", UnsupportedContent, "application/json"),
    ("/pdf-as-html", DamagedDocument, "PDF"),  # read as the PDF its bytes say it is
    ("/empty", FetchFailed, "empty"),
    ("/404", FetchFailed, "not found"),
    ("/500", FetchFailed, "HTTP 500"),
    ("/403", FetchFailed, "refused access"),
    ("/redirect-loop", FetchFailed, "redirected more than 5 times"),
    ("/redirect-no-location", FetchFailed, "no address"),
    ("/paywall", NotAnArticle, "paywall"),
    ("/consent", NotAnArticle, "consent"),
    ("/home", NotAnArticle, "list of links"),
    ("/short", NotAnArticle, "too little text"),
])
def test_bad_pages_give_a_clear_error(reader: Reader, server: FakeServer, path: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        reader.read(server.url(path))


def test_unreachable_host_is_a_clear_error(reader: Reader) -> None:
    with FakeServer() as closed:
        url = closed.url("/gone")
    with pytest.raises(FetchFailed, match="could not connect"):
        reader.read(url)


def test_gzip_bomb_stops_at_the_cap(server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_MAX_PAGE_BYTES=2_000_000)
    with pytest.raises(TooLarge, match="inflates"):
        Fetcher(settings).fetch(server.url("/bomb"))


def test_endless_body_stops_at_the_cap(server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_MAX_PAGE_BYTES=1_000_000)
    with pytest.raises(TooLarge):
        Fetcher(settings).fetch(server.url("/endless"))


def test_declared_length_over_the_cap_is_refused_before_reading(server: FakeServer) -> None:
    with pytest.raises(TooLarge):
        Fetcher(Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1")).fetch(server.url("/big-declared"))


def test_trickling_server_hits_the_total_timeout(server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_FETCH_TIMEOUT=1)
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        Fetcher(settings).fetch(server.url("/slow"))
    assert time.monotonic() - started < 4  # a bound on the test's own run time, not a performance figure


def test_silent_server_hits_the_total_timeout(server: FakeServer) -> None:
    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS="127.0.0.1", NEWSBOT_FETCH_TIMEOUT=1)
    with pytest.raises(FetchTimeout):
        Fetcher(settings).fetch(server.url("/stall"))


def test_loopback_is_refused_without_the_allow_setting(server: FakeServer, netguard: NetGuard) -> None:
    mark = netguard.mark()
    with pytest.raises(BlockedURL, match="loopback"):
        Reader(Settings()).read(server.url("/article"))
    assert server.url("/article") not in [r.path for r in server.requests]
    assert netguard.connections_since(mark) == []


@pytest.mark.parametrize("location", [
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/", "http://2130706433/",
    "http://rebind.example/", "file:///etc/passwd",
])
def test_redirect_into_a_private_address_is_refused_before_connecting(
        location: str, server: FakeServer, netguard: NetGuard) -> None:
    server.routes["/hop"] = redirect_to(location)
    dns = {"rebind.example": ["10.9.9.9"]}

    def resolver(host: str, port: int) -> list[str]:
        if host in dns:
            return dns[host]
        raise LookupError(host)

    settings = Settings(NEWSBOT_ALLOW_PRIVATE_HOSTS=f"127.0.0.1:{server.port}".split(":")[0])
    fetcher = Fetcher(settings, AddressPolicy(["127.0.0.1"], resolver=resolver))
    mark = netguard.mark()
    with pytest.raises(BlockedURL):
        fetcher.fetch(server.url("/hop"))
    # exactly one connection: to the local server that answered with the redirect
    assert netguard.connections_since(mark) == [("127.0.0.1", server.port)]


def test_connects_to_the_checked_address_without_asking_dns_again(server: FakeServer, netguard: NetGuard) -> None:
    """A name resolved once by the policy; the socket goes to that address, the Host header keeps the name."""
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    fetcher = Fetcher(Settings(), AddressPolicy(["news.test"], resolver=resolver))
    page = fetcher.fetch(f"http://news.test:{server.port}/article")
    assert calls == ["news.test"]
    assert page.url == f"http://news.test:{server.port}/article"
    assert server.requests_to("/article")[-1].headers["host"] == f"news.test:{server.port}"


def test_the_process_survives_every_failure(reader: Reader, server: FakeServer) -> None:
    for path in ("/404", "/pdf", "/bomb", "/empty", "/invalid-utf8", "/article"):
        try:
            reader.read(server.url(path))
        except ReadError as exc:
            assert str(exc)  # a message a user can read


def test_http10_server_that_closes_after_the_response(settings: Settings) -> None:
    """getresponse() detaches the socket from the connection when the server will close it."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from fakes.articles import article_html

    class OldServer(BaseHTTPRequestHandler):  # protocol_version HTTP/1.0, no keep-alive
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(article_html())  # no Content-Length: the body ends when the socket closes

    httpd = HTTPServer(("127.0.0.1", 0), OldServer)
    thread = threading.Thread(target=httpd.handle_request, daemon=True)
    thread.start()
    try:
        page = Fetcher(settings).fetch(f"http://127.0.0.1:{httpd.server_address[1]}/story")
        assert b"Margaret Hale" in page.body
    finally:
        httpd.server_close()
