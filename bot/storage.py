"""Kept for callers of the old module: the store lives in `bot.store` now."""

from bot.store import Job, Session, Store, StoreError

__all__ = ["Job", "Session", "Store", "StoreError"]
