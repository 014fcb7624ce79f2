"""The analysis cache, by (scope, URL): scope "" is shared; a workspace's id keeps private pages to it."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.analysis.models import Analysis
from bot.store.engine import Database, insert_for
from bot.store.schema import analysis_cache as cache


class AnalysisCache:
    db: Database

    def _row(self, url: str, scope: str) -> tuple[str, float] | None:
        query = select(cache.c.analysis, cache.c.created).where(cache.c.scope == scope, cache.c.url == url)
        row = self.db.run(lambda c: c.execute(query).first(), read_only=True)
        return (row[0], row[1]) if row else None

    def cached_analysis(self, url: str, max_age_seconds: float, scope: str = "") -> Analysis | None:
        row = self._row(url, scope)
        if row is None or time.time() - row[1] > max_age_seconds:
            return None
        return Analysis.model_validate_json(row[0])

    def any_analysis(self, url: str, scope: str = "") -> Analysis | None:
        """The cached analysis whatever its age: an old thread's follow-ups still need their article."""
        row = self._row(url, scope)
        return Analysis.model_validate_json(row[0]) if row else None

    def save_analysis(self, url: str, analysis: Analysis, scope: str = "") -> None:
        stmt = insert_for(self.db.dialect)(cache).values(scope=scope, url=url, analysis=analysis.model_dump_json(),
                                                         created=time.time())
        stmt = stmt.on_conflict_do_update(index_elements=[cache.c.scope, cache.c.url],
                                          set_={"analysis": stmt.excluded.analysis, "created": stmt.excluded.created})
        self.db.run(lambda c: c.execute(stmt))

    def save_analysis_if_absent(self, url: str, analysis: Analysis, scope: str = "") -> None:
        """Keep a stand-in (e.g. the offline fallback) for follow-ups without marking it fresh for the cache."""
        stmt = insert_for(self.db.dialect)(cache).values(scope=scope, url=url, analysis=analysis.model_dump_json(),
                                                         created=0.0).on_conflict_do_nothing()
        self.db.run(lambda c: c.execute(stmt))
