"""Which hosts the fetcher may connect to: the SSRF policy, kept apart from the HTTP code so it can be
tested (and reasoned about) without opening a socket.

The rule: a URL is fetched only if every address its host resolves to is a public unicast address, or
the operator allowed that host or network explicitly (`NEWSBOT_ALLOW_PRIVATE_HOSTS`). The fetcher then
connects to the address checked here, so a second DNS answer cannot swap in an internal one.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from bot.reading.errors import BlockedURL, FetchFailed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = {"http": 80, "https": 443}
# Hosts that inet_aton() would read as an address but that are not canonical dotted quads:
# 2130706433, 0x7f.1, 0177.0.0.1, 127.1. Refused outright: no news site is named like that.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]*))*\.?$", re.IGNORECASE)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Special-purpose ranges that some Python versions still call global.
_NEVER_PUBLIC = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4", "64:ff9b:1::/48",
    "fec0::/10",  # deprecated site-local (RFC 3879): Python calls it global, but networks still route it inside
)]


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for host (A and AAAA)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LookupError(f"could not resolve {host}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy, with the address to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    request_target: str  # path?query, what goes on the request line


class AddressPolicy:
    def __init__(self, allowed: Sequence[str] = (), resolver: Resolver = system_resolver) -> None:
        self._allowed_hosts = {a.lower().rstrip(".") for a in allowed if "/" not in a}
        self._allowed_networks = [ipaddress.ip_network(a, strict=False) for a in allowed if "/" in a]
        self._resolve = resolver

    def allowing(self, allowed: Sequence[str]) -> AddressPolicy:
        """The same policy (same resolver) with another allowance, e.g. one workspace's private hosts."""
        return AddressPolicy(allowed, self._resolve)

    def check(self, url: str) -> Target:
        """Validate url and pick the address to connect to, or raise BlockedURL. Opens no connection."""
        parts = _split(url)
        host = parts.hostname or ""
        port = parts.port or ALLOWED_SCHEMES[parts.scheme]
        host_allowed = host in self._allowed_hosts
        literal = _literal_address(host)
        if literal is None and _NUMERIC_HOST.match(host):
            raise BlockedURL(f"refused {host!r}: numeric host names that are not plain addresses are not fetched")
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self._resolve(host, port)]
            except LookupError:  # not a refusal: the name does not resolve (or there is no network)
                raise FetchFailed(f"could not resolve the host {host!r}") from None
            if not addresses:
                raise FetchFailed(f"could not resolve the host {host!r}")
        for address in addresses:
            if not (host_allowed or self._network_allowed(address) or is_public(address)):
                raise BlockedURL(
                    f"refused {host!r}: it points to a {describe(address)} address, which the bot does not fetch"
                )
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return Target(url=parts.geturl(), scheme=parts.scheme, host=host, port=port,
                      address=str(addresses[0]), request_target=target)

    def _network_allowed(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self._allowed_networks)


def _split(url: str) -> SplitResult:
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise BlockedURL("the link contains spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise BlockedURL("the link is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedURL(f"only http and https links can be read, not {scheme or 'this kind of link'}")
    if parts.username is not None or parts.password is not None:
        raise BlockedURL("links with a user name or password in them are not fetched")
    if not parts.hostname:
        raise BlockedURL("the link has no host name")
    host = parts.hostname.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise BlockedURL("the link's host name is not valid") from None
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return SplitResult(scheme, netloc, parts.path, parts.query, "")


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden in an IPv6 form (mapped, 6to4, Teredo, NAT64, compatible), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) >> 32 == 0 and int(address) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(address))
    return None


def is_public(address: IPAddress) -> bool:
    """Global unicast only. Any IPv6 form that wraps an IPv4 address is judged by that address."""
    inner = embedded_ipv4(address)
    if inner is not None:
        return is_public(inner)
    if any(address.version == net.version and address in net for net in _NEVER_PUBLIC):
        return False
    return address.is_global and not address.is_multicast and not address.is_reserved


def describe(address: IPAddress) -> str:
    inner = embedded_ipv4(address)
    if inner is not None:
        return f"wrapped {describe(inner)}"
    for label, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("site-local", getattr(address, "is_site_local", False)),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if flag:
            return label
    return "non-public"
