"""The SSRF policy on its own: every hostile address form is refused before anything connects."""

from __future__ import annotations

import pytest

from bot.reading.addresses import AddressPolicy, system_resolver
from bot.reading.errors import BlockedURL, FetchFailed
from netguard import NetGuard


def fake_dns(table: dict[str, list[str]]):
    """A resolver that answers from a table and never touches the network."""
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise LookupError(host)
        return table[host]
    return resolve


PUBLIC = fake_dns({"news.example": ["93.184.216.34"], "v6news.example": ["2606:2800:220:1::1"]})


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.0.0.2:8080/x", "http://10.0.0.1/", "http://172.16.5.4/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
    "http://0.0.0.0/", "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
    "http://192.0.0.8/", "http://198.18.0.1/",
    "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
    "http://[ff02::1]/", "http://[fec0::1]/", "http://[feff:ffff::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
    "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[::127.0.0.1]/",
    "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/",
    "http://017700000001/", "http://127.0.1/", "http://0/", "http://2852039166/",
])
def test_hostile_literal_addresses_are_refused(url: str, netguard: NetGuard) -> None:
    mark = netguard.mark()
    with pytest.raises(BlockedURL):
        AddressPolicy(resolver=PUBLIC).check(url)
    assert netguard.connections_since(mark) == []


@pytest.mark.parametrize("url", [
    "ftp://news.example/", "file:///etc/passwd", "gopher://news.example/", "javascript:alert(1)",
    "http://user:pass@news.example/", "http://news.example:99999/", "http:///nohost", "http://news.example /x",
    "http://news.example/\r\nX-Injected: 1", "data:text/html,<p>hi</p>",
])
def test_malformed_and_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(BlockedURL):
        AddressPolicy(resolver=PUBLIC).check(url)


@pytest.mark.parametrize("answer", [
    ["127.0.0.1"], ["10.1.2.3"], ["169.254.169.254"], ["::1"], ["::ffff:10.0.0.1"],
    ["93.184.216.34", "10.0.0.7"],  # one bad record among good ones is enough to refuse
])
def test_dns_names_resolving_to_private_addresses_are_refused(answer: list[str]) -> None:
    policy = AddressPolicy(resolver=fake_dns({"rebind.example": answer}))
    with pytest.raises(BlockedURL, match="rebind.example"):
        policy.check("https://rebind.example/story")


def test_real_name_resolving_to_loopback_is_refused(netguard: NetGuard) -> None:
    """`localhost` goes through the real system resolver (from /etc/hosts, no packet leaves)."""
    mark = netguard.mark()
    with pytest.raises(BlockedURL, match="loopback"):
        AddressPolicy(resolver=system_resolver).check("http://localhost:9/")
    assert netguard.connections_since(mark) == []


def test_public_names_pass_and_pin_the_checked_address() -> None:
    target = AddressPolicy(resolver=PUBLIC).check("https://news.example/a/b?c=1#frag")
    assert (target.host, target.port, target.address, target.request_target) == (
        "news.example", 443, "93.184.216.34", "/a/b?c=1")
    assert AddressPolicy(resolver=PUBLIC).check("http://v6news.example/").address == "2606:2800:220:1::1"


def test_an_unresolvable_host_is_a_clear_failure_not_a_refusal() -> None:
    """A source check reports it as "could not resolve", not as a refused (private) address."""
    with pytest.raises(FetchFailed, match="could not resolve"):
        AddressPolicy(resolver=PUBLIC).check("http://nowhere.example/")


def test_allow_list_admits_named_hosts_and_networks_only() -> None:
    dns = fake_dns({"intranet.corp": ["10.20.0.5"], "other.corp": ["10.30.0.5"]})
    policy = AddressPolicy(["intranet.corp", "192.168.7.0/24"], resolver=dns)
    assert policy.check("http://intranet.corp/a").address == "10.20.0.5"
    assert policy.check("http://192.168.7.9/").address == "192.168.7.9"
    with pytest.raises(BlockedURL):
        policy.check("http://other.corp/")
    with pytest.raises(BlockedURL):
        policy.check("http://192.168.8.1/")
