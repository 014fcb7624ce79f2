"""A typed, immutable view of one parse: what the finder and the entity rules read, with character offsets
into the article text so every layer can point back at the words."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    text: str
    start: int  # character offsets in the article text
    end: int
    lemma: str
    pos: str  # universal part of speech: PROPN, NOUN, VERB, ...
    tag: str  # fine-grained tag: NNP, VBD, ...
    dep: str  # dependency label: nsubj, ccomp, appos, ...
    head: int  # index of the head token (itself at a root)
    ent: str  # named-entity label ("PERSON", "ORG", ...) or ""
    sentence: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    first: int  # token index range [first, last)
    last: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity span as the recogniser labelled it: evidence, not the newsroom's kind."""

    text: str
    label: str
    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class Parsed:
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    noun_phrases: tuple[tuple[int, int], ...]  # token ranges
    language: str = "en"
    parsed_chars: int = 0  # how much of the text was parsed (a long text is parsed up to a cap)
    truncated: bool = False
    _children: tuple[tuple[int, ...], ...] = field(default=(), repr=False)
    _starts: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def build(cls, text: str, tokens: list[Token], sentences: list[Sentence], entities: list[Entity],
              noun_phrases: list[tuple[int, int]], *, language: str = "en", parsed_chars: int = 0,
              truncated: bool = False) -> Parsed:
        children: list[list[int]] = [[] for _ in tokens]
        for token in tokens:
            if token.head != token.i:
                children[token.head].append(token.i)
        return cls(text, tuple(tokens), tuple(sentences), tuple(entities), tuple(noun_phrases), language,
                   parsed_chars, truncated, tuple(tuple(c) for c in children), tuple(t.start for t in tokens))

    def children(self, i: int) -> tuple[int, ...]:
        return self._children[i]

    def token_at(self, offset: int) -> Token | None:
        """The token covering (or starting right after) a character offset."""
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and self.tokens[k].start <= offset < self.tokens[k].end:
            return self.tokens[k]
        if k + 1 < len(self.tokens) and self.tokens[k + 1].start >= offset:
            return self.tokens[k + 1]
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens wholly or partly inside a character span."""
        k = max(0, bisect_right(self._starts, start) - 1)
        found = []
        while k < len(self.tokens) and self.tokens[k].start < end:
            if self.tokens[k].end > start:
                found.append(self.tokens[k])
            k += 1
        return found

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> tuple[int, int]:
        """The token range of i's subtree, leaving out dependents whose label is in `skip` (and theirs)."""
        low = high = i
        stack = [i]
        while stack:
            k = stack.pop()
            low, high = min(low, k), max(high, k)
            stack.extend(c for c in self._children[k] if self.tokens[c].dep not in skip)
        return low, high + 1

    def span_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start:self.tokens[last - 1].end] if last > first else ""

    def entity_at(self, i: int) -> Entity | None:
        for entity in self.entities:
            if entity.first <= i < entity.last:
                return entity
        return None
