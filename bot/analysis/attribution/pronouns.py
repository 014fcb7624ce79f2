"""Resolve a pronoun source ("he", "they", "who") to the phrase it stands for, for the ledger.

The written pronoun stays the attribution's source span; the resolved name rides beside it. "he"/"she" take
the last named person or title, "they" the last group or organisation, "it" the last organisation, outlet or
document, and "who"/"which" the phrase before their comma. Outside quotation marks "I" and "we" are the
writer (a first-person column); "you" is left unresolved, as is a pronoun with nothing before it to stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.analysis.models import SourceType

from .kinds import is_role


@dataclass
class Resolver:
    singular: tuple[str, SourceType] | None = None
    plural: tuple[str, SourceType] | None = None
    thing: tuple[str, SourceType] | None = None
    kinds: dict[str, SourceType] = field(default_factory=dict)
    author: str = "the author"
    bodies: frozenset[str] = frozenset()  # names the article's recogniser labels as organisations or places

    def observe(self, source: str, kind: SourceType) -> None:
        """Remember a source written out in full, by the pronouns that could later stand for it."""
        self.kinds.setdefault(source, kind)
        plural = source.lower().endswith("s") and not source.lower().endswith(("ss", "’s", "'s", "us"))
        if kind == "person" or (is_role(source) and not plural):
            self.singular = (source, kind)
        elif kind in ("organisation", "outlet", "document"):
            self.thing = (source, kind)
            self.plural = (source, kind)
        elif kind == "anonymous":
            self.plural = (source, kind)

    def resolve(self, pronoun_class: str, antecedent: str | None = None) -> tuple[str, SourceType] | None:
        """The name a pronoun stands for, with its kind, or None when the text does not say."""
        if pronoun_class == "relative" and antecedent:
            return antecedent, self.kinds.get(antecedent, "person")
        if pronoun_class in ("singular", "relative"):
            return self.singular
        if pronoun_class == "plural":
            return self.plural
        if pronoun_class == "thing":
            return self.thing
        if pronoun_class == "first":
            return self.author, "person"
        return None
