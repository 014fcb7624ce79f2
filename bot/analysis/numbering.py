"""The article as numbered sentences, so the model cites evidence by number and code cuts the words by offset."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.model.budget import estimate_tokens, fit_paragraphs
from bot.analysis.models import Attribution
from bot.analysis.sentences import Span, sentences

MAX_SENTENCES = 400  # the schema's bound on a sentence number; a 6,000-token budget holds about 250
MAX_CANDIDATES = 40
_FAKE_NUMBER = re.compile(r"\[(\s*\d+\s*)\]")  # "[12]" inside the article would look like our numbering


@dataclass(frozen=True)
class Candidate:
    """One of the offline finder's attributions, as offered to the model: number, sentence, the finding."""

    number: int
    sentence: int  # 1-based sentence number
    attribution: Attribution


@dataclass
class NumberedArticle:
    text: str  # the full article text; every offset below points into it
    sentences: list[Span]  # sentences sent to the model, numbered from 1
    candidates: list[Candidate]
    total_sentences: int
    total_paragraphs: int
    kept_paragraphs: int

    @property
    def truncated(self) -> bool:
        return len(self.sentences) < self.total_sentences

    def sentence(self, number: int) -> Span | None:
        """Sentence `number` (1-based), or None when the model cites one that was not sent."""
        return self.sentences[number - 1] if 1 <= number <= len(self.sentences) else None

    def sentence_of(self, offset: int) -> int | None:
        return next((i for i, s in enumerate(self.sentences, 1) if s.start <= offset < s.end), None)

    def rendered_sentences(self) -> str:
        """One sentence a line, paragraphs separated by a blank line; nothing in the text can start a line."""
        lines: list[str] = []
        for number, span in enumerate(self.sentences, 1):
            if number > 1 and span.paragraph != self.sentences[number - 2].paragraph:
                lines.append("")
            lines.append(f"[{number}] {_flatten(span.text)}")
        return "\n".join(lines)

    def rendered_candidates(self) -> str:
        rows = [f"{c.number}. sentence {c.sentence} | source: {_flatten(c.attribution.source)} | cue: "
                f"{_flatten(c.attribution.cue)} | kind: {c.attribution.source_type}" for c in self.candidates]
        return "\n".join(rows) or "(none found)"

    def size(self) -> int:
        """Estimated prompt tokens of the numbered sentences and candidates."""
        return estimate_tokens(self.rendered_sentences()) + estimate_tokens(self.rendered_candidates())


def number_article(text: str, attributions: list[Attribution], budget: int) -> NumberedArticle:
    """Whole paragraphs from the top, as many as fit `budget` tokens once numbered and with their candidates."""
    all_sentences = sentences(text)
    fitted = fit_paragraphs(text, budget)
    limit = len(fitted.text)
    while True:
        kept = [s for s in all_sentences if s.end <= limit][:MAX_SENTENCES]
        article = _build(text, kept, attributions, len(all_sentences), fitted.total_paragraphs)
        size = article.size()
        if size <= budget or len(kept) <= 1:
            return article
        limit = kept[max(1, len(kept) * budget // size) - 1].end  # shrink in proportion, then re-check


def _build(text: str, kept: list[Span], attributions: list[Attribution], total: int,
           paragraphs: int) -> NumberedArticle:
    article = NumberedArticle(text=text, sentences=kept, candidates=[], total_sentences=total,
                              total_paragraphs=paragraphs, kept_paragraphs=len({s.paragraph for s in kept}))
    for attribution in attributions:
        number = article.sentence_of(attribution.start)
        if number is not None and len(article.candidates) < MAX_CANDIDATES:
            article.candidates.append(Candidate(len(article.candidates) + 1, number, attribution))
    return article


def _flatten(text: str) -> str:
    """The prompt's copy of a sentence: one line, and a bracketed number cannot pass for one of ours."""
    return _FAKE_NUMBER.sub(r"(\1)", " ".join(text.split()))
