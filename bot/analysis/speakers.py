"""Whether an attribution has a speaker at all, for the reply: the finder reports every attribution the text
makes (as annotators count them), but a supposition ("if another bidder still wants to acquire Yahoo"), a supposed
someone ("anyone who ... thinks"), a deed ("voted on Tuesday to build a flood wall", "who rebuffed an offer") and
a thing that cannot speak ("The value of the pound signalling ...", "the idea of running a country through oil
doesn't answer ...") are neither key claims nor sources the reply counts.
Data and documents do speak ("figures show", "the report found")."""

from __future__ import annotations

from bot.analysis.attribution import lexicon, reports_a_deed
from bot.analysis.claim_text import cue_verb
from bot.analysis.lede import claim_words
from bot.analysis.models import Attribution
from bot.language import Parsed


def speaks(attribution: Attribution, parsed: Parsed | None) -> bool:
    """Someone says it: what the reply may show as a key claim and count as a source."""
    return not supposed(attribution, parsed) and not _a_thing(attribution, parsed) and not _an_object(attribution) \
        and not _deed(attribution, parsed)


def _an_object(attribution: Attribution) -> bool:
    """"us", "them": an object pronoun the parse took for a subject ("for us recognize everything") names no one."""
    objects = set(claim_words()["object_pronouns"])
    return attribution.source.lower() in objects or (attribution.source_text or "").lower() in objects


def supposed(attribution: Attribution, parsed: Parsed | None) -> bool:
    """A statement nobody makes: one a condition supposes ("if another bidder still wants to acquire Yahoo, it has
    time"), or one of a supposed someone ("anyone who votes against the deal and thinks ...")."""
    return _conditional(attribution, parsed) or _no_one(attribution)


def _conditional(attribution: Attribution, parsed: Parsed | None) -> bool:
    if parsed is None or attribution.cue_start is None:
        return False
    token = cue_verb(attribution, parsed)
    conditions = set(claim_words()["conditions"])
    for _ in range(3):
        if token is None:
            return False
        if any(parsed.tokens[c].dep == "mark" and parsed.tokens[c].lower in conditions
               for c in parsed.children(token.i)):
            return True
        if token.dep not in ("conj", "xcomp") or token.head == token.i:
            return False
        token = parsed.tokens[token.head]  # "if X wants ... and plans to": the condition is on the first verb
    return False


def _no_one(attribution: Attribution) -> bool:
    """"anyone who votes against the deal and thinks ...": a supposed someone, no source."""
    nobody = lexicon().raw["nobody"]
    return any(words and words[0] in nobody for words in (
        (attribution.source_text or "").lower().split(), attribution.source.lower().split()))


def _a_thing(attribution: Attribution, parsed: Parsed | None) -> bool:
    """A source whose head is a thing that cannot speak (claim_words.json "not_speakers"): "The value of the
    pound", "Indigenous foraging experiences", "the past year"."""
    if parsed is None or attribution.source_start is None or attribution.source_end is None \
            or attribution.source_type not in ("anonymous", "person", "organisation"):
        return False
    inside = parsed.tokens_in(attribution.source_start, attribution.source_end)
    if not inside:
        return False
    first, last = inside[0].i, inside[-1].i + 1
    heads = [t for t in inside if not first <= t.head < last or t.head == t.i]
    return len(heads) == 1 and heads[0].pos == "NOUN" and heads[0].lemma.lower() in _not_speakers()


def _not_speakers() -> set[str]:
    return set(claim_words()["not_speakers"])


def _deed(attribution: Attribution, parsed: Parsed | None) -> bool:
    """A thing done, not said: "who famously rebuffed a $3 billion offer", "voted on Tuesday to build a wall"."""
    if lexicon().cue_forms.get(attribution.cue.split()[0].lower()) in claim_words()["deeds"]:
        return True
    return parsed is not None and attribution.cue_start is not None and attribution.cue_end is not None and \
        reports_a_deed(parsed, attribution.cue_start, attribution.cue_end)
