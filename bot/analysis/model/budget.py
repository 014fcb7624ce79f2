"""Fit an article into the model's prompt budget by whole paragraphs."""

from __future__ import annotations

from dataclasses import dataclass

# tiktoken needs a download at run time, which fails offline; a conservative estimate never does.
# English news runs about 4 characters a token; 3 leaves room for other languages and punctuation.
CHARS_PER_TOKEN = 3


def estimate_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


@dataclass(frozen=True)
class Fitted:
    text: str
    kept_paragraphs: int
    total_paragraphs: int

    @property
    def truncated(self) -> bool:
        return self.kept_paragraphs < self.total_paragraphs


def fit_paragraphs(text: str, max_tokens: int) -> Fitted:
    """The longest run of leading paragraphs within max_tokens (at least the first one, cut if it must be)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept: list[str] = []
    used = 0
    for paragraph in paragraphs:
        cost = estimate_tokens(paragraph) + 1
        if used + cost > max_tokens:
            break
        kept.append(paragraph)
        used += cost
    if not kept and paragraphs:
        kept = [paragraphs[0][: max_tokens * CHARS_PER_TOKEN]]
    return Fitted("\n\n".join(kept), len(kept), len(paragraphs))
