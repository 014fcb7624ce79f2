"""A local article server with the misbehaviours the fetcher must survive."""

from __future__ import annotations

import gzip
import time
import zlib
from functools import cache
from pathlib import Path

from fakes.server import FakeServer, Request

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def article_html() -> bytes:
    return (FIXTURES / "furniture_article.html").read_bytes()


@cache
def gzip_bomb() -> bytes:
    """About 50 KB on the wire, 50 MB once inflated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join([compressor.compress(block) for _ in range(50)] + [compressor.flush()])


def _article(r: Request) -> None:
    r.send(200, article_html())


def _slow(r: Request) -> None:
    """Headers at once, then a byte every 0.2 s: each read is quick, the whole never ends in time."""
    r.handler.send_response(200)
    r.handler.send_header("Content-Type", "text/html")
    r.handler.send_header("Content-Length", "1000000")
    r.handler.end_headers()
    for _ in range(100):  # bounded: at most 20 s, long after the client has given up
        r.handler.wfile.write(b"<")
        r.handler.wfile.flush()
        time.sleep(0.2)


def _stall(r: Request) -> None:
    time.sleep(5)
    r.send(200, article_html())


def _endless(r: Request) -> None:
    r.handler.send_response(200)
    r.handler.send_header("Content-Type", "text/html")
    r.handler.send_header("Transfer-Encoding", "chunked")
    r.handler.end_headers()
    chunk = b"<p>" + b"endless " * 8000 + b"</p>"
    for _ in range(2000):  # bounded at ~128 MB; the client stops at its cap long before
        r.handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def _bomb(r: Request) -> None:
    r.send(200, gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})


def _gzipped(r: Request) -> None:
    r.send(200, gzip.compress(article_html()), "text/html; charset=utf-8", {"Content-Encoding": "gzip"})


def _big_declared(r: Request) -> None:
    r.send(200, b"<p>small</p>", "text/html", {"Content-Length": "999999999"})


def _latin1(r: Request) -> None:
    body = article_html().decode("utf-8").replace('<meta charset="utf-8">', "").replace("£", "€ £ é")
    r.send(200, body.encode("cp1252"), "text/html; charset=iso-8859-1")


def _meta_charset(r: Request) -> None:
    body = article_html().decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    body = body.replace("Councillors in Westhaven", "Депутаты в Westhaven").replace("£", "GBP ")
    r.send(200, body.encode("cp1251"), "text/html")


def _invalid_utf8(r: Request) -> None:
    r.send(200, bytes(range(128, 256)) * 200, "text/html; charset=utf-8")


def _pdf_as_html(r: Request) -> None:
    r.send(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" * 50, "text/html")


ROUTES = {
    "/article": _article,
    "/gzipped": _gzipped,
    "/plain": lambda r: r.send(200, article_text_plain(), "text/plain; charset=utf-8"),
    "/xhtml": lambda r: r.send(200, article_html(), "application/xhtml+xml"),
    "/no-type": lambda r: r.send(200, article_html(), ""),
    "/latin1": _latin1,
    "/meta-charset": _meta_charset,
    "/invalid-utf8": _invalid_utf8,
    "/pdf": lambda r: r.send(200, b"%PDF-1.4 ...", "application/pdf"),
    "/image": lambda r: r.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
    "/json": lambda r: r.send(200, b'{"a": 1}', "application/json"),
    "/pdf-as-html": _pdf_as_html,
    "/empty": lambda r: r.send(200, b"", "text/html"),
    "/404": lambda r: r.send(404, "<h1>Not found</h1>"),
    "/500": lambda r: r.send(500, "<h1>Oops</h1>"),
    "/403": lambda r: r.send(403, "<h1>Forbidden</h1>"),
    "/slow": _slow,
    "/stall": _stall,
    "/endless": _endless,
    "/bomb": _bomb,
    "/big-declared": _big_declared,
    "/redirect-loop": lambda r: r.send(302, b"", "", {"Location": "/redirect-loop"}),
    "/redirect-relative": lambda r: r.send(301, b"", "", {"Location": "/article"}),
    "/redirect-no-location": lambda r: r.send(302, b"", ""),
    "/paywall": lambda r: r.send(200, "<html><body><article><h1>Big story</h1><p>The first line of a big story that "
                                       "you will never read.</p><p>Subscribe to continue reading. Already a subscriber? "
                                       "Log in.</p></article></body></html>"),
    "/consent": lambda r: r.send(200, "<html><body><div><h2>Before you continue</h2><p>We and our partners use cookies "
                                      "to store and access information on your device.</p><button>Accept all</button>"
                                      "<p>Manage preferences</p></div></body></html>"),
    "/home": lambda r: r.send(200, "<html><body><main><ul>" + "".join(
        f"<li><p><a href='/s{i}'>Headline number {i} here</a></p></li>" for i in range(40)) + "</ul></main></body></html>"),
    "/short": lambda r: r.send(200, "<html><body><article><p>Just a line.</p></article></body></html>"),
}


def article_text_plain() -> bytes:
    return ("Flood wall approved\n\nCouncillors voted on Tuesday to build a flood wall along the harbour, ending a "
            "two-year dispute, the council said in a statement. " * 6 + "\n\nShare this article\n").encode()


def redirect_to(location: str):
    return lambda r: r.send(302, b"", "", {"Location": location})


def article_server() -> FakeServer:
    return FakeServer(dict(ROUTES))
