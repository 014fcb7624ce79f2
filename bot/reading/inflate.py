"""Content-Encoding bodies to bytes, inflated a bounded piece at a time so a bomb stops at the size cap.

What servers really send under these names: `gzip` in one member or several (concatenated streams, as
`cat a.gz b.gz` makes), and `deflate` either as the zlib format the RFC names or as raw deflate (what
some servers send; browsers read both).
"""

from __future__ import annotations

import zlib

from bot.reading.errors import FetchFailed, UnsupportedContent

_GZIP = "gzip"
_DEFLATE = "deflate"


class Inflater:
    def __init__(self, encoding: str | None) -> None:
        value = (encoding or "identity").strip().lower()
        if value in ("", "identity"):
            self._kind: str | None = None
        elif value in ("gzip", "x-gzip"):
            self._kind = _GZIP
        elif value == "deflate":
            self._kind = _DEFLATE
        else:
            raise UnsupportedContent(f"the page uses a compression the bot cannot read ({value})")
        self._stream: zlib._Decompress | None = None
        self._pending = b""
        self._done = False

    @property
    def compressed(self) -> bool:
        return self._kind is not None

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`, producing at most `room` bytes (the caller stops once it passes its cap)."""
        if self._kind is None:
            return data
        out = bytearray()
        data, self._pending = self._pending + data, b""
        while data and not self._done and len(out) < room:
            if self._stream is None:
                if self._kind == _DEFLATE and len(data) < 2:
                    self._pending = data  # two bytes tell zlib format from raw deflate
                    break
                self._stream = zlib.decompressobj(wbits=self._wbits(data))
            try:
                out += self._stream.decompress(data, room - len(out))
            except zlib.error:
                raise FetchFailed("the page's compressed body is corrupt") from None
            if self._stream.eof:
                data = self._stream.unused_data.lstrip(b"\0")  # the next gzip member, after any padding
                self._stream = None
                self._done = self._kind != _GZIP  # only gzip has members; bytes after a deflate stream are junk
            else:
                data = self._stream.unconsumed_tail
        return bytes(out)

    def _wbits(self, head: bytes) -> int:
        if self._kind == _GZIP:
            return 16 + zlib.MAX_WBITS
        if head[:2] == b"\x1f\x8b":
            return 16 + zlib.MAX_WBITS  # gzip under the deflate label
        if head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0:
            return zlib.MAX_WBITS  # zlib format, as RFC 9110 says
        return -zlib.MAX_WBITS  # raw deflate
