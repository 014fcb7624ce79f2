"""The suite's own safety net: a non-loopback connect or lookup fails before any packet is sent."""

from __future__ import annotations

import socket

import pytest

from netguard import NetGuard, NonLoopbackConnection


def test_guard_stops_non_loopback_connects_and_lookups(netguard: NetGuard) -> None:
    before = len(netguard.blocked)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NonLoopbackConnection):
            sock.connect(("192.0.2.1", 80))  # TEST-NET-1; the hook raises before the connect syscall
    finally:
        sock.close()
    with pytest.raises(NonLoopbackConnection):
        socket.getaddrinfo("example.com", 80)
    assert len(netguard.blocked) == before + 2
    del netguard.blocked[before:]  # expected here; any other test that trips the guard fails


def test_guard_lets_loopback_through(netguard: NetGuard) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    try:
        socket.create_connection(server.getsockname(), timeout=2).close()
    finally:
        server.close()
