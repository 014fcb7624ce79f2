"""Analysis: an `Article` becomes the claim–source ledger (`Analysis`), by model or offline."""

from bot.analysis.analyzer import Analyzer
from bot.analysis.errors import ModelError
from bot.analysis.followup import Answer, Turn
from bot.analysis.models import Analysis, Attribution, Claim, Sourcing

__all__ = ["Analysis", "Analyzer", "Answer", "Attribution", "Claim", "ModelError", "Sourcing", "Turn"]
