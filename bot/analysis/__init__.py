"""Analysis: an `Article` becomes the claim–source ledger (`Analysis`), by model or offline.

The model half (`Analyzer`, `Answer`, `Turn` and everything under them) imports the openai client, which
alone costs most of a second; it is loaded on first use (PEP 562), so `newsbot read` and
`newsbot analyze --offline` start without it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from bot.analysis.errors import ModelError
from bot.analysis.models import Analysis, Attribution, Claim, Link, Sourcing

if TYPE_CHECKING:
    from bot.analysis.analyzer import Analyzer
    from bot.analysis.followup import Answer, Turn

_LAZY = {"Analyzer": "bot.analysis.analyzer", "Answer": "bot.analysis.followup", "Turn": "bot.analysis.followup"}

__all__ = ["Analysis", "Analyzer", "Answer", "Attribution", "Claim", "Link", "ModelError", "Sourcing", "Turn"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
