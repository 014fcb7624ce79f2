"""Names as newsrooms write them: a person's given name and surname behind honorifics and titles, an
organisation's name and its acronym or short form, and the people and bodies an article names anywhere (not only
as sources), which a later surname, acronym or "the grid operator" can stand for."""

from __future__ import annotations

import functools
import json
import re
import weakref
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Callable, TypeVar

from bot.language import Parsed

from .lexicon import lexicon

PERSONAL_LABELS = {"PERSON"}
BODY_LABELS = {"ORG", "GPE", "FAC"}
_WORD = re.compile(r"[\w’'.&-]+")
_POSSESSIVE = re.compile(r"(?:’s|'s)$")


_T = TypeVar("_T")


def per_parse(compute: Callable[[Parsed | None], _T]) -> Callable[[Parsed | None], _T]:
    """Work done once per article's parse, however many mentions ask for it (the names and labels of the whole
    article): kept for as long as the parse lives, found by the parse's identity, never by comparing parses."""
    cache: dict[int, tuple[weakref.ref[Parsed], _T]] = {}

    @functools.wraps(compute)
    def cached(parsed: Parsed | None) -> _T:
        if parsed is None:
            return compute(parsed)
        entry = cache.get(id(parsed))
        if entry is not None and entry[0]() is parsed:
            return entry[1]
        value = compute(parsed)
        ident = id(parsed)
        cache[ident] = (weakref.ref(parsed, lambda _ref: cache.pop(ident, None)), value)
        return value

    return cached


@lru_cache(maxsize=1)
def entity_words() -> dict:
    path = resources.files("bot.analysis.attribution").joinpath("entity_words.v1.json")
    return json.loads(path.read_text(encoding="utf-8"))


@per_parse
def known_people(parsed: Parsed | None) -> dict[str, str]:
    """Surname -> full name of the people the article names: "Sheinbaum", which the recogniser may take for an
    organisation when it stands alone, is Claudia Sheinbaum if she is named."""
    return people_at(full_names(parsed), None)


def people_at(names: list[tuple[int, str]], at: int | None) -> dict[str, str]:
    """Surname (or given name) -> full name. Where two people share a surname (a father and his son), the one
    named last before `at` (else the first named after it) is meant; without `at`, the last one named."""
    people: dict[str, str] = {}
    given_names: dict[str, str] = {}
    for start, name in names:
        given, surname = name_parts(name)
        if at is None or start < at or surname not in people:
            people[surname] = name
        if given.lower() not in given_names or at is not None and start < at:
            given_names[given.lower()] = name  # "Lee" for Lee Jae-myung, "Fiona" in a feature
    for given, name in given_names.items():
        people.setdefault(given, name)
    return people


@per_parse
def full_names(parsed: Parsed | None) -> list[tuple[int, str]]:
    """(offset, name) of every person the recogniser names with a given name and a surname, in text order."""
    if parsed is None:
        return []
    votes = label_votes(parsed)
    names = []
    for entity in parsed.entities:
        if entity.label in PERSONAL_LABELS and len(entity.text.split()) >= 2:
            name = _POSSESSIVE.sub("", entity.text)
            counts = votes[key(name)]
            bodies = sum(counts[label] for label in BODY_LABELS)
            if bodies >= 3 and bodies >= 3 * counts["PERSON"]:
                continue  # "Con Edison", once taken for a person, four times for the utility (but the small model
                # also calls "Hori Parata" an organisation twice)
            given, surname = name_parts(name)
            if given and surname:
                names.append((entity.start, name))
    return names


@per_parse
def known_bodies(parsed: Parsed | None) -> list[str]:
    """The organisations the article names anywhere (in a role, a list, a caption), fullest forms first: what an
    acronym or a short form ("California ISO") and a definite description ("the grid operator") can stand for."""
    if parsed is None:
        return []
    names: dict[str, str] = {}
    for entity in parsed.entities:
        if entity.label in BODY_LABELS - {"GPE"}:
            name = re.sub(r"^(?:the|The)\s+", "", re.sub(r"(?:’s|'s)$", "", entity.text)).strip()
            names.setdefault(key(name), name)
    skips = set(entity_words()["acronym_skips"])
    for first, last in parsed.noun_phrases:  # "the California Independent System Operator", which NER may cut short
        words = parsed.span_text(first, last).split()
        while words and words[0].lower() in skips:
            words = words[1:]
        proper = [w for w in words if w.lower() not in skips]
        if len(proper) >= 2 and all(w[:1].isupper() for w in proper) and any(
                parsed.tokens[k].ent in BODY_LABELS for k in range(first, last)):
            names.setdefault(key(" ".join(words)), " ".join(words))
    return sorted(names.values(), key=len, reverse=True)


_DEFINED_SHORT = re.compile(r"((?:[A-Z][\w&’'-]*\s+(?:(?:of|and|for|on|the|de)\s+)*){1,8})\(([A-Z][A-Za-z]{1,7})\)")


@per_parse
def short_forms(parsed: Parsed | None) -> dict[str, str]:
    """Short form -> name, where the article defines it in brackets: "the South African Revenue Service (Sars)",
    whatever the short form's case (the acronym rule in `expands` needs capitals)."""
    if parsed is None:
        return {}
    forms: dict[str, str] = {}
    for match in _DEFINED_SHORT.finditer(parsed.text):
        name, short = match.group(1).strip(), match.group(2)
        initials = "".join(w[0] for w in name.split() if w[:1].isupper())
        if short.upper() != name.upper() and short[0].upper() == initials[:1] and len(name.split()) >= 2:
            forms.setdefault(key(short), name)
    return forms


@per_parse
def named_companies(parsed: Parsed | None) -> list[tuple[int, int, str]]:
    """(sentence, offset, name) of each organisation the article names, in text order, that is no public body by its words
    (not "the Transportation Department"), and not one modifying another noun ("NASA supplier SpaceX", "NASA's other shipper"): what a later
    "the company" can stand for."""
    if parsed is None:
        return []
    labels = document_labels(parsed)
    public = set(entity_words()["body_nouns"])
    return [(parsed.tokens[e.first].sentence, e.start, name) for e in parsed.entities if e.label == "ORG" and parsed.tokens[e.last - 1].dep not in ("compound", "poss")
            for name in [re.sub(r"^(?:the|The)\s+", "", _POSSESSIVE.sub("", e.text)).strip()]
            if labels.get(key(name)) == "ORG" and not public & set(key(name).split())]


def named_outlets(parsed: Parsed | None, is_outlet: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(sentence, offset, name) of each outlet the article names ("revelations by newspaper Dagens Nyheter"), in
    text order: what a later "the paper" can stand for."""
    if parsed is None:
        return []
    return [(parsed.tokens[e.first].sentence, e.start, name) for e in parsed.entities
            for name in [re.sub(r"^(?:the|The)\s+", "", _POSSESSIVE.sub("", e.text)).strip()] if name and is_outlet(name)]


@per_parse
def document_labels(parsed: Parsed | None) -> dict[str, str]:
    """Name -> the label the recogniser gives it most often across the article: "Nissan" is an organisation in
    the article even where one sentence's tagging missed it, "Beijing" a place speaking for its government."""
    return {name: counts.most_common(1)[0][0] for name, counts in label_votes(parsed).items()}


@per_parse
def label_votes(parsed: Parsed | None) -> dict[str, Counter[str]]:
    votes: dict[str, Counter[str]] = {}
    for entity in parsed.entities if parsed is not None else ():
        votes.setdefault(key(_POSSESSIVE.sub("", entity.text)), Counter())[entity.label] += 1
    return votes


@per_parse
def titled_people(parsed: Parsed | None) -> dict[str, list[tuple[int, str]]]:
    """Role -> (offset, name) of the people the article names with it as a title ("Republican Gov. Eric
    Holcomb"), in text order: whom a later "the governor" can stand for even if he is never quoted by name."""
    holders: dict[str, list[tuple[int, str]]] = {}
    if parsed is None:
        return holders
    titles = entity_words()["titles"]
    roles = set(lexicon().words("roles"))
    for entity in parsed.entities:
        if entity.label not in PERSONAL_LABELS or len(entity.text.split()) < 2:
            continue
        for k in range(max(0, entity.first - 3), entity.first):
            word = parsed.tokens[k].lower
            role = titles.get(word) or (word if word in roles else "")
            if role:
                holders.setdefault(role, []).append((entity.start, _POSSESSIVE.sub("", entity.text)))
    return holders


@per_parse
def body_names(parsed: Parsed | None) -> frozenset[str]:
    """Names the article's recogniser takes for organisations or places, less the surnames of people it names
    in full (the small model calls "Sheinbaum" alone an organisation)."""
    if parsed is None:
        return frozenset()
    people = known_people(parsed)
    labels = document_labels(parsed)
    names = {_POSSESSIVE.sub("", e.text) for e in parsed.entities if e.label in BODY_LABELS}
    return frozenset(key(name) for name in names if labels.get(key(name)) in BODY_LABELS
                     and name_parts(name)[1] not in people)


def name_parts(name: str) -> tuple[str, str]:
    """(given name, surname), honorifics, titles and suffixes left out: "Mr. Marcus" -> ("", "marcus")."""
    words = entity_words()
    skip = set(words["honorifics"]) | set(words["titles"]) | set(lexicon().words("roles"))
    tokens = [w for w in name.replace("’s", "").replace("'s", "").split()
              if w.lower() not in words["name_suffixes"]]
    while tokens and tokens[0].lower().strip(",") in skip:
        tokens = tokens[1:]
    tokens = [t for t in tokens if t[:1].isupper() or t.lower() in words["name_particles"]]
    if not tokens or not tokens[-1][:1].isupper():
        return "", ""
    surname_start = len(tokens) - 1
    while surname_start > 0 and tokens[surname_start - 1].lower() in words["name_particles"]:
        surname_start -= 1
    given = tokens[0] if surname_start > 0 else ""
    return given, " ".join(tokens[surname_start:]).lower()


def same_given(a: str, b: str) -> bool:
    """One given name: the same, an initial of it, or its short form ("Josh" for "Joshua", "Chris" for
    "Christopher")."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    short, full = sorted((a, b), key=len)
    return a == b or len(short) == 1 and full.startswith(short) or len(short) >= 3 and full.startswith(short)


def expands(short: list[str], full: list[str]) -> bool:
    """`short` is `full` with some runs of words written as their initials: "California ISO" for
    "California Independent System Operator", "NRC" for "Nuclear Regulatory Commission"."""
    if short == full or not short or not full or len(short) > len(full):
        return False
    skips = set(entity_words()["acronym_skips"])
    full = [w for w in full if w.lower() not in skips]

    def walk(i: int, j: int) -> bool:
        if i == len(short):
            return j == len(full)
        word = short[i]
        if j < len(full) and word.lower() == full[j].lower() and walk(i + 1, j + 1):
            return True
        if word.isupper() and len(word) >= 2:
            letters = word.replace(".", "")
            span = full[j:j + len(letters)]
            if len(span) == len(letters) and all(w[:1].upper() == c for w, c in zip(span, letters)):
                return walk(i + 1, j + len(letters))
        return False

    return any(c.isupper() and len(c) > 1 for c in short) and walk(0, 0)


def tail(short: list[str], full: list[str], shortest: int = 2) -> bool:
    """"the Air Force" for "Ukraine’s Air Force": the full name less its possessor or place (of one word, "The
    Chronicle" for "The San Francisco Chronicle", only where the caller allows it)."""
    return shortest <= len(short) < len(full) and [w.lower() for w in full[-len(short):]] == [w.lower() for w in short]


def capitalised(name: str) -> list[str]:
    skips = set(entity_words()["acronym_skips"])
    words = [w for w in _WORD.findall(name.replace("’s", "").replace("'s", "")) if w[:1].isupper()]
    return words[1:] if words and words[0].lower() in skips else words


def role_head(phrase: str) -> str:
    """The role's head word: "spokeswoman" in "a spokeswoman for California ISO"."""
    before = re.split(r"\s+(?:of|for|at|from|with|in|to|on|near|inside|outside)\s+", phrase.strip(), maxsplit=1)[0].split()
    return before[-1].lower().strip(",.") if before else ""


def key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).removeprefix("the ")
