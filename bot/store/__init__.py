"""The bot's state: one store, two backends (SQLite embedded, PostgreSQL shared by replicas)."""

from bot.store.engine import StoreError
from bot.store.jobs import Job
from bot.store.sessions import Session
from bot.store.store import Store, open_store

__all__ = ["Job", "Session", "Store", "StoreError", "open_store"]
