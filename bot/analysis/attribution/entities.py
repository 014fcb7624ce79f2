"""One entity per real-world source: group an article's source mentions ("Kevin Marcus", "Mr. Marcus",
"Marcus"; "Mayor Bill de Blasio", "the mayor"; "California Independent System Operator", "California ISO",
"the grid operator") and give each attribution its entity, its fullest name and a kind taken from the entity.

Pronouns arrive already resolved to an earlier mention by the finder (pronouns.py); this pass decides which
written mentions are the same source. The recogniser's labels (PERSON, ORG, GPE, NORP) are evidence about the
kind; the lexicons decide the newsroom's categories (an outlet, a document, an unnamed group).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from bot.analysis.models import Attribution, SourceType
from bot.language import Parsed

from .kinds import classify_source, kinds
from .lexicon import lexicon

_PERSONAL_LABELS = {"PERSON"}
_BODY_LABELS = {"ORG", "GPE", "FAC"}
_GROUP_LABELS = {"NORP"}
_WORD = re.compile(r"[\w’'.&-]+")


@lru_cache(maxsize=1)
def entity_words() -> dict:
    path = resources.files("bot.analysis.attribution").joinpath("entity_words.v1.json")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class _Entity:
    id: str
    name: str  # the fullest name seen
    kind: SourceType
    surname: str = ""
    given: str = ""
    roles: set[str] = field(default_factory=set)  # role head words tied to it ("mayor", "spokeswoman")
    keys: set[str] = field(default_factory=set)  # every written form, normalised
    name_words: list[str] = field(default_factory=list)  # capitalised words of an organisation's name
    last_seen: int = 0


@dataclass
class _Mention:
    name: str  # the name part ("Bill de Blasio"), or the whole phrase when it has no name
    role: str  # "Mayor", "a spokeswoman for California ISO", or ""
    kind: SourceType
    label: str  # the recogniser's label for the name, or ""
    definite_role: bool  # "the mayor": a role that points back at someone already named


def group_entities(text: str, parsed: Parsed | None, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions with `entity`, `role`, a `source` that is the entity's fullest name, and its kind."""
    entities: list[_Entity] = []
    by_key: dict[str, _Entity] = {}
    bodies = _known_bodies(parsed)
    assigned: list[tuple[Attribution, _Entity | None, str]] = []
    for position, attribution in enumerate(attributions):
        if not attribution.source or attribution.source_type == "unattributed":
            assigned.append((attribution, None, ""))
            continue
        resolved = attribution.source_text is not None and _key(attribution.source) != _key(attribution.source_text)
        entity = by_key.get(_key(attribution.source)) if resolved else None
        mention = _mention(attribution, parsed, resolved)
        mention = _full_body_name(mention, bodies)
        if entity is None:
            entity = _match(mention, attribution, entities, by_key)
        if entity is None:
            entity = _Entity(f"e{len(entities) + 1}", mention.name, mention.kind)
            entities.append(entity)
        _absorb(entity, mention, attribution)
        entity.last_seen = position
        for form in (attribution.source, attribution.source_text or "", mention.name):
            if form and _key(form) not in ("he", "she", "they", "it", "who", "which", "i", "we"):
                by_key.setdefault(_key(form), entity)
        assigned.append((attribution, entity, mention.role))
    out = []
    for attribution, entity, role in assigned:
        if entity is None:
            out.append(attribution)
            continue
        out.append(attribution.model_copy(update={"source": entity.name, "source_type": entity.kind,
                                                  "entity": entity.id, "role": role or None}))
    return out


def _known_bodies(parsed: Parsed | None) -> list[str]:
    """The organisations the article names anywhere (in a role, a list, a caption), fullest forms first: what an
    acronym or a short form ("California ISO") and a definite description ("the grid operator") can stand for."""
    if parsed is None:
        return []
    names: dict[str, str] = {}
    for entity in parsed.entities:
        if entity.label in _BODY_LABELS - {"GPE"}:
            name = re.sub(r"^(?:the|The)\s+", "", re.sub(r"(?:’s|'s)$", "", entity.text)).strip()
            names.setdefault(_key(name), name)
    skips = set(entity_words()["acronym_skips"])
    for first, last in parsed.noun_phrases:  # "the California Independent System Operator", which NER may cut short
        words = parsed.span_text(first, last).split()
        while words and words[0].lower() in skips:
            words = words[1:]
        proper = [w for w in words if w.lower() not in skips]
        if len(proper) >= 2 and all(w[:1].isupper() for w in proper) and any(
                parsed.tokens[k].ent in _BODY_LABELS for k in range(first, last)):
            names.setdefault(_key(" ".join(words)), " ".join(words))
    return sorted(names.values(), key=len, reverse=True)


def _full_body_name(mention: _Mention, bodies: list[str]) -> _Mention:
    """An organisation's short form or acronym, or "the grid operator", as the one body it stands for."""
    if mention.kind in ("organisation", "outlet") and not mention.definite_role:
        mine = _capitalised(mention.name)
        for body in bodies:
            if _expands(mine, _capitalised(body)):
                return _Mention(body, mention.role, mention.kind, mention.label, False)
        return mention
    if mention.definite_role and mention.kind != "person":
        head = _role_head(mention.name)
        matches = {body for body in bodies if head in (w.lower() for w in _capitalised(body))}
        roots = {b for b in matches if not any(_expands(_capitalised(b), _capitalised(o)) for o in matches)}
        if len(roots) == 1:
            return _Mention(roots.pop(), mention.role, "organisation", "ORG", False)
    return mention


def _mention(attribution: Attribution, parsed: Parsed | None, resolved: bool) -> _Mention:
    phrase = attribution.source.strip()
    label = ""
    name, role = phrase, ""
    if parsed is not None and not resolved and attribution.source_start is not None:
        found = _named_span(parsed, attribution.source_start, attribution.source_end or attribution.source_start)
        if found is not None:
            label, name_text = found
            if label in _PERSONAL_LABELS:
                role = _role_around(phrase, name_text)
                name = name_text
    if not label or label not in _PERSONAL_LABELS:
        name, role = _split_title(name, role)
    kind = _kind(name if label in _PERSONAL_LABELS else phrase, label, attribution)
    words = phrase.split()
    definite_role = len(words) >= 2 and words[0].lower() in ("the", "this", "that") and not any(
        w[:1].isupper() for w in words[1:]) and not words[-1].lower().endswith("s")
    if kind == "person" and not role:
        role = _appositive_role(attribution.source_text or "")
    if all(w.lower() in entity_words()["honorifics"] for w in role.split()):
        role = ""  # "Ms." says who, not what she does
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
            if entity is not None and entity.label in _PERSONAL_LABELS | _BODY_LABELS | _GROUP_LABELS:
                return entity.label, re.sub(r"(?:’s|'s)$", "", entity.text)
    trailing = parsed.entity_at(inside[-1].i)  # "Adviser to the minister ... Victor Andrusiv": a title, then the name
    if trailing is not None and trailing.label in _PERSONAL_LABELS and trailing.first > first:
        return trailing.label, trailing.text
    return None


def _role_around(phrase: str, name: str) -> str:
    """What the source phrase says besides the name: "Mayor" in "Mayor Bill de Blasio"."""
    at = phrase.find(name)
    if at < 0:
        return ""
    role = (phrase[:at] + " " + phrase[at + len(name):]).strip(" ,")
    return re.sub(r"(?:’s|'s)$", "", role).strip(" ,")


def _split_title(name: str, role: str) -> tuple[str, str]:
    """Without a recognised name: a leading title ("Mayor", "Sen.") before capitalised words is a role."""
    words = name.split()
    roles = set(lexicon().words("roles")) | set(entity_words()["titles"])
    k = 0
    while k < len(words) - 1 and words[k].lower().strip(",") in roles and words[k][:1].isupper():
        k += 1
    if k and all(w[:1].isupper() for w in words[k:]):
        return " ".join(words[k:]), (role + " " + " ".join(words[:k])).strip()
    return name, role


def _appositive_role(written: str) -> str:
    parts = [p.strip() for p in written.split(",") if p.strip()]
    return parts[1] if len(parts) >= 2 else ""


def _kind(phrase: str, label: str, attribution: Attribution) -> SourceType:
    """The newsroom category: the lexicons first, the recogniser's label where the lexicon only guessed."""
    guessed = attribution.source_type if attribution.source_type != "unattributed" else classify_source(phrase)
    written = classify_source(phrase)
    if written in ("document", "anonymous") and label not in _PERSONAL_LABELS:
        return written
    if written == "outlet":
        publishing = _publishing(attribution)
        if label in _PERSONAL_LABELS and len(phrase.split()) >= 2 and not publishing:
            return "person"  # Michael Bloomberg the candidate, not Bloomberg News
        return "outlet"
    if label in _PERSONAL_LABELS:
        return "person" if not kinds().org_words.search(phrase.lower()) else "organisation"
    if label in _BODY_LABELS and written == "person" and not _titled(phrase):
        return "organisation"
    if label in _GROUP_LABELS and written == "person":
        return "anonymous"  # "Ukrainians", "Democrats": a group, not a named person
    return guessed if written == guessed else written


def _titled(phrase: str) -> bool:
    words = [w.lower() for w in phrase.split()]
    roles = set(lexicon().words("roles")) | set(entity_words()["titles"]) | set(entity_words()["honorifics"])
    return any(w in roles for w in words)


def _publishing(attribution: Attribution) -> bool:
    cue = (attribution.cue or "").lower()
    return any(cue == c or cue.endswith(" " + c) or cue.startswith(c) for c in entity_words()["publishing_cues"])


def _match(mention: _Mention, attribution: Attribution, entities: list[_Entity],
           by_key: dict[str, _Entity]) -> _Entity | None:
    exact = by_key.get(_key(mention.name)) or by_key.get(_key(attribution.source))
    if exact is not None and _compatible(exact, mention):
        return exact
    recent = sorted(entities, key=lambda e: e.last_seen, reverse=True)
    if mention.kind == "person" and not mention.definite_role:
        return _same_person(mention, recent)
    if mention.kind in ("organisation", "outlet"):
        return _same_body(mention, recent)
    if mention.definite_role:
        head = _role_head(mention.name)
        people = [e for e in recent if head and head in e.roles]
        if people:
            return people[0]
        bodies = [e for e in entities if e.kind == "organisation" and head and head in (w.lower() for w in e.name_words)]
        return bodies[0] if len(bodies) == 1 else None
    return None


def _compatible(entity: _Entity, mention: _Mention) -> bool:
    return entity.kind == mention.kind or {entity.kind, mention.kind} <= {"person", "organisation", "outlet"}


def _same_person(mention: _Mention, recent: list[_Entity]) -> _Entity | None:
    given, surname = _name_parts(mention.name)
    if not surname:
        return None
    for entity in recent:
        if entity.kind != "person" or entity.surname != surname:
            continue
        if not given or not entity.given or _same_given(given, entity.given):
            return entity
    return None


def _same_given(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _name_parts(name: str) -> tuple[str, str]:
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


def _same_body(mention: _Mention, recent: list[_Entity]) -> _Entity | None:
    mine = _capitalised(mention.name)
    if not mine:
        return None
    for entity in recent:
        if entity.kind not in ("organisation", "outlet"):
            continue
        theirs = entity.name_words
        if _expands(mine, theirs) or _expands(theirs, mine):
            return entity
    return None


def _expands(short: list[str], full: list[str]) -> bool:
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


def _capitalised(name: str) -> list[str]:
    skips = set(entity_words()["acronym_skips"])
    words = [w for w in _WORD.findall(name.replace("’s", "").replace("'s", "")) if w[:1].isupper()]
    return words[1:] if words and words[0].lower() in skips else words


def _role_head(phrase: str) -> str:
    """The role's head word: "spokeswoman" in "a spokeswoman for California ISO"."""
    before = re.split(r"\s+(?:of|for|at|from|with|in|to)\s+", phrase.strip(), maxsplit=1)[0].split()
    return before[-1].lower().strip(",.") if before else ""


def _absorb(entity: _Entity, mention: _Mention, attribution: Attribution) -> None:
    """Learn from a mention: a fuller name, a role tied to the person, the words of an organisation's name."""
    if mention.kind == "person" and mention.label in _PERSONAL_LABELS | {""}:
        given, surname = _name_parts(mention.name)
        if surname and not mention.definite_role:
            entity.surname = entity.surname or surname
            if given and not entity.given:
                entity.given = given
                entity.name = mention.name
    if mention.role:
        entity.roles.add(_role_head(mention.role))
        for word in mention.role.split():
            if word.lower() in lexicon().words("roles") or word.lower() in entity_words()["titles"]:
                entity.roles.add(entity_words()["titles"].get(word.lower(), word.lower()))
    if entity.kind in ("organisation", "outlet") and not mention.definite_role:
        words = _capitalised(mention.name)
        if len(words) > len(entity.name_words) or not entity.name_words:
            if len(mention.name) >= len(entity.name) or not entity.name_words:
                entity.name = mention.name if not mention.definite_role else entity.name
            entity.name_words = words if len(words) >= len(entity.name_words) else entity.name_words
    if len(mention.name) > len(entity.name) and mention.kind == entity.kind and entity.kind not in ("person",) \
            and not mention.definite_role:
        entity.name = mention.name
    entity.keys.add(_key(mention.name))


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).removeprefix("the ")
