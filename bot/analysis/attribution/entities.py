"""One entity per real-world source: group an article's source mentions ("Kevin Marcus", "Mr. Marcus",
"Marcus"; "Mayor Bill de Blasio", "the mayor"; "California Independent System Operator", "California ISO",
"the grid operator") and give each attribution its entity, its fullest name and a kind taken from the entity.

Pronouns arrive already resolved to an earlier mention by the finder (pronouns.py); this pass decides which
written mentions are the same source. The recogniser's labels (PERSON, ORG, GPE, NORP) are evidence about the
kind; the lexicons decide the newsroom's categories (an outlet, a document, an unnamed group): source_mentions.py
reads each mention, referents.py says what a short form, a description or a pronoun stands for, and this
module groups them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.analysis.models import Attribution, SourceMember, SourceType
from bot.language import Parsed

from .coreference import honorific_genders, pronoun_gender, window_genders
from .document_entities import owners_of_documents, same_documents, shares_of_polls
from .kinds import classify_source, kinds, looks_like_name
from .names import (PERSONAL_LABELS, capitalised, entity_words, expands, full_names, key, known_bodies, name_parts,
                    named_companies, named_outlets, people_at, short_forms, role_head, same_given, tail, titled_people)
from .referents import defined_short, full_body_name, full_person_name, named_just_before, previous_subject
from .source_mentions import BEFORE_PREPOSITION, Mention, read_mention


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
    joint: bool = False  # two sources speaking together: no single body's short form stands for it


def group_entities(text: str, parsed: Parsed | None, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions with `entity`, `role`, a `source` that is the entity's fullest name, and its kind."""
    entities: list[_Entity] = []
    by_key: dict[str, _Entity] = {}
    bodies = known_bodies(parsed)
    names = full_names(parsed)
    def is_outlet(name: str) -> bool:
        return classify_source(name) == "outlet"

    companies = [c for c in named_companies(parsed) if not is_outlet(c[2])]  # not the "(Reuters)" of a dateline
    defined = short_forms(parsed)
    outlets = named_outlets(parsed, is_outlet)
    genders = {**window_genders(parsed), **honorific_genders(parsed)} if parsed is not None else {}
    assigned: list[tuple[Attribution, _Entity | None, Mention | None]] = []
    for position, attribution in enumerate(attributions):
        if not attribution.source or attribution.source_type == "unattributed":
            assigned.append((attribution, None, None))
            continue
        attribution = previous_subject(attribution, parsed, attributions, names)
        attribution = _reresolve(attribution, genders, entities)
        resolved = attribution.source_text is not None and key(attribution.source) not in key(attribution.source_text)
        entity = by_key.get(key(attribution.source)) if resolved else None
        mention = read_mention(attribution, parsed, resolved)
        at = attribution.source_start if attribution.source_start is not None else attribution.start
        people = people_at(names, at)  # "Parata" after Hori Parata is named, before his son Te Kaurinui is
        mention = full_body_name(full_person_name(defined_short(mention, defined), people), bodies)
        if entity is None:  # (the finder may have resolved "The company" already: its answer stands)
            named = named_just_before(mention, companies, outlets, at, parsed)
            if named is not mention:  # "the company" names Volkswagen now, whatever "the company" meant before
                mention, attribution = named, attribution.model_copy(update={"source": named.name})
        if entity is None:
            entity = _match(mention, attribution, entities, by_key)
            if entity is not None and entity.kind == "person" and mention.kind == "organisation":
                mention = replace(mention, kind="person", label="")  # the recogniser's "Marina Lacerda" (ORG) is her
        if entity is None:
            entity = _Entity(f"e{len(entities) + 1}", mention.full_name or mention.name, mention.kind,
                             role_only=mention.definite_role, first_at=attribution.source_start or attribution.start,
                             joint=bool(mention.members))
            if mention.full_name:
                entity.given, entity.surname = name_parts(mention.full_name)
            entities.append(entity)
        _absorb(entity, mention, attribution)
        entity.last_seen = position
        for form in (attribution.source, attribution.source_text or "", mention.name):
            if form and key(form) not in ("he", "she", "they", "it", "who", "which", "i", "we"):
                by_key.setdefault(key(form), entity)
        assigned.append((attribution, entity, mention))
    merged = _named_for_roles(entities, titled_people(parsed))
    merged.update(owners_of_documents(entities, by_key))
    merged.update(shares_of_polls(entities))
    merged.update(same_documents(entities, merged))
    out = []
    for attribution, entity, mention in assigned:
        entity = merged.get(id(entity), entity) if entity is not None else None
        if entity is None or mention is None:
            out.append(attribution)
            continue
        kind = "anonymous" if entity.kind == "person" and entity.role_only and not entity.surname \
            and not _office(entity.name) else entity.kind
        people = people_at(names, attribution.source_start)
        members = [_member(name, member_kind, by_key, merged, people) for name, member_kind in mention.members]
        out.append(attribution.model_copy(update={"source": entity.name, "source_type": kind, "entity": entity.id,
                                                  "role": mention.role or None, "members": members}))
    return out


def _member(name: str, kind: SourceType, by_key: dict[str, _Entity], merged: dict[int, _Entity],
            people: dict[str, str]) -> SourceMember:
    """A joint source's member as the entity the article quotes under that name, if it does ("NASA" said more),
    and a surname as the person the article names in full ("Holcomb and GOP legislative leaders")."""
    entity = by_key.get(key(name))
    entity = merged.get(id(entity), entity) if entity is not None else None
    if entity is not None and not entity.joint:
        return SourceMember(name=entity.name, kind=entity.kind, entity=entity.id)
    given, surname = name_parts(name)
    full = people.get(surname) if kind == "person" and surname and not given else None
    full_entity = (by_key.get(key(full)) or by_key.get(surname)) if full else None
    if full_entity is not None:
        return SourceMember(name=full_entity.name, kind=full_entity.kind, entity=full_entity.id)
    return SourceMember(name=full or name, kind=kind)



def _named_for_roles(entities: list[_Entity], titled: dict[str, list[tuple[int, str]]]) -> dict[int, _Entity]:
    """"The US President" met before "US President Donald Trump": a role-only person whose role exactly one named
    person of the article holds is that person (the role is learnt only when the name with it is met). Where no
    named source holds it, the person the article last named with that title before ("Gov. Eric Holcomb") is."""
    named = [e for e in entities if e.kind == "person" and e.surname]
    merged: dict[int, _Entity] = {}
    for entity in entities:
        bare_title = key(entity.name).count(" ") == 0 and entity.name[:4].lower() == "the "  # "the King"
        if entity.kind != "person" or entity.surname or not (entity.role_only or bare_title):
            continue
        head = role_head(entity.name)
        holders = [e for e in named if key(entity.name) in e.role_phrases] or [e for e in named if head in e.roles] \
            or [e for e in named if e.name.split()[0].lower() == head]  # "the King" is King Charles
        if len(holders) == 1:
            merged[id(entity)] = holders[0]
        elif not holders and titled.get(head):
            before = [name for at, name in titled[head] if at < entity.first_at]  # the last one named before it
            full = before[-1] if before else titled[head][0][1]
            entity.given, entity.surname = name_parts(full)
            entity.name = full
    return merged


def _office(name: str) -> bool:
    """"The United Nations High Commissioner for Human Rights", "the Prime Minister": a capitalised title is an
    office one identifiable person holds, unlike "the spokesman"."""
    head = BEFORE_PREPOSITION.split(name, maxsplit=1)[0].split()
    return bool(head) and head[-1][:1].isupper()


def _reresolve(attribution: Attribution, genders: dict[str, str], entities: list[_Entity]) -> Attribution:
    """"She" that the string resolver gave to a man (by an honorific or the pronouns around his name) goes to the
    most recent source the article shows to be a woman (else the most recent named person it shows no gender for),
    and the reverse; otherwise its answer stands."""
    want = pronoun_gender(attribution.source_text or "")
    if want is None:
        return attribution
    given = genders.get(name_parts(attribution.source)[1])
    if given is None or given == want:
        return attribution
    people = sorted((e for e in entities if e.kind == "person" and e.surname), key=lambda e: e.last_seen, reverse=True)
    fitting = [e for e in people if genders.get(e.surname) == want] \
        or [e for e in people if genders.get(e.surname) is None]  # Lacerda, whose gender nothing showed, not Epstein
    if not fitting:
        return attribution
    return attribution.model_copy(update={"source": fitting[0].name, "source_type": "person"})


def _match(mention: Mention, attribution: Attribution, entities: list[_Entity],
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
        public = set(entity_words()["body_nouns"])
        if head in entity_words()["company_nouns"]:  # "the company", "the German automaker": the last one named
            return next((e for e in recent if e.kind == "organisation" and e.name_words
                         and not public & {w.lower() for w in e.name.split()}), None)  # not "the authority"
        if any(w[:1].isupper() for w in mention.name.split()[1:]):
            return None  # "the Philippine government" says which; it does not point back at the last one
        if head in public:  # "the agency", "the regulator": the last public body named, else the last body
            bodies = [e for e in recent if e.kind == "organisation" and e.name_words]
            return next((e for e in bodies if public & {w.lower() for w in e.name.split()}), None) or next(
                iter(bodies), None)
        return None
    if mention.kind == "person":
        return _same_person(mention, recent)
    if mention.kind == "anonymous":
        return _same_group(mention, recent)
    if mention.kind == "organisation" and not any(w[:1].isupper() for w in mention.name.split()[1:]):
        group = _same_group(mention, recent)  # "The unions" after "teachers unions"
        if group is not None:
            return group
    if mention.kind == "organisation" and not kinds().org_words.search(mention.name.lower()) and (
            looks_like_name(mention.name) or (len(mention.name.split()) == 1 and not mention.name.isupper())):
        person = _same_person(mention, recent)  # "Marina Lacerda", which the recogniser calls an organisation,
        if person is not None:  # after "Lacerda" the woman quoted
            return person
    if mention.kind in ("organisation", "outlet"):
        return _same_body(mention, recent)
    return None


def _compatible(entity: _Entity, mention: Mention) -> bool:
    return entity.kind == mention.kind or {entity.kind, mention.kind} <= {"person", "organisation", "outlet"}


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


def _same_person(mention: Mention, recent: list[_Entity]) -> _Entity | None:
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



def _same_group(mention: Mention, recent: list[_Entity]) -> _Entity | None:
    """"Analysts" or "the physicians" after "industry analysts" or "a group of physicians": a bare plural is the
    unnamed group last quoted under that noun (but "other analysts", "some analysts" are not said to be)."""
    words = key(mention.name).split()
    if words and words[0] in entity_words()["partitives"] and (len(words) == 1 or words[1] in ("in", "at", "from")):
        return next((e for e in recent if e.kind == "anonymous" and not e.joint and _plural(e.name)), None)  # "Some
        # in Gaza" after "Many Palestinians interviewed in Gaza": some of the group just quoted, not another source
    if len(words) != 1 or not words[0].endswith("s"):
        return None
    for entity in recent:
        unnamed = entity.kind == "anonymous" or entity.kind == "organisation" and not any(
            w[:1].isupper() for w in entity.name.split()[1:])  # "A group of physicians"
        if unnamed and words[0] in _group_nouns(entity.name):
            return entity
    return None


def _plural(name: str) -> bool:
    words = key(BEFORE_PREPOSITION.split(name, maxsplit=1)[0]).split()
    return bool(words) and (words[-1].endswith("s") or words[0] in entity_words()["partitives"])


def _group_nouns(name: str) -> set[str]:
    """The plural nouns a group is named by: "analysts" in "industry analysts", both words of "a group of
    physicians"."""
    parts = BEFORE_PREPOSITION.split(key(name), maxsplit=1)
    heads = {parts[0].split()[-1]} if parts[0].split() else set()
    if len(parts) > 1 and parts[1].split():
        heads.add(parts[1].split()[-1])
    return heads


def _same_body(mention: Mention, recent: list[_Entity]) -> _Entity | None:
    mine = capitalised(mention.name)
    if not mine:
        return None
    for entity in recent:
        if entity.kind not in ("organisation", "outlet") or entity.joint:
            continue
        theirs = entity.name_words
        if expands(mine, theirs) or expands(theirs, mine) or tail(mine, theirs) or tail(theirs, mine) \
                or _same_description(mention.name, entity.name) or _prefix(mine, theirs) or _prefix(theirs, mine):
            return entity
        if mention.kind == entity.kind and mention.kind in ("organisation", "outlet") \
                and (tail(mine, theirs, shortest=1) or tail(theirs, mine, shortest=1)):
            return entity  # "The Chronicle" and "The San Francisco Chronicle", "the Senate" and "The Nigerian
            # Senate": one body, once named in full
    return None




def _absorb(entity: _Entity, mention: Mention, attribution: Attribution) -> None:
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
        if (not entity.name_words and words) or len(mention.name) >= len(entity.name):  # not "The unions" for
            # "teachers unions": a name, or a longer description
            entity.name = mention.name
        entity.name_words = words
    if len(mention.name) > len(entity.name) and mention.kind == entity.kind and entity.kind != "person":
        entity.name = mention.name
