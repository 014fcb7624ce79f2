"""Where the story states its claim: what an editor reads first, headline and opening together.

The lede is the opening sentence, unless the opening is furniture the reader kept: a standfirst the next
paragraph says again, at length; or a kicker or scene-setting line, when a later sentence of the opening says
what the headline says. A second sentence
that turns on the first ("But ...") is the news the first sets up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot import language
from bot.analysis.sentences import Span
from bot.language import Parsed, Token

_WORDS_FILE = "claim_words.json"
MAX_CLAIMS = 6  # the reply's key claims, the lede's included
OPENING = 6  # sentences in which a story states its claim, past any standfirst or kicker
_LEDE_SENTENCES = 2  # the lede: its sentence and the next
_CLEARLY_MORE = 2  # headline words a later sentence must say beyond the opening's to be the lede
_SAYS_IT = 4  # and at least this many (three: a topic shared, not the claim)
_SAID_AGAIN = 0.6  # share of the opening's words the next paragraph says again when the opening is a standfirst
_STANDFIRST_WORDS = 5
_CONTENT = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
_SITE_TAIL = re.compile(r"\s+[-–—|]\s+(?:[A-Z0-9][\w.&’'-]*\s?){1,4}$")  # "- Taipei Times", "| CBC News"


@dataclass(frozen=True)
class Lede:
    """The lede's sentences as a character span of the text."""

    start: int
    end: int
    first: int  # index of the lede's sentence
    claim_start: int | None = None  # where the lede's own claim begins, when it needs the sentence before


@lru_cache(maxsize=1)
def claim_words() -> dict[str, list[str]]:
    """The word lists of claim_words.json."""
    return json.loads(resources.files(__package__).joinpath(_WORDS_FILE).read_text(encoding="utf-8"))


def headline_of(title: str | None) -> str:
    """The page title without the site's name: "Russia hits Kyiv - National | Globalnews.ca" -> "Russia hits Kyiv"."""
    head = (title or "").strip()
    while True:
        cut = _SITE_TAIL.sub("", head).strip()
        if cut == head or len(cut.split()) < 3:
            return head
        head = cut


def find_lede(all_sentences: list[Span], parsed: Parsed | None, title: str | None) -> Lede:
    """The lede's span: the opening sentence and the next, moved past furniture to the sentence that says the
    headline, or to the turn of a "But" sentence."""
    if not all_sentences:
        return Lede(0, 0, 0)
    head = headline_of(title)
    head_parsed = language.parse(head) if parsed is not None and len(head.split()) >= 3 else None
    opening = all_sentences[:OPENING]
    said: list[int] = []
    if head_parsed is not None:
        wanted = key_words(head_parsed.tokens)
        said = [len(wanted & key_words(parsed.tokens_in(s.start, s.end))) for s in opening] if parsed else []
    restated = parsed is not None and len(opening) > 1 and _restates(parsed, opening[0], opening[1])
    first, turned = (1, False) if restated else _lede_index(opening, said)
    last = min(first + _LEDE_SENTENCES, len(all_sentences)) - 1
    # "But a new report calls that into question": a turn that points back needs the sentence it turns on
    claim_start = all_sentences[0].start if turned and _points_back(parsed, all_sentences[1]) else None
    return Lede(all_sentences[first].start, all_sentences[last].end, first, claim_start)


def _lede_index(opening: list[Span], said: list[int]) -> tuple[int, bool]:
    """The first sentence, unless a later one of the opening says clearly more of the headline (the first was a
    standfirst or a scene), or the second turns on the first ("But ...": the first sets up the news); and
    whether it is such a turn."""
    if said:
        best = max(range(len(said)), key=lambda k: (said[k], -k))
        if said[best] >= max(_SAYS_IT, said[0] + _CLEARLY_MORE):
            return best, False
    if len(opening) > 1 and opening[1].text.split(None, 1)[0].strip(",").lower() in claim_words()["turns"]:
        return 1, True
    return 0, False


def _restates(parsed: Parsed, opening: Span, following: Span) -> bool:
    """A standfirst: the opening paragraph said again by the next ("Holly Bowles, 19, became the sixth ..." then
    "Australian teenager Holly Bowles has become the sixth person to die ..."), which is the lede."""
    said = key_words(parsed.tokens_in(opening.start, opening.end))
    again = key_words(parsed.tokens_in(following.start, following.end))
    return opening.paragraph != following.paragraph and len(said) >= _STANDFIRST_WORDS and \
        len(said & again) >= _SAID_AGAIN * len(said)


def _points_back(parsed: Parsed | None, sentence: Span) -> bool:
    """A sentence whose subject or object is "that", "this" or "it": it says something about the one before."""
    return parsed is not None and any(t.lower in claim_words()["back_references"] and  # "that report" is a det
                                      t.dep in ("nsubj", "nsubjpass", "dobj", "pobj")
                                      for t in parsed.tokens_in(sentence.start, sentence.end))


def key_words(tokens: list[Token] | tuple[Token, ...]) -> set[str]:
    """The words that carry meaning, by lemma; a name written in several words ("Zach Parise") is one word,
    its last, so a name does not outweigh what the headline says happened."""
    words: set[str] = set()
    for k, token in enumerate(tokens):
        if token.pos not in _CONTENT or len(token.text) < 2:
            continue
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.pos == "PROPN" and following is not None and following.pos == "PROPN" and following.i == token.i + 1:
            continue
        words.add(token.lemma.lower())
    return words
