"""HTTPS through the pinned connection: the socket goes to the checked address, while SNI and the
certificate check still use the host name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.reading.addresses import AddressPolicy
from bot.reading.errors import FetchFailed
from bot.reading.fetch import Fetcher
from bot.settings import Settings
from fakes.articles import article_html

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.test",
                    "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture(scope="module")
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[int, list[str]]]:
    server_names: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = article_html()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    context.sni_callback = lambda sock, name, ctx: server_names.append(name) and None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd.server_address[1], server_names
    httpd.shutdown()
    httpd.server_close()


def fetcher(certificate: Path, hosts: list[str]) -> Fetcher:
    client_context = ssl.create_default_context(cafile=str(certificate))
    policy = AddressPolicy(hosts, resolver=lambda host, port: ["127.0.0.1"])
    return Fetcher(Settings(NEWSBOT_FETCH_TIMEOUT=5), policy, ssl_context=client_context)


def test_https_uses_the_name_for_sni_and_the_certificate(certificate, tls_server) -> None:
    port, server_names = tls_server
    page = fetcher(certificate[0], ["news.test"]).fetch(f"https://news.test:{port}/story")
    assert b"Margaret Hale" in page.body
    assert server_names[-1] == "news.test"


def test_certificate_for_another_name_is_refused(certificate, tls_server) -> None:
    port, _ = tls_server
    with pytest.raises(FetchFailed, match="certificate"):
        fetcher(certificate[0], ["other.test"]).fetch(f"https://other.test:{port}/story")
