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
    """Not HTML or plain text: a PDF, an image, a binary body behind an HTML content type."""

    kind = "unsupported_content"


class UndecodableText(ReadError):
    kind = "bad_encoding"


class NotAnArticle(ReadError):
    """The page was read but holds no article: paywall, consent wall, index page, too little text."""

    kind = "not_an_article"
