"""Socket reads bounded by one overall deadline, whatever the peer sends and however slowly.

A plain socket timeout bounds each wait, not the whole exchange: a peer that sends one byte a second never
trips it. Both the fetcher (reading a page) and the HTTP server (reading a request) read through this raw
stream, which sets the socket's timeout from the time left before every recv and refuses to read past it.
"""

from __future__ import annotations

import io
import socket
import time


class DeadlineExceeded(TimeoutError):
    """The overall deadline passed while reading."""


class DeadlineReader(io.RawIOBase):
    """A raw, read-only stream over a socket; every recv waits at most until `deadline` (time.monotonic())."""

    def __init__(self, sock: socket.socket, deadline: float, idle: float | None = None) -> None:
        super().__init__()
        self._sock = sock
        # Read through the socket's own raw file: like any makefile() it keeps the descriptor open after the
        # socket object is closed (http.client closes it once the response says Connection: close).
        self._raw = sock.makefile("rb", buffering=0)
        self.deadline = deadline
        self._idle = idle  # also bound each single wait (an idle peer is dropped sooner than the deadline)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise DeadlineExceeded("deadline passed")
        self._sock.settimeout(remaining if self._idle is None else min(remaining, self._idle))
        return self._raw.readinto(buffer)  # type: ignore[no-any-return]

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def reader(sock: socket.socket, deadline: float, idle: float | None = None,
           buffer_size: int = io.DEFAULT_BUFFER_SIZE) -> io.BufferedReader:
    """A buffered reader (readline, read1, ...) over `sock` whose reads all end by `deadline`."""
    return io.BufferedReader(DeadlineReader(sock, deadline, idle), buffer_size)


class DeadlineSocket:
    """Just enough of a socket for `http.client.HTTPResponse`, which only calls `makefile("rb")`."""

    def __init__(self, sock: socket.socket, deadline: float, buffer_size: int = io.DEFAULT_BUFFER_SIZE) -> None:
        self._sock = sock
        self._deadline = deadline
        self._buffer_size = buffer_size

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError("read-only")
        return reader(self._sock, self._deadline, buffer_size=self._buffer_size)
