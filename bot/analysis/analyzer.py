"""Choose the backend and keep the promise that every request ends in an analysis or a clear error.

The model modules (and with them the openai client, most of the CLI's start-up time) are imported only
when the model is used: `newsbot read` and `newsbot analyze --offline` never load them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.analysis.errors import ModelError
from bot.analysis.linked_sources import attach_links
from bot.analysis.models import Analysis
from bot.analysis.offline import analyze_offline
from bot.analysis.parsing import use_model
from bot.reading.article import Article
from bot.observability import metrics
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.analysis.followup import Answer, Turn
    from bot.analysis.model.llm import ModelClient

log = logging.getLogger(__name__)


def fell_back(analysis: Analysis, exc: ModelError) -> Analysis:
    """Label a built-in analysis as the model's stand-in, with the reason: one wording for the fallback and
    for a quick first answer whose model check then failed (bot/pipeline.py)."""
    analysis.warnings.insert(0, f"The model could not be used ({exc}); this is the built-in offline analysis.")
    analysis.fallback_reason = str(exc)
    return analysis


class Analyzer:
    """The model when a key is configured, the offline analyzer otherwise or when asked for."""

    def __init__(self, settings: Settings, model: ModelClient | None = None) -> None:
        self.settings = settings
        self._model = model
        use_model(settings.spacy_model)

    @property
    def model(self) -> ModelClient | None:
        """The model client, built on first use so that offline runs never import openai."""
        if self._model is None and self.settings.llm_enabled:
            from bot.analysis.model.llm import ModelClient

            self._model = ModelClient(self.settings)
        return self._model

    def uses_model(self, offline: bool = False) -> bool:
        return not offline and (self._model is not None or self.settings.llm_enabled)

    def analyze(self, article: Article, offline: bool = False) -> Analysis:
        return attach_links(self._analyze(article, offline))

    def _analyze(self, article: Article, offline: bool) -> Analysis:
        if not self.uses_model(offline):
            return analyze_offline(article)
        from bot.analysis.model.model_analysis import analyze_with_model

        assert self.model is not None
        try:
            return analyze_with_model(article, self.model, self.settings.max_article_tokens)
        except ModelError as exc:
            if not self.settings.offline_fallback:
                raise
            log.warning("model analysis failed, using the offline analyzer: %s", exc)
            metrics.count(lambda m: m.fallbacks, type(exc).__name__)
            return fell_back(analyze_offline(article), exc)

    def ask(self, analysis: Analysis, question: str, history: list[Turn] | None = None,
            offline: bool = False) -> Answer:
        from bot.analysis.followup import answer_offline, answer_with_model
        from bot.analysis.source_answers import answer_from_checks

        from_checks = answer_from_checks(analysis, question)  # "does the report say that?": the checks know
        if from_checks is not None:
            return from_checks
        if not self.uses_model(offline):
            return answer_offline(analysis, question)
        assert self.model is not None
        try:
            return answer_with_model(analysis, question, history or [], self.model, self.settings.max_article_tokens)
        except ModelError as exc:
            if not self.settings.offline_fallback:
                raise
            log.warning("model answer failed, answering offline: %s", exc)
            metrics.count(lambda m: m.fallbacks, type(exc).__name__)
            answer = answer_offline(analysis, question)
            answer.text = f"(The model could not be used: {exc}. Offline answer.)\n{answer.text}"
            return answer
