"""URL in, analysis out: the core the Slack app and the CLI share, with a cache and one analysis per URL.

The same link dropped in five channels is read and analysed once: concurrent requests for one URL wait
for the first (single flight), and later ones are answered from the SQLite cache.
"""

from __future__ import annotations

import threading

from bot.analysis import Analysis, Analyzer, Answer, Turn
from bot.reading import Reader
from bot.settings import Settings
from bot.storage import Store

_LOCK_STRIPES = 64


class Pipeline:
    def __init__(self, settings: Settings, store: Store, reader: Reader | None = None,
                 analyzer: Analyzer | None = None) -> None:
        self.settings = settings
        self.store = store
        self.reader = reader or Reader(settings)
        self.analyzer = analyzer or Analyzer(settings)
        # Striped locks: bounded memory however many URLs pass through; two URLs rarely share a stripe.
        self._locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]

    def analyze_url(self, url: str) -> Analysis:
        """Raises ReadError or ModelError with a user-facing message."""
        with self._locks[hash(url) % _LOCK_STRIPES]:
            cached = self.store.cached_analysis(url, self.settings.cache_ttl_hours * 3600)
            if cached is not None:
                return cached
            article = self.reader.read_url(url)
            analysis = self.analyzer.analyze(article)
            if not _is_fallback(analysis, self.analyzer):
                self.store.save_analysis(url, analysis)  # a fallback is not cached: the model gets another go
            else:
                self.store.save_analysis_if_absent(url, analysis)
            return analysis

    def ask(self, url: str, question: str, history: list[Turn]) -> Answer | None:
        """Answer a question about a cached article; None if the article is no longer known."""
        analysis = self.store.any_analysis(url)
        if analysis is None:
            return None
        return self.analyzer.ask(analysis, question, history)

def _is_fallback(analysis: Analysis, analyzer: Analyzer) -> bool:
    return analyzer.uses_model() and analysis.backend == "offline"
