"""The safe fetcher: plain http.client, connecting only to addresses the policy approved.

Why not a higher-level client: the guarantees below need control of the socket (connect to the
checked address, no second DNS lookup), of redirects (re-check every hop) and of decompression
(count bytes after inflating, so a gzip bomb stops at the cap). With http.client each is a few lines.
"""

from __future__ import annotations

import functools
import http.client
import select
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin

from bot.deadline import DeadlineSocket
from bot.reading.addresses import AddressPolicy, Target
from bot.reading.errors import BlockedURL, FetchFailed, FetchTimeout, TooLarge, UnsupportedContent
from bot.reading.inflate import Inflater
from bot.settings import Settings

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}
PDF_MAGIC = b"%PDF-"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
_MAX_INTERIM = 5  # "100 Continue" replies accepted before the real one (a GET should get none)


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    status: int
    content_type: str  # "text/html", "text/plain" or "application/pdf"
    charset: str | None  # as declared by the server, if it did
    body: bytes  # decompressed
    redirects: list[str] = field(default_factory=list)

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES

    @property
    def is_pdf(self) -> bool:
        return self.content_type in PDF_TYPES


class Fetcher:
    def __init__(self, settings: Settings, policy: AddressPolicy | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.policy = policy or AddressPolicy(settings.allow_private_hosts)
        self._ssl_context = ssl_context or ssl.create_default_context()

    def fetch(self, url: str, workspace: str = "") -> FetchedPage:
        """GET url, following at most `max_redirects` redirects, each re-checked by the policy.

        `workspace` (a Slack team id, "" outside Slack) picks which private hosts may be reached.
        """
        policy = self.policy
        if self.settings.allow_private_hosts_by_team:
            policy = self.policy.allowing(self.settings.private_hosts_for(workspace))
        deadline = time.monotonic() + self.settings.fetch_timeout
        redirects: list[str] = []
        current = url
        while True:
            target = policy.check(current)
            response, body = self._get(target, deadline)
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchFailed(f"the site answered with a redirect ({response.status}) but gave no address")
                if len(redirects) >= self.settings.max_redirects:
                    raise FetchFailed(f"the site redirected more than {self.settings.max_redirects} times")
                redirects.append(target.url)
                current = urljoin(target.url, location.strip())
                continue
            return self._page(target, response, body, redirects)

    def _page(self, target: Target, response: http.client.HTTPResponse, body: bytes,
              redirects: list[str]) -> FetchedPage:
        if response.status == 404 or response.status == 410:
            raise FetchFailed(f"the page was not found (HTTP {response.status})")
        if response.status in (401, 402, 403):
            raise FetchFailed(f"the site refused access (HTTP {response.status}); it may be paywalled or block bots")
        if response.status >= 400:
            raise FetchFailed(f"the site answered with an error (HTTP {response.status})")
        if response.status != 200:
            raise FetchFailed(f"the site answered with an unexpected status (HTTP {response.status})")
        header = Message()
        header["content-type"] = response.getheader("Content-Type") or ""
        content_type = header.get_content_type() if header["content-type"] else ""
        if not content_type:
            content_type = "text/html" if body.lstrip()[:1] == b"<" else ""
        content_type = _sniffed_pdf(content_type, body)
        if content_type not in HTML_TYPES | TEXT_TYPES | PDF_TYPES:
            raise UnsupportedContent(f"the link is not a web page ({content_type or 'unknown type'}), so there is no article to read")
        if not body.strip():
            raise FetchFailed("the page came back empty")
        return FetchedPage(url=target.url, status=response.status, content_type=content_type,
                           charset=header.get_param("charset") if header["content-type"] else None,  # type: ignore[arg-type]
                           body=body, redirects=redirects)

    def _get(self, target: Target, deadline: float) -> tuple[http.client.HTTPResponse, bytes]:
        conn = self._connection(target, deadline)
        try:
            headers = {
                "Host": _host_header(target),
                "User-Agent": self.settings.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,text/plain;q=0.8",
                "Accept-Encoding": "gzip, deflate",
                "Connection": "close",
            }
            try:
                assert conn.sock is not None
                conn.sock.settimeout(_remaining(deadline))
                conn.request("GET", target.request_target, headers=headers)
                # Every read of the response (status line, headers, chunk sizes, body) goes through a
                # reader that waits at most until the deadline, however slowly the server trickles.
                conn.response_class = functools.partial(_Response, deadline=deadline)  # type: ignore[assignment]
                response = conn.getresponse()
                if response.status in REDIRECT_STATUSES or response.status >= 400:
                    return response, b""
                return response, self._read_body(response, deadline)
            except TimeoutError:
                raise FetchTimeout(f"the site took longer than {self.settings.fetch_timeout:g} s to answer") from None
            except ssl.SSLError as exc:
                raise FetchFailed(f"a secure connection could not be made ({exc.reason or 'TLS error'})") from None
            except (http.client.HTTPException, OSError) as exc:
                raise FetchFailed(f"the connection failed while reading the page ({type(exc).__name__})") from exc
        finally:
            conn.close()

    def _connection(self, target: Target, deadline: float) -> http.client.HTTPConnection:
        timeout = min(self.settings.connect_timeout, _remaining(deadline))
        # TCP only; TLS is added below with a handshake that the deadline bounds too (http.client's own
        # handshake waits up to the socket timeout per read, so a server trickling its hello could stretch it).
        conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
        pinned = (target.address, target.port)

        def connect_pinned(_address: object, timeout: float | None = None, source: object = None) -> socket.socket:
            # The host name stays on the request (Host, SNI, certificate check); the socket goes to the
            # address that the policy approved, so DNS is never asked a second time.
            return socket.create_connection(pinned, timeout)

        conn._create_connection = connect_pinned  # type: ignore[attr-defined]
        try:
            conn.connect()
            if target.scheme == "https":
                assert conn.sock is not None
                conn.sock = self._tls(conn.sock, target.host, deadline)
        except TimeoutError:
            raise FetchTimeout(f"could not connect to {target.host} within {timeout:g} s") from None
        except ssl.SSLCertVerificationError as exc:
            raise FetchFailed(f"the site's certificate is not valid ({exc.verify_message})") from None
        except ssl.SSLError:
            raise FetchFailed(f"a secure connection to {target.host} could not be made") from None
        except OSError:
            raise FetchFailed(f"could not connect to {target.host}") from None
        return conn

    def _tls(self, sock: socket.socket, host: str, deadline: float) -> ssl.SSLSocket:
        """TLS on the pinned socket (SNI and certificate check on the host name), handshake within the deadline."""
        tls = self._ssl_context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
        tls.settimeout(0)
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                readable, writable = [tls], []
            except ssl.SSLWantWriteError:
                readable, writable = [], [tls]
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not any(select.select(readable, writable, [], remaining)[:2]):
                tls.close()
                raise TimeoutError("TLS handshake")
        tls.settimeout(_remaining(deadline))
        return tls

    def _read_body(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        """Read and inflate the body, stopping as soon as either side of it passes the size cap."""
        limit = self.settings.max_page_bytes
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"the page is larger than the {_mb(limit)} limit")
        inflater = Inflater(response.getheader("Content-Encoding"))
        out = bytearray()
        raw_total = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchTimeout(f"the page took longer than {self.settings.fetch_timeout:g} s to download")
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            raw_total += len(chunk)
            if raw_total > limit:
                raise TooLarge(f"the page is larger than the {_mb(limit)} limit")
            out += inflater.feed(chunk, limit + 1 - len(out))
            if len(out) > limit:
                how = "inflates to more than" if inflater.compressed else "is larger than"
                raise TooLarge(f"the page {how} the {_mb(limit)} limit")
        return bytes(out)


class _Response(http.client.HTTPResponse):
    """http.client's response, reading through a deadline-bound reader and refusing endless interim replies."""

    def __init__(self, sock: socket.socket, *args: Any, deadline: float, **kwargs: Any) -> None:
        super().__init__(DeadlineSocket(sock, deadline, _CHUNK), *args, **kwargs)  # type: ignore[arg-type]
        self._interim = 0

    def _read_status(self) -> tuple[str, int, str]:
        version, status, reason = super()._read_status()  # type: ignore[misc]
        if status == http.client.CONTINUE:
            self._interim += 1
            if self._interim > _MAX_INTERIM:
                raise FetchFailed("the site answered with endless interim responses instead of the page")
        return version, status, reason


def looks_like_pdf(body: bytes) -> bool:
    """A PDF's magic bytes, `%PDF-`, within the first kilobyte (where PDF readers look for them)."""
    return PDF_MAGIC in body[:1024]


def _sniffed_pdf(content_type: str, body: bytes) -> str:
    """The content type with PDFs told by their magic bytes, not by the label.

    A body that starts like a PDF is read as one whatever the server called it (text/html, octet-stream,
    nothing): reading it as HTML would only give a page of binary. A body labelled PDF without the magic bytes
    is refused rather than read as HTML: it is nearly always an error page or a login wall put where the
    document should be, and its text would be passed off as the document's.
    """
    if body.lstrip()[:len(PDF_MAGIC)] == PDF_MAGIC or (
            content_type not in HTML_TYPES | TEXT_TYPES and looks_like_pdf(body)):
        return "application/pdf"  # a page labelled HTML that merely mentions "%PDF-" early on stays a page
    if content_type in PDF_TYPES and body.strip():
        raise UnsupportedContent("the link claims to be a PDF but is not one")
    return content_type


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchTimeout("the page took too long to download")
    return remaining


def _default_port(target: Target) -> int:
    return 443 if target.scheme == "https" else 80


def _host_header(target: Target) -> str:
    """The Host header: an IPv6 literal goes in brackets (`[::1]:8081`), a default port is left out."""
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == _default_port(target) else f"{host}:{target.port}"


def _mb(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


__all__ = ["BlockedURL", "FetchedPage", "Fetcher"]
