"""A source mention as the article writes it, read on the parse: the name, the role around it, and the kind of
source it names (a person, an organisation, an outlet, a document, or someone unnamed).

The recogniser's labels (PERSON, ORG, GPE, NORP) are evidence; the lexicons decide the newsroom's categories.
The grouping of mentions into entities is entities.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.models import Attribution, SourceType
from bot.language import Parsed, Token

from .credit_lines import credit_cues
from .kinds import classify_source, is_document, is_role, kinds, looks_like_name, noun_kind
from .lexicon import lexicon
from .names import BODY_LABELS, PERSONAL_LABELS, document_labels, entity_words, key, known_bodies, label_votes
from .roles import appositive_role, role_around, role_words, split_title

_GROUP_LABELS = {"NORP"}
_ROLE_WORDS = 12
_UNNAMING = {"a", "an", "his", "her", "their", "its", "one", "another", "some", "many", "most", "several", "few",
             "all", "others", "those"}
_OF_A_NAME = re.compile(r"[A-Z][\w’'-]*\s+(?:of|on|for)\s+[A-Z][\w’'-]*$")  # "Center on Poverty"
BEFORE_PREPOSITION = re.compile(r"\s+(?:from|of|by|for|in|on)\s+")


@dataclass
class Mention:
    name: str  # the name part ("Bill de Blasio"), or the whole phrase when it has no name
    role: str  # "Mayor", "a spokeswoman for California ISO", or ""
    kind: SourceType
    label: str  # the recogniser's label for the name, or ""
    definite_role: bool  # "the mayor": a role that points back at someone already named
    full_name: str = ""  # the fullest form of the name the article gives elsewhere ("Claudia Sheinbaum")
    members: tuple[tuple[str, SourceType], ...] = ()  # two sources speaking together: each one's name and kind


def read_mention(attribution: Attribution, parsed: Parsed | None, resolved: bool) -> Mention:
    phrase = attribution.source.strip()
    if attribution.cue in credit_cues():  # "With reports from Reforma and El Economista": outlets, by the line
        names = [m.name for m in attribution.members]
        return Mention(phrase, "", "outlet", "", False, members=tuple((n, "outlet") for n in names))
    label = ""
    name, role = phrase, ""
    if parsed is not None and not resolved and attribution.source_start is not None:
        found = _named_span(parsed, attribution.source_start, attribution.source_end or attribution.source_start)
        if found is not None:
            label, name_text = found
            if label in PERSONAL_LABELS and classify_source(phrase) == "organisation" \
                    and phrase.split()[0].lower() == "the":
                label = "ORG"  # "The Dodgers": no person's name takes "the"
            elif label in PERSONAL_LABELS and _one_word_body(parsed, name_text):
                label = "ORG"
            elif label in PERSONAL_LABELS:
                role = role_around(phrase, name_text)
                whole = not role and all(w[:1].isupper() for w in phrase.split())  # "Imran Khan", not "Khan"
                name = phrase if whole else name_text
            elif label in BODY_LABELS and phrase.endswith(name_text) and _describes(phrase[:-len(name_text)]):
                name, role = name_text, phrase[:-len(name_text)].strip()  # "Tech giant Novacorp"
        else:
            label = document_labels(parsed).get(key(phrase), "")
    elif parsed is not None and attribution.source_type != "person":  # "which" for "Con Edison": its label
        label = document_labels(parsed).get(key(phrase), "")
    if not label or label not in PERSONAL_LABELS:
        name, role = split_title(name, role)
    after_cue = attribution.source_start is not None and attribution.cue_start is not None \
        and attribution.source_start > attribution.cue_start and phrase[:1].isupper()  # "..., said Skelly."
    proper = resolved or after_cue or parsed is None or attribution.source_start is None or any(
        t.pos == "PROPN" for t in parsed.tokens_in(attribution.source_start, attribution.source_end or 0))
    kind = noun_kind(phrase) or _kind(name if label in PERSONAL_LABELS else phrase, label, attribution, proper)
    if not label and not resolved and parsed is not None and attribution.source_start is not None:
        kind = (kind if kind == "outlet" else None) or _head_kind(parsed, attribution.source_start,
                                                                    attribution.source_end or 0) or kind
    written = attribution.source_text or phrase  # ("Standard" taken out of "the former editor of the Standard")
    named_after = _name_after_role(parsed, attribution, written) if not resolved else None  # (a name inside
    # the role, "editor of the Standard", is not the speaker's)
    joint = _joint(parsed, attribution, phrase) if parsed is not None and not resolved and named_after is None \
        else None
    if joint is not None:
        name, role = phrase, ""  # "Both Roscosmos and NASA" is both, not "Roscosmos" in the role "Both and NASA"
    if joint is not None and joint[0] != "person":
        kind = joint[0]  # bodies, not a person
    examples = _examples(parsed, attribution) if parsed is not None and not resolved and joint is None else None
    if examples:  # "Kyiv's European allies, including France's Emmanuel Macron and Germany's Friedrich Merz": the
        name, role, kind, label = phrase, "", classify_source(phrase), ""  # allies speak, the two named among them
        joint = (kind, examples)
    words = phrase.split()
    head = (BEFORE_PREPOSITION.split(phrase, maxsplit=1)[0].split() or [""])[-1]
    definite_role = len(words) >= 2 and words[0].lower() in ("the", "this", "that") and not label and (
        (head.islower() and not head.endswith("s")) or head.lower() in role_words()) and not any(
        w[:1].isupper() and w.endswith(("’s", "'s")) for w in words[1:])  # "the US President", not "The Wrap's report"
    if named_after is not None:  # "..., said Chartered Professional Accountants of Canada's chief economist,
        name, role, kind, label, definite_role = named_after, written, "person", "PERSON", False  # David Brassard."
    if kind == "person" and not role:
        role = appositive_role(attribution.source_text or "", name)
    if kind == "person" and not role and parsed is not None and not resolved and attribution.source_start is not None:
        role = _following_appositive(parsed, attribution.source_start, attribution.source_end or 0)
    if all(w.lower() in entity_words()["honorifics"] for w in role.split()) or len(role.split()) > _ROLE_WORDS:
        role = ""  # "Ms." says who, not what she does; a long run before a name is not a title
    publisher = _publisher(name) if kind == "outlet" and joint is None else name
    if publisher != name:
        name, definite_role = publisher, False  # "The tweet from Vulture magazine" names Vulture
    return Mention(name.strip(" ,"), role.strip(" ,"), kind, label, definite_role,
                   members=joint[1] if joint is not None else ())


def _one_word_body(parsed: Parsed, name: str) -> bool:
    """"Strava", which the small model calls a person 25 times and an organisation 5: a one-word name the
    recogniser also labels an organisation, and that no person's full name in the article ends with (so not
    "Lacerda" after "Marina Lacerda"), is the body. A person is named in full before a lone surname."""
    if len(name.split()) != 1 or not name[:1].isupper():
        return False
    votes = label_votes(parsed).get(key(name))
    if not votes or not sum(votes[label] for label in BODY_LABELS - {"GPE"}):
        return False
    return not any(e.label in ("PERSON", "ORG") and len(e.text.split()) >= 2  # ("Marina Lacerda" is often
                   and e.text.split()[-1].removesuffix("’s").removesuffix("'s") == name  # an ORG to it; "Camp
                   for e in parsed.entities)  # Strava", a place, names no person)


def _describes(before: str) -> bool:
    """Lowercase words before a name that say what it is ("Tech giant", "whale rescue group"), not the start
    of the name itself that the recogniser cut off ("the World Travel and" Tourism Council)."""
    words = before.split()[1:]
    return bool(words) and any(w.islower() for w in words) and words[-1].islower() \
        and not {"and", "of", "&", "for", "the"} & set(words)  # ("the Russian space agency" Roscosmos: yes)


def _phrase_head(parsed: Parsed, start: int, end: int) -> tuple[list[Token], Token | None]:
    """The phrase's words (punctuation left out) and its head: the first word that hangs on nothing inside it."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not inside:
        return [], None
    first, last = inside[0].i, inside[-1].i + 1
    return inside, next((t for t in inside if not first <= t.head < last or t.head == t.i), None)


def _name_after_role(parsed: Parsed | None, attribution: Attribution, phrase: str) -> str | None:
    """The person a role names just after it, where the statement's source stopped at the role: set off by a comma
    ("..., said Chartered Professional Accountants of Canada's chief economist, David-Alexandre Brassard."), or
    right before the cue ("TD Economics director and senior economist Andrew Hencic said")."""
    if parsed is None or attribution.source_end is None or attribution.source_start is None:
        return None
    after = parsed.token_at(attribution.source_end + 1) or parsed.token_at(attribution.source_end)
    if after is None or after.text == ",":
        after = parsed.tokens[after.i + 1] if after is not None and after.i + 1 < len(parsed.tokens) else None
    entity = parsed.entity_at(after.i) if after is not None else None
    if entity is None or entity.label not in PERSONAL_LABELS or entity.first != after.i:  # type: ignore[union-attr]
        return None
    root = parsed.tokens[entity.last - 1]  # "one of Epstein's victims, Virginia Giuffre, filed ...": the parse
    described = root.dep == "appos" and attribution.source_start <= parsed.tokens[root.head].start \
        < attribution.source_end  # hangs the name on the description, which names no role
    if not described and not is_role(phrase.split(" and ")[-1]):
        return None
    between = parsed.text[attribution.source_end:entity.start]
    if not between.strip() and attribution.cue_start is not None \
            and not parsed.text[entity.end:attribution.cue_start].strip():
        return entity.text  # "TD Economics director and senior economist Andrew Hencic said": the name, then the cue
    following = parsed.tokens[entity.last] if entity.last < len(parsed.tokens) else None
    if following is not None and following.text not in (",", ".", ";") and following.sentence == after.sentence:
        return None
    return entity.text if between.strip() == "," else None


def _following_appositive(parsed: Parsed, start: int, end: int) -> str:
    """", said Lotfi Azzouz, Tunisia country director for Amnesty International, a London-based rights group": the
    appositive the parse hangs on a name after its cue, up to its first comma."""
    inside, head = _phrase_head(parsed, start, end)
    appositives = [c for c in parsed.children(head.i) if parsed.tokens[c].dep == "appos" and c > inside[-1].i] \
        if head else []
    if not appositives:
        return ""
    a_first, a_last = parsed.subtree(appositives[0])
    words = parsed.span_text(a_first, a_last).split(",")[0].split()
    return " ".join(words) if 0 < len(words) <= _ROLE_WORDS else ""


def _named_span(parsed: Parsed, start: int, end: int) -> tuple[str, str] | None:
    """The recogniser's span at the source phrase's head (or its appositive): "Bill de Blasio" in "Mayor Bill de
    Blasio", but nothing in "the Ukrainian minister", whose head is a role, not the adjective's nationality."""
    inside, head = _phrase_head(parsed, start, end)
    if not inside:
        return None
    if head is not None:
        candidates = [head.i] + [c for c in parsed.children(head.i) if parsed.tokens[c].dep == "appos"
                                 and not any(parsed.tokens[k].dep == "conj" for k in parsed.children(c))]
        # ("three of her accusers – Jane, Carolyn and Annie Farmer –": a list names no one of them as the source)
        for k in candidates:
            entity = parsed.entity_at(k)
            if entity is not None and entity.label in PERSONAL_LABELS | BODY_LABELS | _GROUP_LABELS:
                return entity.label, re.sub(r"(?:’s|'s)$", "", entity.text)
    trailing = parsed.entity_at(inside[-1].i)  # "Adviser to the minister ... Victor Andrusiv": a title, then the name
    if trailing is not None and trailing.label in PERSONAL_LABELS and trailing.first > inside[0].i:
        return trailing.label, trailing.text
    return None


def _joint(parsed: Parsed, attribution: Attribution,
           phrase: str) -> tuple[SourceType, tuple[tuple[str, SourceType], ...]] | None:
    """Two sources speaking together ("Both Roscosmos and NASA", "Holcomb and GOP legislative leaders"): a group
    if either is unnamed, else bodies if either is one, else people; and each member with its own kind ("reports
    from The Wrap and Deadline" are The Wrap's and Deadline's). None for one name with "and" in it ("Customs and
    Border Protection"), which the recogniser or the article gives as a single name."""
    if attribution.source_start is None or " and " not in phrase:
        return None
    tokens = parsed.tokens_in(attribution.source_start, attribution.source_end or 0)
    head = _phrase_head(parsed, attribution.source_start, attribution.source_end or 0)[1]
    if head is None or not any(t.lower == "and" and t.dep == "cc" and _joins_the_phrase(parsed, t.head, head)
                               for t in tokens):
        return None  # ("lawmakers on the Committee on ... Between the United States and the Chinese Communist
    # Party": the "and" joins two words deep inside the phrase, not two sources)
    named = parsed.entity_at(tokens[-1].i)
    if named is not None and named.first <= tokens[0].i + 1 or key(phrase) in {key(b) for b in known_bodies(parsed)}:
        return None
    parts = [p for p in re.split(r"\s+and\s+", re.sub(r"^(?:[Bb]oth|[Tt]he)\s+", "", phrase)) if p]
    if len(parts) == 2 and _OF_A_NAME.search(parts[0]) and parts[1][:1].isupper() and len(parts[1].split()) <= 3:
        return None  # "Stanford University's Center on Poverty and Inequality": one body, named by its field
    if len(parts) >= 2 and all(is_role(part) and not looks_like_name(part) for part in parts[:-1]) \
            and looks_like_name(parts[-1]):
        return None  # "TD Economics director and senior economist Andrew Hencic": one person's two titles
    labels = document_labels(parsed)
    members = tuple((_publisher(part), _conjunct_kind(part, labels.get(key(part), ""))) for part in parts)
    kinds_found = {kind for _, kind in members}
    if "anonymous" in kinds_found:
        return "anonymous", members
    if kinds_found == {"outlet"}:
        return "outlet", members  # "reports from The Wrap and Deadline"
    return ("organisation" if kinds_found & {"organisation", "outlet"} else "person"), members


def _examples(parsed: Parsed, attribution: Attribution) -> tuple[tuple[str, SourceType], ...]:
    """The people and bodies a source names as among it ("officials, including Mayor Hale and ..."), each its
    own source."""
    written, start = attribution.source_text or "", attribution.source_start
    at = written.find(", including ")
    if at < 0 or start is None:
        return ()
    named = [e for e in parsed.entities if start + at < e.start and e.end <= start + len(written)
             and e.label in PERSONAL_LABELS | BODY_LABELS - {"GPE"}]
    return tuple((e.text, "person" if e.label in PERSONAL_LABELS else "organisation") for e in named)


def _joins_the_phrase(parsed: Parsed, joined: int, head: Token) -> bool:
    """The coordination is the phrase's own ("Roscosmos and NASA"), or that of the publishers of a document it
    names ("reports from The Wrap and Deadline")."""
    if joined == head.i:
        return True
    token = parsed.tokens[joined]
    return token.dep == "pobj" and parsed.tokens[token.head].head == head.i and is_document(head.lower)


def _publisher(part: str) -> str:
    """"The Wrap" in "reports from The Wrap", "revelations by The Wrap" or "The Wrap's report": an outlet's
    reporting is the outlet's."""
    if classify_source(part) != "outlet":
        return part
    for joint in (" from ", " by "):  # "reports from The Wrap", "the revelations by newspaper Dagens Nyheter"
        before, _, after = part.partition(joint)
        if after and is_document(before) and classify_source(after) == "outlet":
            return after
    owner = re.match(r"(.+?)(?:’s|'s)\s+(\w+)$", part)
    return owner.group(1) if owner and is_document(owner.group(2)) and classify_source(owner.group(1)) == "outlet" \
        else part


def _conjunct_kind(part: str, label: str) -> SourceType:
    written = classify_source(part)
    if label in BODY_LABELS - {"GPE"} or written == "anonymous" and all(w[:1].isupper() for w in part.split()) \
            or written == "person" and (part.isalpha() and part.isupper() and len(part) >= 2 or label == "GPE"):
        return "organisation"  # "Roscosmos" after "both": capitalised mid-sentence, so a name, not "Opponents";
    # "NASA": an acronym, not a person; "Iran" in "Hamas and Iran": its government
    return written


def _head_kind(parsed: Parsed, start: int, end: int) -> SourceType | None:
    """The kind the phrase's head noun gives, whatever names modify it: "most national polls conducted since
    President Joe Biden ..." is polls (data), "Trump allies" and "Nato leaders" are unnamed groups."""
    head = _phrase_head(parsed, start, end)[1]
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
    head = BEFORE_PREPOSITION.split(phrase, maxsplit=1)[0]
    if label not in PERSONAL_LABELS and written != "outlet" and (is_document(phrase) or is_document(head)):
        return "document"  # "U.S. Census Bureau data", "the TexAuto Facts report from InfoNation"
    study, published, _ = phrase.partition(" published in ")
    if published and is_document(study):
        return "document"  # "A 2014 study published in the Turkish Journal of Surgery": the study, not the journal
    head_words = head.split()
    if label not in PERSONAL_LABELS and len(head_words) >= 2 and head_words[0].lower() in ("a", "an") and all(
            w.islower() for w in head_words[1:]) and not kinds().org_words.fullmatch(head_words[-1]) \
            and head_words[-1] not in kinds().publication_nouns:
        return "anonymous"  # "a commissioner on the Halibut Commission": one of its people, unnamed
    if written == "outlet":
        if label in PERSONAL_LABELS and len(phrase.split()) >= 2 and not _publishing(attribution) \
                and not phrase.lower().startswith("the ") \
                and re.sub(r"^(?:the|a|an)\s+", "", phrase.lower()) not in kinds().outlets:
            return "person"  # Michael Bloomberg the candidate, not Bloomberg News (but "Dagens Nyheter" said)
        return "outlet"
    if label in PERSONAL_LABELS:
        return "person" if not kinds().org_words.search(phrase.lower()) else "organisation"
    if label in BODY_LABELS - {"GPE"} and written == "anonymous" and phrase[:1].isupper() and len(phrase.split()) == 1:
        return "organisation"  # "Roscosmos": a name ending in s, not "Opponents"
    if not label and phrase.split()[0].lower() in ("a", "an") and _titled(BEFORE_PREPOSITION.split(phrase)[0]):
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
