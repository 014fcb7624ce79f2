"""The desk's sourcing dashboard: counts over the ledgers the bot has posted, never re-read from the web."""

from bot.dashboard.stats import Dashboard, Posted, WindowStats, dashboard

__all__ = ["Dashboard", "Posted", "WindowStats", "dashboard"]
