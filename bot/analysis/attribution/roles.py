"""A source's role, read off the words around its name: "Mayor" in "Mayor Bill de Blasio", "a spokesman" in
"Smith, a spokesman", the title words ("the US President") that point back at a named person."""

from __future__ import annotations

import re

from .lexicon import lexicon
from .names import entity_words, key


def role_around(phrase: str, name: str) -> str:
    """What the source phrase says besides the name: "Mayor" in "Mayor Bill de Blasio"."""
    at = phrase.find(name)
    if at < 0:
        return ""
    role = re.sub(r"(?:’s|'s)$", "", (phrase[:at] + " " + phrase[at + len(name):]).strip(" ,")).strip(" ,")
    words = role.split()
    if len(words) == 1 and words[0][:1].isupper() and words[0].lower().strip(".") not in role_words():
        return ""  # "Imran" in "Imran Khan", where the recogniser took only the surname: a given name, no role
    return role


def role_words() -> set[str]:
    return set(lexicon().words("roles")) | set(entity_words()["titles"])


def split_title(name: str, role: str) -> tuple[str, str]:
    """Without a recognised name: a leading title ("Mayor", "Sen.") before capitalised words is a role."""
    words = name.split()
    roles = role_words()
    k = 0
    while k < len(words) - 1 and words[k].lower().strip(",") in roles and words[k][:1].isupper():
        k += 1
    if k and all(w[:1].isupper() for w in words[k:]):
        return " ".join(words[k:]), (role + " " + " ".join(words[:k])).strip()
    return name, role


def appositive_role(written: str, name: str) -> str:
    """The part of "Smith, a spokesman" or "The council leader, Margaret Hale" that is not the name."""
    parts = [p.strip() for p in written.split(",") if p.strip()]
    others = [p for p in parts if key(p) != key(name)]
    return others[0] if len(parts) >= 2 and len(others) < len(parts) else ""
