"""Is a sentence the model wrote supported by the article? Its content words and figures must be in the cited text.

This is what stops a model that obeys an injected page from having its words posted as our summary: text the
cited sentences do not contain is dropped or shown as unsupported, never presented as what the article says.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from bot.analysis.quotes import normalise
from bot.analysis.sentences import sentences

_WORD = re.compile(r"[^\W\d_][\w’'-]*", re.U)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"”)]+|\b(?:[\w-]+\.)+(?:com|org|net|io|co|info|biz|xyz|example|ru|uk)"
                  r"\b(?:/[^\s<>\"”)]*)?", re.I)
_MENTION = re.compile(r"<[@!#][^>\s]*>")
_STEM = 5  # "desertions" and "deserting" share their first letters; "kill" and "killing" their first four
MIN_SHARE = 0.6  # share of a sentence's content words that must be in its evidence


@cache
def stopwords() -> frozenset[str]:
    lines = resources.files("bot.analysis").joinpath("lexicon/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in lines.splitlines() if w.strip() and not w.startswith("#"))


def content_words(text: str) -> set[str]:
    words = (w.lower().strip("’'-") for w in _WORD.findall(normalise(text)))
    return {w for w in words if len(w) >= 4 and w not in stopwords()}


def figures(text: str) -> set[str]:
    return {f.replace(",", "") for f in _FIGURE.findall(text)}


def has_url(text: str) -> bool:
    return bool(_URL.search(text))


def links_in(text: str) -> set[str]:
    """URLs, bare domains and Slack mentions, as a model might repeat them from a page."""
    found = [m.group(0) for m in _URL.finditer(text)] + [m.group(0) for m in _MENTION.finditer(text)]
    return {link.lower().rstrip(".,;:!?'’") for link in found}


class Evidence:
    """The cited text's words, indexed for stem matching."""

    def __init__(self, text: str) -> None:
        words = content_words(text)
        self.stems = {w[:_STEM] for w in words if len(w) >= _STEM}
        self.prefixes = {w[:4] for w in words}
        self.short = {w for w in words if len(w) == 4}
        self.figures = figures(text)
        self.links = links_in(text)

    def has(self, word: str) -> bool:
        if len(word) == 4:
            return word in self.prefixes
        return word[:_STEM] in self.stems or word[:4] in self.short


def supported(sentence: str, evidence: str | Evidence, links: bool = True) -> bool:
    """Every figure, link and mention and most content words of `sentence` appear in `evidence`.

    With `links=False` (our summary) a sentence with a link or mention is never supported: an obeyed page's
    "your session expired, verify at https://..." is in the article, but it is not how we summarise it."""
    words = content_words(sentence)
    if not words:
        return False
    found = evidence if isinstance(evidence, Evidence) else Evidence(evidence)
    own_links = links_in(sentence)
    if own_links and (not links or not own_links <= found.links):
        return False
    if not figures(sentence) <= found.figures:
        return False
    return sum(found.has(w) for w in words) / len(words) >= MIN_SHARE


def supported_sentences(text: str, evidence: str, links: bool = True) -> tuple[list[str], int]:
    """The sentences of `text` the evidence supports, and how many it does not."""
    found = Evidence(evidence)
    kept, dropped = [], 0
    for span in sentences(text):
        if supported(span.text, found, links):
            kept.append(span.text)
        else:
            dropped += 1
    return kept, dropped
