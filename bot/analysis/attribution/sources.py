"""Find the source phrase of a cue, as written: the subject before it, or the name after an inverted verb.

A dependency-free noun-phrase heuristic: a source is a run of name-like words (capitalised words,
determiners, nouns, "of"/"for" links between them) ending right before the cue, stopping at punctuation,
conjunctions and verbs. Appositives ("Smith, a spokesman for the union, said") give the name before them;
relative pronouns ("..., who said") are kept as written and resolved later.
"""

from __future__ import annotations

from .cues import Cue
from .lexicon import Lexicon
from .segmentation import Token

MAX_SOURCE_TOKENS = 10
MAX_APPOSITIVE_TOKENS = 40
_APPOSITIVE_OPENERS = {"a", "an", "the", "who", "which", "whose", "its", "his", "her", "their", "one", "himself",
                       "herself", "themselves", "itself", "now", "then", "also", "former", "both"}
_CLOSING_QUOTES = {"”", '"', "’", "'"}
_POSSESSIVES = {"his", "her", "their", "its"}
_HEAD_QUANTIFIERS = {"many", "some", "others", "both", "several", "most"}
_RIGHT_STOPS = {"that", "which", "who", "is", "are", "was", "were", "has", "have", "had", "will", "would"}
_OPENING_PREPOSITIONS = {"in", "on", "at", "after", "before", "during", "following", "with", "for", "despite", "amid",
                         "since", "by", "as", "while", "when", "although", "though", "having", "asked", "speaking",
                         "addressing", "earlier", "later", "last", "this", "from", "under", "without", "if", "once",
                         "here", "there", "now", "then", "today", "yesterday", "still", "instead", "meanwhile"}
_SHARES = {"percent", "%", "half", "third", "quarter", "majority", "plurality", "most", "many", "some", "few",
           "none", "all", "both", "others", "everyone", "nobody"}
_GOVERNOR_MODIFIERS = {"more", "less", "most", "likely", "unlikely", "able", "unable", "ready", "willing", "eager",
                       "quick", "happy", "about", "going", "trying", "expected"}
_PARTITIVE_PRONOUNS = {"them", "us", "those"}
_LEADING_CONNECTIVES = {"but", "and", "so", "then", "yet", "still", "now", "meanwhile", "also", "instead", "however"}


def left_source(toks: list[Token], cue: Cue, lex: Lexicon, floor: int = 0) -> tuple[int, int] | None:
    """Token span of the subject right before the cue (skipping an infinitive's governing verb)."""
    i = cue.start - 1
    steps = 0
    while i >= floor and toks[i].lower == "to" and steps < 2:  # "wants to say": the subject of "wants"
        i -= 2 if i - 1 >= floor and toks[i - 1].lower not in lex.subject_pronouns else 1
        while i >= floor and (toks[i].lower in lex.auxiliaries or toks[i].lower in _GOVERNOR_MODIFIERS
                              or toks[i].lower.endswith("ly") and not toks[i].capitalised):
            i -= 1  # "are slightly more likely to say": back to the subject
        steps += 1
    if i < floor:
        return None
    paren_end = None
    if toks[i].text == "," and i - 1 >= floor and toks[i - 1].text == ")":
        i -= 1  # "Gov. Bob Smith (R-Ohio), said"
    if toks[i].text == ")":  # "Sen. Mitch McConnell (R-Ky.) said": the party label belongs to the name
        k = i - 1
        while k > floor and i - k < 8 and toks[k].text != "(":
            k -= 1
        if k > floor and toks[k].text == "(":
            paren_end, i = i + 1, k - 1
    tok = toks[i]
    if tok.text in (",", "—", "–") and paren_end is None:
        return _before_appositive(toks, i, lex, floor)
    if not tok.is_word or tok.quoted:
        return None
    if tok.lower in _PARTITIVE_PRONOUNS and i - 2 >= floor and toks[i - 1].lower == "of" and (
            toks[i - 2].lower in _SHARES or toks[i - 2].text[:1].isdigit()):
        return (i - 2, i + 1)  # "most of them said", "two of us wrote"
    if tok.lower in lex.subject_pronouns:
        return (i, i + 1)
    span = noun_phrase_ending(toks, i, lex, floor)
    if span is not None and span[0] - 2 >= floor and toks[span[0] - 1].lower in ("who", "that"):
        antecedent = noun_phrase_ending(toks, span[0] - 2, lex, floor)  # "One official who saw it said"
        if antecedent is not None and names_someone(toks, antecedent, lex):
            return (antecedent[0], span[1])
    if span is None or not (names_someone(toks, span, lex) or _determined_subject(toks, span, lex, floor)):
        return None
    return (span[0], paren_end) if paren_end else span


def subject_phrase(toks: list[Token], cue: Cue, lex: Lexicon) -> tuple[int, int] | None:
    """The grammatical subject before a cue, whether or not it names anyone ("The plan was criticised")."""
    i = cue.start - 1
    if i < 0 or not toks[i].is_word or toks[i].quoted:
        return None
    if toks[i].lower in lex.subject_pronouns:
        return (i, i + 1)
    return noun_phrase_ending(toks, i, lex)


def _determined_subject(toks: list[Token], span: tuple[int, int], lex: Lexicon, floor: int) -> bool:
    """"The engineer wrote": a short determiner-led phrase that opens its clause is a subject."""
    return (span[1] - span[0] <= 5 and toks[span[0]].lower in ("the", "a", "an", "this", "these", "those", "some",
                                                                "many", "most", "several", "his", "her", "their",
                                                                "its", "our", "my", "your")
            and (_clause_start(toks, span[0], floor) or toks[span[0] - 1].lower == "that"))


def names_someone(toks: list[Token], span: tuple[int, int], lex: Lexicon) -> bool:
    """A source names someone: a capitalised word (not just the sentence's first), or a person/body noun."""
    heads = lex.source_heads
    for k in range(span[0], span[1]):
        tok = toks[k]
        if tok.capitalised and (k > 0 or tok.lower not in lex.determiners and tok.lower not in lex.boundaries):
            return True
        if tok.lower in heads or tok.lower.rstrip("s’'") in heads or tok.lower in _SHARES or tok.text[:1].isdigit():
            return True  # "More than six in 10 said", "46 percent said": a share of those polled
    return False


def noun_phrase_ending(toks: list[Token], i: int, lex: Lexicon, floor: int = 0) -> tuple[int, int] | None:
    """The noun phrase whose last token is toks[i], or None when toks[i] cannot end one."""
    noun_use = i > floor and (toks[i - 1].lower in lex.determiners or toks[i - 1].lower in _POSSESSIVES)
    if not (_np_word(toks[i], lex) or noun_use and toks[i].is_word and toks[i].lower in lex.cue_forms) or (
            toks[i].lower in lex.determiners and toks[i].lower not in _HEAD_QUANTIFIERS):
        return None  # ("the report found": a cue word used as a noun can head the phrase)
    start = i
    while start - 1 >= floor and i - start + 1 < MAX_SOURCE_TOKENS:
        prev = toks[start - 1]
        if prev.quoted:
            break
        if _np_word(prev, lex) or prev.lower in lex.determiners or prev.lower in _POSSESSIVES:
            start -= 1
            continue
        if prev.lower in lex.np_links and start - 2 >= floor and _links(toks[start - 2], toks[start], prev, lex):
            start -= 1
            continue
        break
    while start < i and (toks[start].lower in lex.np_links or not toks[start].is_word):
        start += 1
    return (start, i + 1)


def _links(left: Token, right: Token, link: Token, lex: Lexicon) -> bool:
    """"Secretary of State", "sources close to", "Clinton and Sanders": a link inside one phrase."""
    if not (_np_word(left, lex) or left.lower in ("close", "familiar")):
        return False
    if link.lower == "and":
        return left.capitalised and right.capitalised
    if link.text in ("’s", "'s", "-", "&"):
        return True
    return link.lower in ("of", "for", "at", "in", "from", "on", "with", "to") and (
        right.capitalised or right.lower in ("the", "a", "an") or left.lower in ("close", "familiar"))


def _np_word(tok: Token, lex: Lexicon) -> bool:
    """Could this token sit inside a source noun phrase?"""
    if not tok.is_word or tok.quoted:
        return False
    word = tok.lower
    if word in lex.boundaries or (word in lex.auxiliaries and not tok.capitalised):
        return False
    if word in lex.pronouns and word not in _POSSESSIVES:
        return False
    if not tok.capitalised and word in lex.cue_forms and not word.endswith("s"):
        return False  # a lower-case verb form ("warned", "told") ends the phrase
    return True


def _before_appositive(toks: list[Token], comma: int, lex: Lexicon, floor: int) -> tuple[int, int] | None:
    """`Smith, a spokesman for the union, said`, `Smith — a teacher — says`: the name and what interrupts it.

    The span runs from the name to the comma before the verb, as PolNeAR writes sources; the ledger keeps
    the name (the part before the first comma).
    """
    k = comma - 1
    while k > floor and comma - k < MAX_APPOSITIVE_TOKENS:
        tok = toks[k]
        if tok.text in _CLOSING_QUOTES or tok.quoted or tok.text in (";", ":", "(", ")"):
            return None
        if tok.text == toks[comma].text and k + 1 < comma and k >= 1 and toks[k - 1].is_word:
            head = (k - 1, k) if toks[k - 1].lower in lex.subject_pronouns else noun_phrase_ending(toks, k - 1, lex, floor)
            if head is not None and _clause_start(toks, head[0], floor) and names_someone(toks, head, lex):
                return (head[0], comma)
        k -= 1
    return None


def _clause_start(toks: list[Token], i: int, floor: int) -> bool:
    """Does a subject starting at toks[i] open its clause (sentence start, after a comma, quote or "and")?"""
    if i <= floor:
        return True
    prev = toks[i - 1]
    return prev.text in (",", "”", '"', "'", "—", "–", "(", ":") or prev.lower in (
        "and", "but", "while", "because", "as", "when", "after", "before", "since", "if", "though", "although", "that",
        "until", "once") or prev.lower in _LEADING_CONNECTIVES


def right_source(toks: list[Token], cue: Cue, lex: Lexicon) -> tuple[int, int] | None:
    """`"...," said Smith, a spokesman` / `according to the report`: the phrase after the cue."""
    i = cue.end
    n = len(toks)
    if i >= n or not toks[i].is_word or toks[i].quoted:
        return None
    if toks[i].lower in lex.subject_pronouns and toks[i].lower not in ("who", "which"):
        return (i, i + 1)
    end = i
    while end < n and end - i < MAX_SOURCE_TOKENS + 2:
        tok = toks[end]
        if tok.quoted or (not tok.is_word and tok.text not in ("’s", "'s", "-", "&")):
            break
        noun_use = end > i and (toks[end - 1].lower in lex.determiners or toks[end - 1].lower.endswith(("’s", "'s"))
                                or toks[i].lower in lex.determiners and tok.lower in _document_words(lex))
        # "according to the annual report" (but "a Pentagon memo seen by Reuters" stops at "seen")
        if tok.lower in _RIGHT_STOPS or (end > i and tok.lower in lex.cue_forms and not tok.capitalised
                                         and not noun_use):
            break  # "said Smith, who ...", "according to Smith, speaking ..." (but "according to the report")
        end += 1
    while end > i + 1 and toks[end - 1].lower in lex.time_tail and not toks[end - 1].capitalised:
        end -= 1
    return (i, end) if end > i else None


def _document_words(lex: Lexicon) -> set[str]:
    return set(lex.raw["kinds"]["document_words"]) | set(lex.raw["cue_nouns"])


def sentence_subject(toks: list[Token], lex: Lexicon, limit: int) -> tuple[int, int] | None:
    """The clause's subject for a participle cue (`Smith attacked the plan, saying ...`): its first phrase."""
    i = 0
    while i < limit and (not toks[i].is_word or toks[i].lower in _LEADING_CONNECTIVES):
        i += 1
    if i < limit and (toks[i].lower in _OPENING_PREPOSITIONS or toks[i].lower.endswith("ing")
                      or toks[i].lower in lex.time_tail):  # "In a letter, Smith", "Speaking to CNN, Smith": skip it
        comma = next((k for k in range(i, min(limit, i + 15)) if toks[k].text == ","), None)
        if comma is not None:
            i = comma + 1
    if i >= limit:
        return None
    if toks[i].lower in lex.subject_pronouns:
        return (i, i + 1)
    end = i
    verbs = lex.raw["common_verbs"]
    while end < limit and end - i < MAX_SOURCE_TOKENS and (
            _np_word(toks[end], lex) or toks[end].lower in lex.determiners or toks[end].lower in ("of", "’s", "'s")):
        if end > i and not toks[end].capitalised and (toks[end].lower.endswith("ed") or toks[end].lower in verbs):
            break  # "Smith visited ...", "Smith went ...": the verb ends the subject
        end += 1
    nouns = lex.raw["kinds"]["source_nouns"]
    if end == i or not any(t.capitalised or t.lower in nouns for t in toks[i:end]):
        return None
    return (i, end)
