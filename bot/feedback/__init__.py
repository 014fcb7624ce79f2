"""Reader feedback on an analysis: what was wrong, tied to a claim, kept so it can become test data."""

from bot.feedback.models import REASONS, Feedback, Reason

__all__ = ["REASONS", "Feedback", "Reason"]
