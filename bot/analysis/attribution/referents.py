"""What a source mention stands for, before it is grouped with others (entities.py): a short form the article
defines in brackets ("Sars") or writes as letters ("VW"), a surname for the person named in full, an acronym or
"the grid operator" for the body, "the German automaker" or "the paper" for the company or outlet just named,
and "he" or "it" for what the sentence before is about.
"""

from __future__ import annotations

import re

from bot.analysis.models import Attribution
from bot.language import Parsed

from .coreference import pronoun_gender
from .kinds import classify_source, kinds
from .names import PERSONAL_LABELS, capitalised, entity_words, expands, key, name_parts, people_at, role_head
from .source_mentions import BEFORE_PREPOSITION, Mention

NAMED_SENTENCES = 2  # how many sentences back "the company" or "the paper" looks for the one named


def defined_short(mention: Mention, defined: dict[str, str]) -> Mention:
    """"Sars" where the article wrote "the South African Revenue Service (Sars)": that body, not a group."""
    full = defined.get(key(mention.name))
    if full is None or mention.definite_role:
        return mention
    return Mention(full, mention.role, "outlet" if mention.kind == "outlet" else "organisation", "ORG", False)


def full_person_name(mention: Mention, people: dict[str, str]) -> Mention:
    """A surname standing alone (or after an honorific) for a person the article names in full."""
    if mention.definite_role or mention.kind not in ("person", "organisation", "anonymous"):
        return mention
    if mention.kind == "anonymous" and not all(w[:1].isupper() for w in mention.name.split()):
        return mention  # "Melber" (which the tagger may call a noun) yes; "officials" no
    given, surname = name_parts(mention.name)
    if given or not surname or surname not in people:
        return mention
    if mention.kind == "organisation" and (len(mention.name.split()) > 1 or mention.name.isupper()) \
            and not people[surname].split()[-len(mention.name.split()):] == mention.name.split():
        return mention  # "Ford Motor", "NASA": a body's name, not a surname (but "Marina Lacerda" is her)
    return Mention(mention.name, mention.role, "person", "PERSON", False, people[surname])


def full_body_name(mention: Mention, bodies: list[str]) -> Mention:
    """An organisation's short form or acronym, or "the grid operator", as the one body it stands for."""
    if mention.kind in ("organisation", "outlet") and not mention.definite_role:
        mine = capitalised(mention.name)
        for body in bodies:
            if expands(mine, capitalised(body)):
                return Mention(body, mention.role, mention.kind, mention.label, False)
        shortened = [body for body in bodies if _letters_of(mention.name, body)]
        if len(shortened) == 1:
            return Mention(shortened[0], mention.role, mention.kind, mention.label, False)
        return mention
    if mention.definite_role and mention.kind != "person":
        head = role_head(mention.name)
        matches = {body for body in bodies if body_head(body) == head}
        roots = {b for b in matches if not any(expands(capitalised(b), capitalised(o)) for o in matches)}
        if len(roots) == 1:
            return Mention(roots.pop(), mention.role, "organisation", "ORG", False)
    return mention


def named_just_before(mention: Mention, companies: list[tuple[int, int, str]], outlets: list[tuple[int, int, str]],
                       at: int, parsed: Parsed | None) -> Mention:
    """"The German automaker": the company the article named last, in its sentence or the two before (a heading
    or an abbreviation's full stop may stand between: "Volkswagen is giving us a glimpse ..."), quoted or not
    (Nissan, quoted before, is not meant), so that a later "Volkswagen says" is the same source; "the paper",
    likewise, the outlet just named ("revelations by newspaper Dagens Nyheter"). Further back, the last company
    or outlet quoted stands (_match)."""
    token = parsed.token_at(at) if parsed is not None else None
    if token is None or not mention.definite_role:
        return mention
    head = role_head(mention.name)
    if head in entity_words()["company_nouns"]:
        named, kind, label = companies, "organisation", "ORG"
    elif mention.kind == "outlet" and head in kinds().publication_nouns:
        named, kind, label = outlets, "outlet", "ORG"
    else:
        return mention
    before = [name for sentence, start, name in named if start < at and sentence >= token.sentence - NAMED_SENTENCES]
    return Mention(before[-1], mention.role, kind, label, False) if before else mention


def _letters_of(short: str, name: str) -> bool:
    """"VW" for "Volkswagen": a two- or three-letter short form of a one-word name, its first letter first and
    the others in order after it (taken only where a single body of the article fits)."""
    if not (2 <= len(short) <= 3 and short.isupper() and short.isalpha()) or len(name.split()) != 1 \
            or len(name) < 6 or name[0] != short[0]:
        return False
    return re.search(".*".join(short[1:]), name[1:].upper()) is not None


def _body_nouns() -> set[str]:
    words = entity_words()
    return {*words["body_nouns"], *words["company_nouns"]}


def previous_subject(attribution: Attribution, parsed: Parsed | None, attributions: list[Attribution],
                      names: list[tuple[int, str]]) -> Attribution:
    """""Abu Hassan Amer, 44, agreed." then ""...," he told El Saife.": "he" is the person the sentence before
    is about (its main verb's subject, outside quotation marks), where that sentence attributes nothing, even
    though the last source quoted was someone else; "it", likewise, the document or body it is about ("Article
    5 is one of Nato's core principles. It says that ...")."""
    pronoun = (attribution.source_text or "").lower()
    if parsed is None or attribution.source_start is None or (pronoun_gender(pronoun) is None and pronoun != "it"):
        return attribution
    token = parsed.token_at(attribution.source_start)
    if token is None or token.sentence == 0:
        return attribution
    before = parsed.sentences[token.sentence - 1]
    if any(a.cue_start is not None and before.start <= a.cue_start < before.end for a in attributions) or \
            parsed.text[before.start:before.end].lstrip()[:1] in "“\"'‘":
        return attribution
    root = next((t for t in parsed.tokens[before.first:before.last] if t.dep == "ROOT"), None)
    subject = next((parsed.tokens[c] for c in parsed.children(root.i) if parsed.tokens[c].dep == "nsubj"), None) \
        if root is not None else None
    if subject is None:
        return attribution
    if pronoun == "it":
        first, last = parsed.subtree(subject.i, skip=frozenset({"relcl", "acl", "appos", "prep"}))
        phrase = parsed.span_text(first, last)
        kind = classify_source(phrase)
        if subject.pos not in ("NOUN", "PROPN") or kind not in ("document", "organisation", "outlet") \
                or kind != "document" and subject.pos == "NOUN" and subject.lower not in _body_nouns():
            return attribution  # "Nato's primary purpose was to ...": a purpose says nothing
        return attribution.model_copy(update={"source": phrase, "source_type": kind})
    person = parsed.entity_at(subject.i)
    if person is None or person.label not in PERSONAL_LABELS:
        return attribution
    given, surname = name_parts(person.text)
    full = people_at(names, person.start).get(surname, person.text) if surname else person.text
    return attribution.model_copy(update={"source": re.sub(r"(?:’s|'s)$", "", full), "source_type": "person"})


def body_head(body: str) -> str:
    """The head word of a body's name: "Bureau" in "the Philippine Bureau of Fisheries and Aquatic Resources"."""
    words = capitalised(BEFORE_PREPOSITION.split(body, maxsplit=1)[0])
    return words[-1].lower() if words else ""
