"""The finder's word lists, loaded once from the versioned data file beside this module.

Lexicons are data, not code: `lexicon.v1.json` holds cue verbs by the grammar they take (lemmas; forms are
generated here, irregular ones listed), cue nouns, auxiliaries, pronouns and the source-kind words that
`kinds.py` and the model backend's checks use.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

LEXICON_FILE = "lexicon.v1.json"


@dataclass(frozen=True)
class Lexicon:
    """Lookup tables built from the data file: every set holds lower-case words."""

    raw: dict[str, Any]
    cue_forms: dict[str, str]  # word form -> lemma
    cue_forms_before_to: dict[str, str]  # excluded noun-like forms that are cues before "to" ("plans to")
    frames: dict[str, frozenset[str]]  # lemma -> grammar groups ("speech", "tell", "stance", "mental", "data")
    data_only: frozenset[str]
    particles: dict[str, frozenset[str]]
    cue_nouns: frozenset[str]
    participles: frozenset[str]
    auxiliaries: frozenset[str]
    be_forms: frozenset[str]
    pronouns: dict[str, str]
    subject_pronouns: frozenset[str]
    determiners: frozenset[str]
    np_links: frozenset[str]
    boundaries: frozenset[str]
    time_tail: frozenset[str]
    objects: frozenset[str]
    denial: frozenset[str]
    passive_agentless: frozenset[str]
    stance_adjectives: frozenset[str]  # "is confident that", "was eager to"
    source_heads: frozenset[str]  # nouns that can head a source phrase ("the businessman")
    raising: frozenset[str]  # "seems to", "appears to": a judgement with nobody named
    after_pronoun: dict[str, str]  # excluded forms that are verbs right after a subject pronoun ("they support")

    def words(self, group: str) -> list[str]:
        """A source-kind word list (outlets, organisation_words, roles, ...) from the data file."""
        return list(self.raw["kinds"][group])


def inflections(lemma: str, doubled: frozenset[str]) -> set[str]:
    """Regular English forms of a verb: base, 3rd person -s, past -ed, -ing (doubling listed consonants)."""
    forms = {lemma}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return forms | {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    forms.add(lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else lemma + "s")
    if lemma in doubled:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
    return forms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, parsed once per process."""
    raw = json.loads(resources.files(__package__).joinpath(LEXICON_FILE).read_text(encoding="utf-8"))
    doubled = frozenset(raw["doubled"])
    irregular: dict[str, list[str]] = raw["irregular"]
    cue_forms: dict[str, str] = {}
    frames: dict[str, set[str]] = {}
    for group, lemmas in raw["verbs"].items():
        for lemma in lemmas:
            frames.setdefault(lemma, set()).add(group)
            for form in set(irregular[lemma]) if lemma in irregular else inflections(lemma, doubled):
                cue_forms.setdefault(form, lemma)
    excluded = frozenset(raw["excluded_forms"])
    before_to = {form: cue_forms[form] for form in raw["verb_before_to"] if form in cue_forms}
    after_pronoun = {form: lemma for form, lemma in cue_forms.items() if form in excluded}
    cue_forms = {form: lemma for form, lemma in cue_forms.items() if form not in excluded}
    raw["cue_nouns"] = [w for w in raw["cue_nouns"] if w not in excluded]
    sets = {name: frozenset(raw[key]) for name, key in (
        ("data_only", "data_only"), ("cue_nouns", "cue_nouns"), ("participles", "participial_lead"),
        ("auxiliaries", "auxiliaries"), ("be_forms", "be_forms"), ("subject_pronouns", "subject_pronouns"),
        ("determiners", "determiners"), ("np_links", "np_links"), ("boundaries", "boundaries"),
        ("time_tail", "time_tail"), ("objects", "objects"), ("denial", "denial"),
        ("passive_agentless", "passive_agentless"), ("raising", "raising"), ("stance_adjectives", "stance_adjectives"), ("source_heads", "source_heads"))}
    sets["source_heads"] = sets["source_heads"] | {w.lower() for group in ("source_nouns", "roles", "organisation_words",
                                                                          "document_words", "anonymous_words")
                                                   for w in raw["kinds"][group]}
    return Lexicon(raw=raw, cue_forms=cue_forms, cue_forms_before_to=before_to, frames={k: frozenset(v) for k, v in frames.items()},
                   particles={k: frozenset(v) for k, v in raw["particles"].items()}, pronouns=dict(raw["pronouns"]),
                   after_pronoun=after_pronoun,
                   **sets)


def word_pattern(words: list[str]) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for a word list (longest first, escaped)."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b", re.I)
