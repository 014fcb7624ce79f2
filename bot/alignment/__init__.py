"""Alignment: two or more claim–source ledgers matched claim by claim (a story over time, or across outlets)."""

from bot.alignment.compare import Comparison, compare
from bot.alignment.diff import diff
from bot.alignment.models import AlignedPair, LedgerDiff

__all__ = ["AlignedPair", "Comparison", "LedgerDiff", "compare", "diff"]
