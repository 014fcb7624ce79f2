"""Choose the backend and keep the promise that every request ends in an analysis or a clear error."""

from __future__ import annotations

import logging

from bot.analysis.errors import ModelError
from bot.analysis.followup import Answer, Turn, answer_offline, answer_with_model
from bot.analysis.llm import ModelClient
from bot.analysis.model_analysis import analyze_with_model
from bot.analysis.models import Analysis
from bot.analysis.offline import analyze_offline
from bot.reading.article import Article
from bot.settings import Settings

log = logging.getLogger(__name__)


class Analyzer:
    """The model when a key is configured, the offline analyzer otherwise or when asked for."""

    def __init__(self, settings: Settings, model: ModelClient | None = None) -> None:
        self.settings = settings
        self.model = model or (ModelClient(settings) if settings.llm_enabled else None)

    def uses_model(self, offline: bool = False) -> bool:
        return self.model is not None and not offline

    def analyze(self, article: Article, offline: bool = False) -> Analysis:
        if not self.uses_model(offline):
            return analyze_offline(article)
        assert self.model is not None
        try:
            return analyze_with_model(article, self.model, self.settings.max_article_tokens)
        except ModelError as exc:
            if not self.settings.offline_fallback:
                raise
            log.warning("model analysis failed, using the offline analyzer: %s", exc)
            analysis = analyze_offline(article)
            analysis.warnings.insert(0, f"The model could not be used ({exc}); this is the built-in offline analysis.")
            return analysis

    def ask(self, analysis: Analysis, question: str, history: list[Turn] | None = None,
            offline: bool = False) -> Answer:
        if not self.uses_model(offline):
            return answer_offline(analysis, question)
        assert self.model is not None
        try:
            return answer_with_model(analysis, question, history or [], self.model, self.settings.max_article_tokens)
        except ModelError as exc:
            if not self.settings.offline_fallback:
                raise
            log.warning("model answer failed, answering offline: %s", exc)
            answer = answer_offline(analysis, question)
            answer.text = f"(The model could not be used: {exc}. Offline answer.)\n{answer.text}"
            return answer
