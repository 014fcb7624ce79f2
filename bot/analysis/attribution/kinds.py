"""What kind of source a phrase names: a person, an organisation, an outlet, a document, or nobody named.

The word lists (outlets, organisation words, roles, ...) are in the lexicon data file; the model backend can
check model-given source kinds with the same `classify_source`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.models import SourceType

from .lexicon import lexicon, word_pattern


class _Kinds:
    def __init__(self) -> None:
        lex = lexicon()
        self.outlets = {w.lower() for w in lex.words("outlets")}
        self.known_organisations = set(lex.words("known_organisations"))
        names = sorted((re.sub(r"^the ", "", w) for w in self.outlets if len(w) > 3), key=len, reverse=True)
        # An outlet owning a document: "The Wrap's report", "reports from Deadline", "a transcript seen by Reuters"
        self.outlet_inside = re.compile(r"(?:\b(?:from|by|in|of)\s+(?:the\s+)?|^(?:the\s+)?)(?:"
                                        + "|".join(re.escape(n) for n in names) + r")(?:’s|'s)?\b")
        self.outlet_words = word_pattern(lex.words("outlet_words"))
        self.outlet_name_words = set(lex.words("outlet_name_words"))
        self.publication_nouns = set(lex.words("publication_nouns"))
        self.plural_nouns = set(lex.words("plural_nouns"))
        self.org_words = word_pattern(lex.words("organisation_words"))
        modifiers = "|".join(re.escape(w) for w in lex.words("document_modifiers"))
        documents = "|".join(re.escape(w) for w in sorted(lex.words("document_words"), key=len, reverse=True))
        self.documents = re.compile(rf"^(?:(?:{modifiers}) )*(?:{documents})\b", re.I)
        self.document_head = re.compile(rf"\b(?:{documents})$", re.I)
        provisions = "|".join(re.escape(w) for w in lex.words("provision_words"))
        self.provision = re.compile(rf"^(?:the\s+)?(?:{provisions})\s+\d+[a-z]?$", re.I)  # "Article 5"
        anonymous = [re.escape(w) for w in lex.words("anonymous_words")] + lex.words("anonymous_patterns")
        self.anonymous = re.compile(r"\b(?:" + "|".join(anonymous) + r")\b", re.I)
        self.roles = word_pattern(lex.words("roles"))
        self.stop_caps = set(lex.words("stop_caps"))


_PREPOSITION = re.compile(r"\s+(?:of|for|at|from|with|in|to|close to)\s+")


@lru_cache(maxsize=1)
def kinds() -> _Kinds:
    """The compiled source-kind word lists, built once."""
    return _Kinds()


_SHARE_OF = re.compile(r"^(?:the\s+)?(?:\d[\d.,]*\s*)?(?:per\s?cent|%)\s+of\b")


def classify_source(source: str) -> SourceType:
    """The source kind of a phrase as written (a resolved name, not a pronoun)."""
    k = kinds()
    lowered = source.lower().strip()
    if not lowered or _SHARE_OF.match(lowered):
        return "anonymous"  # nothing written names no one; "44 per cent of British people" is a share of a group
    bare = re.sub(r"^(?:the|a|an)\s+", "", lowered)
    if lowered in k.outlets or bare in k.outlets or ("the " + bare) in k.outlets or k.outlet_words.search(lowered) \
            or any(w[:1].isupper() and w.lower() in k.outlet_name_words for w in source.split()[1:] or source.split()):
        return "outlet"  # ("The Examiner", "the Daily Mail"; but a "medical examiner")
    if bare in k.known_organisations:
        return "organisation"  # "Facebook believe that ...", which the recogniser often leaves unlabelled
    if k.documents.search(lowered) or k.document_head.search(lowered) and source.split()[-1].islower() \
            or k.provision.match(lowered):
        if k.outlet_inside.search(lowered):
            return "outlet"  # "The Wrap's report", "reports from The Wrap and Deadline": an outlet's reporting
        return "document"  # "the latest poll", "the office release", "The Israeli election results"
    if k.anonymous.search(lowered) and not _named(source, k):
        return "anonymous"
    words = source.split()
    if len(words) == 1 and lowered.endswith("s") and not source.isupper() and not k.org_words.search(lowered):
        return "anonymous"  # "Opponents said": capitalised only because it starts the sentence
    head = _PREPOSITION.split(source.strip(), maxsplit=1)[0].split()
    if head and k.roles.fullmatch(head[-1].lower()) and not head[-1].lower().endswith("s") \
            and head[0].lower() not in ("a", "an"):
        return "person"  # "the council leader", "the minister for internal affairs": one person, by title
    rest = words[len(head):]  # "Veterans of Ireland's diplomatic service": capitalised only as the first word
    positional = len(head) == 1 and any(w.islower() and len(w) > 3 for w in rest)  # (not "Friends of the Earth")
    if head and (head[-1].islower() or positional) and (head[-1].endswith("s") or head[-1].lower() in k.plural_nouns) \
            and not k.org_words.search(head[-1].lower()) and head[-1].lower() not in k.outlets:
        return "anonymous"  # "Russian prisoners", "local residents": an unnamed group, whatever its adjectives
    if k.org_words.search(lowered) and not _person_name(source, k):
        return "organisation"
    if words[0].lower() == "the" and len(words) >= 2 and all(w[:1].isupper() for w in words[1:]) \
            and not k.roles.search(lowered) and (words[-1].endswith("s") and not words[-1].endswith("ss")
                                                  or len(words) == 2):
        return "organisation"  # "The Dodgers", "The Ngātiwai": a name that takes "the" is not one person's
    if _person_name(source, k) or k.roles.search(lowered):
        return "person"
    if _named(source, k):
        return "organisation" if len(words) == 1 and source.isupper() else "person"
    return "anonymous"


def noun_kind(phrase: str) -> SourceType | None:
    """The kind a common noun gives the name after it: "whale rescue group Project Jonah" (an organisation,
    whatever the recogniser makes of "Jonah"), "newspaper Dagens Nyheter" (an outlet), "data analysis firm
    1010data" (a firm, not data)."""
    k = kinds()
    words = _PREPOSITION.split(phrase.strip(), maxsplit=1)[0].split()
    for at in range(len(words) - 1, -1, -1):
        if not words[at].islower() or words[at][:1].isdigit():
            continue  # "1010data" is the firm's name, not the noun before it
        name = words[at + 1:]
        if not name or not all(w[:1].isupper() or w[:1].isdigit() for w in name) or all(
                w in k.stop_caps for w in name) or any(k.roles.fullmatch(w.lower()) for w in name):
            return None  # "company CEO Andy Vesey": the title makes him a person
        if words[at] in k.publication_nouns or " ".join(words[at - 1:at + 1]) in k.publication_nouns:
            return "outlet"
        return "organisation" if k.org_words.fullmatch(words[at]) else None
    return None


def is_role(phrase: str) -> bool:
    """A title or job ("the minister", "a spokesman"): a singular person, for pronoun resolution."""
    return bool(kinds().roles.search(phrase))


def is_document(phrase: str) -> bool:
    """A poll, study, report or letter ("the latest poll"): the subject "shows"/"found" needs."""
    head = kinds().document_head.search(phrase.strip())  # a capitalised head names a firm: "Coresight Research"
    return bool(kinds().documents.search(phrase) or head and not head.group(0)[:1].isupper())


def looks_like_name(phrase: str) -> bool:
    """A person's name ("Margaret Hale"), for choosing the name over the title in an appositive."""
    return _person_name(phrase, kinds())


def _named(source: str, k: _Kinds) -> bool:
    return any(w[:1].isupper() and w not in k.stop_caps for w in source.split())


def _person_name(source: str, k: _Kinds) -> bool:
    """Two capitalised words at the end ("Victor Andrusiv"), not part of a name like "Centre for Defence Strategies"."""
    words = source.strip().split()
    if len(words) < 2 or not all(_name_word(w) for w in words[-2:]) or k.org_words.search(" ".join(words[-2:])):
        return False  # (any script's letters: "Pilar Bernabé", "José Catalá", "Jürgen Müller")
    before = words[-3].lower() if len(words) > 2 else ""
    return before not in {"for", "of", "the", "and", "on", "in", "&"}


def _name_word(word: str) -> bool:
    """A capitalised word of a name: "Bernabé", "O’Neill", "Ocasio-Cortez" (not "NASA", not "iPhone")."""
    if len(word) < 2 or not word[0].isupper():
        return False
    rest = word[1:]  # a capital only after an apostrophe or a hyphen
    return all(c.islower() or c in "’'-" or c.isupper() and i > 0 and rest[i - 1] in "’'-" for i, c in enumerate(rest))
