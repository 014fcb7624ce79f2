"""The gender the article shows for a person (an honorific; the pronouns around a lone mention of the name), so
that "she" is never given to a man the string resolver (pronouns.py) happened to see last.

Tried and dropped: Citron's nearest-person rule over every name the parse finds. On our labels it gave "she" to
people named inside quotes and lowered B-cubed F1 (0.814 to 0.811); the sources-only resolver with this gender
check does better (0.816)."""

from __future__ import annotations

from collections import Counter

from bot.language import Parsed

from .names import PERSONAL_LABELS, entity_words, name_parts

_SUBJECT = {"nsubj", "nsubjpass"}
_REFLEXIVES = {"himself": "male", "herself": "female"}
_GENDERS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


def pronoun_gender(pronoun: str) -> str | None:
    return _GENDERS.get(pronoun.lower())


def honorific_genders(parsed: Parsed) -> dict[str, str]:
    """Surname -> gender from "Mr. Marcus", "Ms Gonzales" anywhere in the article (none where both are used)."""
    honorifics = entity_words()["honorifics"]
    genders: dict[str, str] = {}
    tokens = parsed.tokens
    for k, token in enumerate(tokens[:-1]):
        gender = honorifics.get(token.lower)
        if gender and tokens[k + 1].pos == "PROPN":
            end = k + 1
            while end + 1 < len(tokens) and tokens[end + 1].pos == "PROPN":
                end += 1
            _, surname = name_parts(parsed.span_text(k + 1, end + 1))
            if surname:
                genders.setdefault(surname, gender)
                if genders[surname] != gender:
                    genders[surname] = ""  # "Mr. Lassiter" and "Ms. Lassiter": a couple, no one gender
    return {surname: gender for surname, gender in genders.items() if gender}


def window_genders(parsed: Parsed) -> dict[str, str]:
    """Surname -> gender by the pronouns that refer back to a person: the subject pronoun of the sentence after
    one that names only them ("Marina Lacerda, 37, said ... She added") and a reflexive on their own verb
    ("Epstein exposed himself"), counted over the whole article; a gender needs twice the other's votes. An object
    or possessive "her" near a name is not evidence: "Epstein told her" is someone else."""
    votes: dict[str, Counter[str]] = {}
    by_sentence: dict[int, set[str]] = {}
    subjects: dict[int, str] = {}  # token index of a named person's subject head -> surname
    tokens = parsed.tokens
    for first, last, surname in _person_mentions(parsed):
        by_sentence.setdefault(tokens[first].sentence, set()).add(surname)
        for token in tokens[first:last]:
            if token.dep in _SUBJECT and token.head != token.i:
                subjects[token.head] = surname
    for k, surnames in by_sentence.items():
        if len(surnames) != 1 or k + 1 in by_sentence or k + 1 >= len(parsed.sentences):
            continue
        following = parsed.sentences[k + 1]
        pronoun = next((t for t in tokens[following.first:following.last]
                        if t.dep in _SUBJECT and t.lower in ("he", "she")), None)
        if pronoun is not None:
            votes.setdefault(next(iter(surnames)), Counter())[pronoun_gender(pronoun.text)] += 1
    for token in tokens:
        gender = _REFLEXIVES.get(token.lower)
        if gender and token.head in subjects:
            votes.setdefault(subjects[token.head], Counter())[gender] += 2
    genders: dict[str, str] = {}
    for surname, count in votes.items():
        (top, n), *rest = count.most_common()
        if not rest or n >= 2 * rest[0][1]:
            genders[surname] = top
    return genders


def _person_mentions(parsed: Parsed) -> list[tuple[int, int, str]]:
    """(first token, last token, surname) of each person the recogniser names, and of each lone surname of a
    person it named in full, which the small model often leaves untagged or calls a noun ("Stone said ...")."""
    mentions = []
    covered: set[int] = set()
    for entity in parsed.entities:
        surname = name_parts(entity.text)[1] if entity.label in PERSONAL_LABELS else ""
        if surname:
            mentions.append((entity.first, entity.last, surname))
        covered.update(range(entity.first, entity.last))
    known = {surname for first, last, surname in mentions if last - first >= 2}
    mentions += [(t.i, t.i + 1, t.lower) for t in parsed.tokens
                 if t.text[:1].isupper() and t.lower in known and t.i not in covered]
    return mentions
