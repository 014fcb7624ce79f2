"""One entity per real-world source: group an article's source mentions ("Kevin Marcus", "Mr. Marcus",
"Marcus"; "Mayor Bill de Blasio", "the mayor"; "California Independent System Operator", "California ISO",
"the grid operator") and give each attribution its entity, its fullest name and a kind taken from the entity.

Pronouns arrive already resolved to an earlier mention by the finder (pronouns.py); this pass decides which
written mentions are the same source. The recogniser's labels (PERSON, ORG, GPE, NORP) are evidence about the
kind; the lexicons decide the newsroom's categories (an outlet, a document, an unnamed group).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.analysis.models import Attribution, SourceType
from bot.language import Parsed

from .kinds import classify_source, is_document, kinds, looks_like_name, noun_kind
from .lexicon import lexicon
from .coreference import honorific_genders, pronoun_gender, window_genders
from .roles import appositive_role, role_around, role_words, split_title
from .names import (BODY_LABELS, PERSONAL_LABELS, capitalised, document_labels, entity_words, expands, key, known_bodies, known_people,
                    name_parts, role_head, same_given, tail, titled_people)

_GROUP_LABELS = {"NORP"}
_ROLE_WORDS = 12
_UNNAMING = {"a", "an", "his", "her", "their", "its", "one", "another", "some", "many", "most", "several", "few",
             "all", "others", "those"}
_BEFORE_PREPOSITION = re.compile(r"\s+(?:from|of|by|for|in|on)\s+")




@dataclass
class _Entity:
    id: str
    name: str  # the fullest name seen
    kind: SourceType
    surname: str = ""
    given: str = ""
    roles: set[str] = field(default_factory=set)  # role head words tied to it ("mayor", "spokeswoman")
    name_words: list[str] = field(default_factory=list)  # capitalised words of an organisation's name
    last_seen: int = 0
    role_only: bool = False  # first met as "the mayor": no name of its own yet
    role_phrases: set[str] = field(default_factory=set)  # whole roles seen with its name ("us president")
    first_at: int = 0  # where the article first writes it


@dataclass
class _Mention:
    name: str  # the name part ("Bill de Blasio"), or the whole phrase when it has no name
    role: str  # "Mayor", "a spokeswoman for California ISO", or ""
    kind: SourceType
    label: str  # the recogniser's label for the name, or ""
    definite_role: bool  # "the mayor": a role that points back at someone already named
    full_name: str = ""  # the fullest form of the name the article gives elsewhere ("Claudia Sheinbaum")


def group_entities(text: str, parsed: Parsed | None, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions with `entity`, `role`, a `source` that is the entity's fullest name, and its kind."""
    entities: list[_Entity] = []
    by_key: dict[str, _Entity] = {}
    bodies = known_bodies(parsed)
    people = known_people(parsed)
    genders = {**window_genders(parsed), **honorific_genders(parsed)} if parsed is not None else {}
    assigned: list[tuple[Attribution, _Entity | None, str]] = []
    for position, attribution in enumerate(attributions):
        if not attribution.source or attribution.source_type == "unattributed":
            assigned.append((attribution, None, ""))
            continue
        attribution = _reresolve(attribution, genders, entities)
        resolved = attribution.source_text is not None and key(attribution.source) not in key(attribution.source_text)
        entity = by_key.get(key(attribution.source)) if resolved else None
        mention = _mention(attribution, parsed, resolved)
        mention = _full_body_name(_full_person_name(mention, people), bodies)
        if entity is None:
            entity = _match(mention, attribution, entities, by_key)
            if entity is not None and entity.kind == "person" and mention.kind == "organisation":
                mention = replace(mention, kind="person", label="")  # the recogniser's "Marina Lacerda" (ORG) is her
        if entity is None:
            entity = _Entity(f"e{len(entities) + 1}", mention.full_name or mention.name, mention.kind,
                             role_only=mention.definite_role, first_at=attribution.source_start or attribution.start)
            if mention.full_name:
                entity.given, entity.surname = name_parts(mention.full_name)
            entities.append(entity)
        _absorb(entity, mention, attribution)
        entity.last_seen = position
        for form in (attribution.source, attribution.source_text or "", mention.name):
            if form and key(form) not in ("he", "she", "they", "it", "who", "which", "i", "we"):
                by_key.setdefault(key(form), entity)
        assigned.append((attribution, entity, mention.role))
    merged = _named_for_roles(entities, titled_people(parsed))
    out = []
    for attribution, entity, role in assigned:
        entity = merged.get(id(entity), entity) if entity is not None else None
        if entity is None:
            out.append(attribution)
            continue
        kind = "anonymous" if entity.kind == "person" and entity.role_only and not entity.surname else entity.kind
        out.append(attribution.model_copy(update={"source": entity.name, "source_type": kind,
                                                  "entity": entity.id, "role": role or None}))
    return out






def _named_for_roles(entities: list[_Entity], titled: dict[str, list[tuple[int, str]]]) -> dict[int, _Entity]:
    """"The US President" met before "US President Donald Trump": a role-only person whose role exactly one named
    person of the article holds is that person (the role is learnt only when the name with it is met). Where no
    named source holds it, the person the article last named with that title before ("Gov. Eric Holcomb") is."""
    named = [e for e in entities if e.kind == "person" and e.surname]
    merged: dict[int, _Entity] = {}
    for entity in entities:
        if entity.kind != "person" or entity.surname or not entity.role_only:
            continue
        head = role_head(entity.name)
        holders = [e for e in named if key(entity.name) in e.role_phrases] or [e for e in named if head in e.roles]
        if len(holders) == 1:
            merged[id(entity)] = holders[0]
        elif not holders and titled.get(head):
            before = [name for at, name in titled[head] if at < entity.first_at]  # the last one named before it
            full = before[-1] if before else titled[head][0][1]
            entity.given, entity.surname = name_parts(full)
            entity.name = full
    return merged


def _full_person_name(mention: _Mention, people: dict[str, str]) -> _Mention:
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
    return _Mention(mention.name, mention.role, "person", "PERSON", False, people[surname])


def _full_body_name(mention: _Mention, bodies: list[str]) -> _Mention:
    """An organisation's short form or acronym, or "the grid operator", as the one body it stands for."""
    if mention.kind in ("organisation", "outlet") and not mention.definite_role:
        mine = capitalised(mention.name)
        for body in bodies:
            if expands(mine, capitalised(body)):
                return _Mention(body, mention.role, mention.kind, mention.label, False)
        return mention
    if mention.definite_role and mention.kind != "person":
        head = role_head(mention.name)
        matches = {body for body in bodies if _body_head(body) == head}
        roots = {b for b in matches if not any(expands(capitalised(b), capitalised(o)) for o in matches)}
        if len(roots) == 1:
            return _Mention(roots.pop(), mention.role, "organisation", "ORG", False)
    return mention


def _reresolve(attribution: Attribution, genders: dict[str, str], entities: list[_Entity]) -> Attribution:
    """"She" that the string resolver gave to a man (by an honorific or the pronouns around his name) goes to the
    most recent source the article shows to be a woman, and the reverse; otherwise its answer stands."""
    want = pronoun_gender(attribution.source_text or "")
    if want is None:
        return attribution
    given = genders.get(name_parts(attribution.source)[1])
    if given is None or given == want:
        return attribution
    fitting = sorted((e for e in entities if e.kind == "person" and genders.get(e.surname) == want),
                     key=lambda e: e.last_seen, reverse=True)
    if not fitting:
        return attribution
    return attribution.model_copy(update={"source": fitting[0].name, "source_type": "person"})


def _mention(attribution: Attribution, parsed: Parsed | None, resolved: bool) -> _Mention:
    phrase = attribution.source.strip()
    label = ""
    name, role = phrase, ""
    if parsed is not None and not resolved and attribution.source_start is not None:
        found = _named_span(parsed, attribution.source_start, attribution.source_end or attribution.source_start)
        if found is not None:
            label, name_text = found
            if label in PERSONAL_LABELS and classify_source(phrase) == "organisation" \
                    and phrase.split()[0].lower() == "the":
                label = "ORG"  # "The Dodgers": no person's name takes "the"
            elif label in PERSONAL_LABELS:
                role = role_around(phrase, name_text)
                name = name_text
            elif label in BODY_LABELS and phrase.endswith(name_text) and any(
                    w.islower() for w in phrase[:-len(name_text)].split()[1:]):
                name, role = name_text, phrase[:-len(name_text)].strip()  # "Tech giant Novacorp"
        else:
            label = document_labels(parsed).get(key(phrase), "")
    elif parsed is not None and attribution.source_type != "person":  # "which" for "Con Edison": its label
        label = document_labels(parsed).get(key(phrase), "")
    if not label or label not in PERSONAL_LABELS:
        name, role = split_title(name, role)
    proper = resolved or parsed is None or attribution.source_start is None or any(
        t.pos == "PROPN" for t in parsed.tokens_in(attribution.source_start, attribution.source_end or 0))
    kind = noun_kind(phrase) or _kind(name if label in PERSONAL_LABELS else phrase, label, attribution, proper)
    if not label and not resolved and parsed is not None and attribution.source_start is not None:
        kind = _head_kind(parsed, attribution.source_start, attribution.source_end or 0) or kind
    joint = _joint_kind(parsed, attribution, phrase) if parsed is not None and not resolved else None
    if joint is not None and joint != "person":
        kind = joint  # "Both Roscosmos and NASA" (the first named, as before, but bodies, not a person)
    words = phrase.split()
    head = (_BEFORE_PREPOSITION.split(phrase, maxsplit=1)[0].split() or [""])[-1]
    definite_role = len(words) >= 2 and words[0].lower() in ("the", "this", "that") and not label and (
        (head.islower() and not head.endswith("s")) or head.lower() in role_words())  # "the US President"
    if kind == "person" and not role:
        role = appositive_role(attribution.source_text or "", name)
    if all(w.lower() in entity_words()["honorifics"] for w in role.split()) or len(role.split()) > _ROLE_WORDS:
        role = ""  # "Ms." says who, not what she does; a long run before a name is not a title
    return _Mention(name.strip(" ,"), role.strip(" ,"), kind, label, definite_role)


def _named_span(parsed: Parsed, start: int, end: int) -> tuple[str, str] | None:
    """The recogniser's span at the source phrase's head (or its appositive): "Bill de Blasio" in "Mayor Bill de
    Blasio", but nothing in "the Ukrainian minister", whose head is a role, not the adjective's nationality."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not inside:
        return None
    first, last = inside[0].i, inside[-1].i + 1
    heads = [t for t in inside if not first <= t.head < last or t.head == t.i]
    for head in heads[:1]:
        candidates = [head.i] + [c for c in parsed.children(head.i) if parsed.tokens[c].dep == "appos"]
        for k in candidates:
            entity = parsed.entity_at(k)
            if entity is not None and entity.label in PERSONAL_LABELS | BODY_LABELS | _GROUP_LABELS:
                return entity.label, re.sub(r"(?:’s|'s)$", "", entity.text)
    trailing = parsed.entity_at(inside[-1].i)  # "Adviser to the minister ... Victor Andrusiv": a title, then the name
    if trailing is not None and trailing.label in PERSONAL_LABELS and trailing.first > first:
        return trailing.label, trailing.text
    return None


def _joint_kind(parsed: Parsed, attribution: Attribution, phrase: str) -> SourceType | None:
    """Two sources speaking together ("Both Roscosmos and NASA", "Holcomb and GOP legislative leaders"): a group
    if either is unnamed, else bodies if either is one, else people. None for one name with "and" in it
    ("Customs and Border Protection"), which the recogniser or the article gives as a single name."""
    if attribution.source_start is None or " and " not in phrase:
        return None
    tokens = parsed.tokens_in(attribution.source_start, attribution.source_end or 0)
    inside = {t.i for t in tokens}
    if not any(t.lower == "and" and t.dep == "cc" and t.head in inside for t in tokens):
        return None
    named = parsed.entity_at(tokens[-1].i)
    if named is not None and named.first <= tokens[0].i + 1 or key(phrase) in {key(b) for b in known_bodies(parsed)}:
        return None
    parts = [p for p in re.split(r"\s+and\s+", re.sub(r"^(?:[Bb]oth|[Tt]he)\s+", "", phrase)) if p]
    labels = document_labels(parsed)
    kinds_found = {_conjunct_kind(part, labels.get(key(part), "")) for part in parts}
    if "anonymous" in kinds_found:
        return "anonymous"
    return "organisation" if kinds_found & {"organisation", "outlet"} else "person"


def _conjunct_kind(part: str, label: str) -> SourceType:
    written = classify_source(part)
    if label in BODY_LABELS - {"GPE"} or written == "anonymous" and all(w[:1].isupper() for w in part.split()):
        return "organisation"  # "Roscosmos" after "both": capitalised mid-sentence, so a name, not "Opponents"
    return written


def _head_kind(parsed: Parsed, start: int, end: int) -> SourceType | None:
    """The kind the phrase's head noun gives, whatever names modify it: "most national polls conducted since
    President Joe Biden ..." is polls (data), "Trump allies" and "Nato leaders" are unnamed groups."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not inside:
        return None
    first, last = inside[0].i, inside[-1].i + 1
    head = next((t for t in inside if not first <= t.head < last or t.head == t.i), None)
    if head is None or head.pos != "NOUN":
        return None
    if is_document(head.lower):
        return "document"
    if head.tag == "NNS" and not kinds().org_words.fullmatch(head.lower):
        return "anonymous"
    return None


def _kind(phrase: str, label: str, attribution: Attribution, proper: bool) -> SourceType:
    """The newsroom category: the lexicons first, the recogniser's label where the lexicon only guessed."""
    written = classify_source(phrase)
    head = _BEFORE_PREPOSITION.split(phrase, maxsplit=1)[0]
    if label not in PERSONAL_LABELS and written != "outlet" and (is_document(phrase) or is_document(head)):
        return "document"  # "U.S. Census Bureau data", "the TexAuto Facts report from InfoNation"
    head_words = head.split()
    if label not in PERSONAL_LABELS and len(head_words) >= 2 and head_words[0].lower() in ("a", "an") and all(
            w.islower() for w in head_words[1:]) and not kinds().org_words.fullmatch(head_words[-1]) \
            and head_words[-1] not in kinds().publication_nouns:
        return "anonymous"  # "a commissioner on the Halibut Commission": one of its people, unnamed
    if written == "outlet":
        if label in PERSONAL_LABELS and len(phrase.split()) >= 2 and not _publishing(attribution):
            return "person"  # Michael Bloomberg the candidate, not Bloomberg News
        return "outlet"
    if label in PERSONAL_LABELS:
        return "person" if not kinds().org_words.search(phrase.lower()) else "organisation"
    if label in BODY_LABELS - {"GPE"} and written == "anonymous" and phrase[:1].isupper() and len(phrase.split()) == 1:
        return "organisation"  # "Roscosmos": a name ending in s, not "Opponents"
    if not label and phrase.split()[0].lower() in ("a", "an") and _titled(_BEFORE_PREPOSITION.split(phrase)[0]):
        return "anonymous"  # "A spokesperson for the Harbour Traders Association": someone, unnamed, for them
    if written != "person":
        return written
    if label in BODY_LABELS and not _titled(phrase):
        return "organisation"
    if label in _GROUP_LABELS:
        return "anonymous"  # "Ukrainians", "Democrats": a group, not a named person
    if not label and phrase.split()[0].lower() in _UNNAMING:
        return "anonymous"  # "a Sussex spokesperson", "his spokesman": a role without a name
    if not label and not proper and not _titled(phrase):
        return "anonymous"  # "Local people": capitalised only because it starts the sentence
    return written


def _titled(phrase: str) -> bool:
    words = [w.lower() for w in phrase.split()]
    roles = set(lexicon().words("roles")) | set(entity_words()["titles"]) | set(entity_words()["honorifics"])
    return any(w in roles for w in words)


def _publishing(attribution: Attribution) -> bool:
    cue = (attribution.cue or "").lower()
    return any(cue == c or cue.endswith(" " + c) or cue.startswith(c) for c in entity_words()["publishing_cues"])


def _match(mention: _Mention, attribution: Attribution, entities: list[_Entity],
           by_key: dict[str, _Entity]) -> _Entity | None:
    exact = by_key.get(key(mention.full_name or mention.name)) or by_key.get(key(mention.name)) \
        or by_key.get(key(attribution.source))
    if exact is not None and _compatible(exact, mention):
        return exact
    recent = sorted(entities, key=lambda e: e.last_seen, reverse=True)
    if mention.definite_role:
        head = role_head(mention.name)
        people = [e for e in recent if head and head in e.roles]
        if people:
            return people[0]
        unnamed = [e for e in recent if head and e.name.split()[0].lower() in ("a", "an") and role_head(e.name) == head]
        if unnamed:
            return unnamed[0]  # "A spokesperson who did not wish to be named ..." then "the spokesperson said"
        bodies = [e for e in entities if e.kind in ("organisation", "outlet") and head
                  and head in (w.lower() for w in e.name_words)]
        if len(bodies) == 1:
            return bodies[0]
        if mention.kind == "outlet":  # "the newspaper": the outlet the article last named
            return next((e for e in recent if e.kind == "outlet"), None)
        if head in entity_words()["company_nouns"]:  # "the company", "the German automaker": the last one named
            return next((e for e in recent if e.kind == "organisation" and e.name_words), None)
        return None
    if mention.kind == "person":
        return _same_person(mention, recent)
    if mention.kind == "organisation" and not kinds().org_words.search(mention.name.lower()) and (
            looks_like_name(mention.name) or (len(mention.name.split()) == 1 and not mention.name.isupper())):
        person = _same_person(mention, recent)  # "Marina Lacerda", which the recogniser calls an organisation,
        if person is not None:  # after "Lacerda" the woman quoted
            return person
    if mention.kind in ("organisation", "outlet"):
        return _same_body(mention, recent)
    return None


def _compatible(entity: _Entity, mention: _Mention) -> bool:
    return entity.kind == mention.kind or {entity.kind, mention.kind} <= {"person", "organisation", "outlet"}


def _body_head(body: str) -> str:
    """The head word of a body's name: "Bureau" in "the Philippine Bureau of Fisheries and Aquatic Resources"."""
    words = capitalised(_BEFORE_PREPOSITION.split(body, maxsplit=1)[0])
    return words[-1].lower() if words else ""


def _same_description(a: str, b: str) -> bool:
    """"Ukraine's emergency service" and "Ukraine's state emergency service": one's words within the other's,
    the same head word, the same owner."""
    words_a, words_b = _plain_words(a), _plain_words(b)
    if len(words_a) < 2 or len(words_b) < 2 or words_a[-1] != words_b[-1] or words_a[0] != words_b[0]:
        return False
    return set(words_a) <= set(words_b) or set(words_b) <= set(words_a)


def _prefix(short: list[str], full: list[str]) -> bool:
    """"Philippine Bureau" for "Philippine Bureau of Fisheries and Aquatic Resources"."""
    return 2 <= len(short) < len(full) and [w.lower() for w in full[:len(short)]] == [w.lower() for w in short]


def _plain_words(name: str) -> list[str]:
    return [w for w in key(name).replace("'s", "").split() if w not in entity_words()["acronym_skips"]]


def _same_person(mention: _Mention, recent: list[_Entity]) -> _Entity | None:
    given, surname = name_parts(mention.name)
    if not surname:
        return None
    for entity in recent:
        if entity.kind != "person" or entity.surname != surname:
            continue
        if not given or not entity.given or same_given(given, entity.given) \
                or given.lower() in entity.name.lower().split():  # "Marina Lacerda" in "Brave Marina Lacerda"
            return entity
    return None






def _same_body(mention: _Mention, recent: list[_Entity]) -> _Entity | None:
    mine = capitalised(mention.name)
    if not mine:
        return None
    for entity in recent:
        if entity.kind not in ("organisation", "outlet"):
            continue
        theirs = entity.name_words
        if expands(mine, theirs) or expands(theirs, mine) or tail(mine, theirs) or tail(theirs, mine) \
                or _same_description(mention.name, entity.name) or _prefix(mine, theirs) or _prefix(theirs, mine):
            return entity
    return None










def _absorb(entity: _Entity, mention: _Mention, attribution: Attribution) -> None:
    """Learn from a mention: a fuller name, a role tied to the person, the words of an organisation's name."""
    if mention.kind == "person" and mention.label in PERSONAL_LABELS | {""}:
        given, surname = name_parts(mention.name)
        if surname and not mention.definite_role:
            entity.surname = entity.surname or surname
            if given and not entity.given:
                entity.given = given
                entity.name = mention.name
            elif given and tail(mention.name.split(), entity.name.split()) and given != entity.given:
                entity.given, entity.name = given, mention.name  # "Brave Marina Lacerda": the tabloid's adjective
    if mention.role:  # the role's head only: an adviser to the minister is not "the minister"
        entity.role_phrases.add(key(mention.role))
        head = role_head(mention.role)
        entity.roles.add(entity_words()["titles"].get(head, head))
    if mention.definite_role:
        return  # "the mayor" names no one by itself
    words = capitalised(mention.name)
    if entity.kind in ("organisation", "outlet") and (len(words) > len(entity.name_words) or not entity.name_words):
        if not entity.name_words or len(mention.name) >= len(entity.name):
            entity.name = mention.name
        entity.name_words = words
    if len(mention.name) > len(entity.name) and mention.kind == entity.kind and entity.kind != "person":
        entity.name = mention.name
