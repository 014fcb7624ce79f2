"""Why an article could not be read, as exceptions whose message is fit to show a newsroom user."""

from __future__ import annotations


class ReadError(Exception):
    """Base class: `str(error)` is a one-line, user-facing explanation."""

    kind = "unreadable"


class BlockedURL(ReadError):
    """The URL points somewhere the bot must not go (SSRF guard, scheme, credentials)."""

    kind = "blocked"


class FetchFailed(ReadError):
    """The server could not be reached or answered with an error status."""

    kind = "fetch_failed"


class TooLarge(ReadError):
    kind = "too_large"


class FetchTimeout(ReadError):
    kind = "timeout"


class UnsupportedContent(ReadError):
    """Not a web page, plain text or PDF: an image, an archive, a binary body behind an HTML content type."""

    kind = "unsupported_content"


class UndecodableText(ReadError):
    kind = "bad_encoding"


class NoTextLayer(ReadError):
    """A PDF of images only (a scan, a photographed page): there is text to see but none to read."""

    kind = "no_text_layer"


class EncryptedDocument(ReadError):
    """A PDF that needs a password (or a cipher the bot does not have) before its text can be read."""

    kind = "encrypted"


class DamagedDocument(ReadError):
    """A PDF too broken to read: truncated, malformed, or built to crash readers."""

    kind = "damaged"


class NotAnArticle(ReadError):
    """The page was read but holds no article: paywall, consent wall, index page, too little text."""

    kind = "not_an_article"
