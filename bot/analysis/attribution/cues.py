"""Find attribution cues in a sentence's tokens: reporting verbs, "according to", cue nouns, headline colons.

A cue is a run of tokens: auxiliaries and adverbs before the verb ("has also said"), the verb, a particle
after it ("called for", "pointed out"). Chains such as "seemed to suggest" or "went on to say" are one cue.
Cues inside quotation marks belong to the quoted speaker and are left to the quote's own attribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .lexicon import Lexicon
from .segmentation import Token

CueKind = Literal["verb", "according", "noun", "colon", "hearsay", "survey"]
_SUBJECTS = {"he", "she", "they", "we", "i", "who"}
_POSSESSIVE_DETERMINERS = {"his", "her", "their", "its", "our", "my", "your"}
_NOUN_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "such", "no", "any", "every", "each"}
_QUANTIFIERS = {"all", "both", "many", "some", "most", "several", "few", "more", "fewer", "one", "two", "three"}
_NOUN_FOLLOWERS = {"that", ":", "“", '"', "about", "on", "of", "to", "for", "against"}
_PARTICIPLE_AFTER = {",", "while", "before", "after", "when", "by", "in", "—", "–"}
_PAST_ENDINGS = ("ed", "en", "wn", "ld", "ht", "id", "nt", "un", "ne")
_IRREGULAR_VERBS = {"said", "told", "wrote", "thought", "felt", "knew", "found", "sought"}


@dataclass
class Cue:
    start: int  # token indices, end exclusive; start includes auxiliaries
    head: int  # index of the verb / noun / colon itself
    end: int
    kind: CueKind
    lemma: str
    passive: bool = False
    participle: bool = False  # "..., saying that": the subject is the clause's


def find_cues(toks: list[Token], lex: Lexicon) -> list[Cue]:
    """Cues in sentence order, at most one per token."""
    cues: list[Cue] = []
    words = [t for t in toks if t.is_word]
    headline = len(words) >= 3 and sum(t.capitalised for t in words) >= 0.7 * len(words)  # "Smith Says Deal Is Off"
    i = 0
    while i < len(toks):
        tok = toks[i]
        cue = None if tok.quoted or not tok.is_word else _at(toks, i, lex, headline)
        if cue is None:
            i += 1
            continue
        if cues and _chains(cues[-1], cue, toks):
            cues[-1].end = cue.end  # "seemed to suggest", "went on to say": one cue
        else:
            cues.append(cue)
        i = cue.end
    colon = _headline_colon(toks)
    if colon is not None and not any(c.start <= colon.head < c.end for c in cues):
        cues.insert(0, colon)
    return cues


def _at(toks: list[Token], i: int, lex: Lexicon, headline: bool = False) -> Cue | None:
    tok = toks[i]
    word = tok.lower
    after = toks[i + 1].lower if i + 1 < len(toks) else ""
    if word == "according" and after == "to":
        return Cue(i, i, i + 2, "according", "according to")
    if word == "in" and _survey_after(toks, i, lex):  # "In a poll released Monday, ...", "... in the polls."
        return Cue(i, i, i + 1, "survey", "in")
    if word in lex.raw["hearsay_adverbs"]:  # "Smith reportedly plans to resign": said by someone unnamed
        return Cue(i, i, i + 1, "hearsay", word)
    lemma = lex.cue_forms.get(word) or (lex.cue_forms_before_to.get(word) if after == "to" else None) or (
        lex.after_pronoun.get(word) if i > 0 and toks[i - 1].lower in _SUBJECTS else None)  # "they support", "he felt"
    after_it = toks[i + 2].lower if after == "it" and i + 2 < len(toks) else ""  # "made it clear that"
    if lemma in lex.raw["needs_particle"] and after not in lex.particles.get(lemma, ()) \
            and after_it not in lex.particles.get(lemma, ()):
        lemma = None  # "The council voted, and ...": without its particle the verb reports nothing
    if lemma is not None and (headline or not tok.capitalised or _sentence_initial(toks, i)):
        if _looks_like_noun(toks, i):
            return _noun(toks, i) if word in lex.cue_nouns else None
        start = _auxiliary_start(toks, i, lex)
        end = i + 2 if after in lex.particles.get(lemma, ()) else i + 3 if after_it in lex.particles.get(lemma, ()) \
            else i + 1
        passive = word.endswith(_PAST_ENDINGS) and any(toks[k].lower in lex.be_forms for k in range(start, i))
        if passive and after == "as" and i + 2 < len(toks) and toks[i + 2].lower in ("saying", "telling", "writing"):
            end, passive = i + 3, False  # "was quoted as saying": the subject speaks
        previous = toks[i - 1].lower if i > 0 else ""
        participle = (word in lex.participles or word.endswith("ing")) and (
            previous in _PARTICIPLE_AFTER or _sentence_initial(toks, i))  # "Promising that ..., Bolton said"
        return Cue(start, i, end, "verb", lemma, passive=passive, participle=participle)
    if word in lex.cue_nouns:
        return _noun(toks, i)
    if word in lex.stance_adjectives and i > 0 and toks[i - 1].lower in lex.be_forms | {"remain", "remains", "remained", "’s", "'s"} \
            and after in ("that", "to", "about", "of", "with", "in"):
        return Cue(_auxiliary_start(toks, i, lex), i, i + 1, "verb", word)
    return None


def _survey_after(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """"in" opens a phrase headed by a poll or study that ends at a comma (sentence-initial) or the sentence's end."""
    initial = _sentence_initial(toks, i)
    for k in range(i + 1, min(len(toks), i + 12)):
        if not toks[k].is_word or toks[k].quoted:
            ends = toks[k].text == "," if initial else all(not t.is_word for t in toks[k:])
            return ends and any(t.lower in lex.raw["survey_words"] for t in toks[i + 1:k])
    return not initial and any(t.lower in lex.raw["survey_words"] for t in toks[i + 1:])


def _sentence_initial(toks: list[Token], i: int) -> bool:
    return all(not t.is_word for t in toks[:i])


def _looks_like_noun(toks: list[Token], i: int) -> bool:
    """"the claims", "his plans", "a report": a determiner or possessive right before a base or -s form."""
    word = toks[i].lower
    if i == 0 or word.endswith(("ed", "ing")) or word in _IRREGULAR_VERBS:
        return False
    previous = toks[i - 1].lower
    return (previous in _NOUN_DETERMINERS or previous in _POSSESSIVE_DETERMINERS
            or previous.endswith(("’s", "'s")) or previous in _QUANTIFIERS and previous != "all")


def _noun(toks: list[Token], i: int) -> Cue | None:
    """"his claim that ...", "Trump’s statement: ...": a possessive owner and a complement after the noun."""
    if i == 0 or i + 1 >= len(toks):
        return None
    owner = toks[i - 1].lower
    if not (owner in _POSSESSIVE_DETERMINERS or owner.endswith(("’s", "'s"))):
        return None
    if toks[i + 1].lower not in _NOUN_FOLLOWERS:
        return None
    if owner in _POSSESSIVE_DETERMINERS and toks[i + 1].lower not in ("that", ":"):
        return None  # "his remarks on trade" is a topic; "his claim that ..." is a statement
    return Cue(i, i, i + 1, "noun", toks[i].lower)


def _auxiliary_start(toks: list[Token], i: int, lex: Lexicon) -> int:
    """Include auxiliaries and adverbs before the verb: "has also repeatedly said"."""
    start = i
    while start > 0:
        prev = toks[start - 1]
        if prev.quoted or not prev.is_word:
            break
        word = prev.lower
        if word in lex.auxiliaries or (word.endswith("ly") and len(word) > 4 and not prev.capitalised
                                       and word not in lex.cue_forms):
            start -= 1
            continue
        break
    return start


def _chains(first: Cue, second: Cue, toks: list[Token]) -> bool:
    """The second cue is the infinitive of the first: "wants to endorse", "went on to say"."""
    if first.kind != "verb" or second.kind != "verb":
        return False
    gap = [t.lower for t in toks[first.end:second.start]]
    return gap in (["to"], ["on", "to"]) or (not gap and second.start > 0 and toks[second.start - 1].lower == "to")


def _headline_colon(toks: list[Token]) -> Cue | None:
    """"Smith: We will win" at a sentence start: a short capitalised name, then a colon, then a statement."""
    for k, tok in enumerate(toks[:6]):
        if tok.text == ":":
            name = toks[:k]
            words_after = sum(1 for t in toks[k + 1:] if t.is_word)
            if name and name[0].capitalised and words_after >= 3 and all(
                    t.is_word and (t.capitalised or t.lower in ("of", "the", "for", "and")) and
                    not (t.text.isupper() and len(t.text) > 1) for t in name) and len(name[0].text) > 1:
                return Cue(k, k, k + 1, "colon", ":")
            return None
        if not tok.is_word and tok.text not in ("’", "'", "."):
            return None
    return None
