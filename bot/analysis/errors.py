"""Why the model could not produce an analysis, in words fit for a Slack thread."""

from __future__ import annotations


class ModelError(Exception):
    """`str(error)` is a one-line, user-facing explanation that never contains a key or token."""


class ModelUnavailable(ModelError):
    """Rate-limited, timed out, down or erroring after the retries ran out."""


class ModelRejected(ModelError):
    """A 4xx the model endpoint will not change its mind about: bad key, quota, bad request."""


class ModelBadOutput(ModelError):
    """Truncated, refused or malformed output that a retry did not fix."""


class ParserUnavailable(ModelError):
    """The parser model (NEWSBOT_SPACY_MODEL) is missing or broken: the message says what to install."""
