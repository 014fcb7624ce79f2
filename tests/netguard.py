"""A guard that fails every connection, and every DNS lookup, to anything but loopback.

Installed as a Python audit hook (PEP 578), so it sees every `socket.connect` and `getaddrinfo` in the
test process, whichever library makes them, without patching any of them. It also records each
connection attempt, so a test can prove a refusal happened before any connection was made.
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from dataclasses import dataclass, field

LOOPBACK_NAMES = {"localhost", "localhost.", "ip6-localhost", "ip6-loopback"}


class NonLoopbackConnection(AssertionError):
    pass


@dataclass
class NetGuard:
    attempts: list[tuple[str, object]] = field(default_factory=list)
    blocked: list[tuple[str, object]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, event: str, args: tuple) -> None:
        if event == "socket.connect":
            address = args[1]
            with self.lock:
                self.attempts.append((event, address))
            if isinstance(address, tuple) and not _is_loopback(str(address[0])):
                self._block(event, address)
        elif event == "socket.getaddrinfo":
            host = args[0]
            if isinstance(host, bytes):
                host = host.decode("ascii", "replace")
            if host is not None and not _is_loopback(str(host)):
                self._block(event, host)

    def _block(self, event: str, what: object) -> None:
        with self.lock:
            self.blocked.append((event, what))
        raise NonLoopbackConnection(f"test network guard: {event} to {what!r} is not loopback")

    def connections_since(self, mark: int) -> list[object]:
        with self.lock:
            return [addr for _, addr in self.attempts[mark:]]

    def mark(self) -> int:
        with self.lock:
            return len(self.attempts)


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


GUARD = NetGuard()
_installed = False


def install() -> NetGuard:
    global _installed
    if not _installed:
        sys.addaudithook(GUARD.hook)
        _installed = True
    return GUARD
