"""The headline's claim, when the story's opening never says it.

A headline is the claim most readers take away ("Palestinians say his appointment could ruin ceasefire talks"),
and a story often opens on something else (a scene, a question, the background). Where the headline credits a
claim to someone and the reply's first claim says less than half of it, the headline's claim is shown first,
marked as the headline, its source the body's entity of that name. A headline that credits no one is shown
only where it is a whole clause the opening does not say (the opening usually says it, in a sentence, and
headline grammar, "Mexico to fight steel tariffs", reads as a fragment). A question or a label with no verb
claims nothing.
"""

from __future__ import annotations

from bot import language
from bot.analysis.attribution import attribute
from bot.analysis.claim_text import claim_text
from bot.analysis.lede import claim_words, headline_of, key_words
from bot.analysis.models import HEADLINE_NOTE, Attribution, Claim, SourceType
from bot.language import Parsed, Token

_MIN_WORDS = 4
_FINITE = {"VBZ", "VBP", "VBD", "MD"}
_SAID = 0.5  # share of the headline's words the first claim must say for the headline to go unshown


def headline_claim(title: str | None, claims: list[Claim], attributions: list[Attribution]) -> Claim | None:
    """The headline's attributed claim, or None where it credits no one or the first claim already says it."""
    head = headline_of(title)
    if len(head.split()) < _MIN_WORDS or head.rstrip(" ”\"'’").endswith("?"):
        return None
    parsed = language.parse(head)
    if not any(t.pos in ("VERB", "AUX") for t in parsed.tokens):
        return None
    wanted = key_words(parsed.tokens)
    if claims and wanted:
        first = language.parse(claims[0].claim)
        if len(wanted & key_words(first.tokens)) >= _SAID * len(wanted):
            return None
    found = next((a for a in attribute(head, parsed) if a.source and a.cue != ":" and _clause(parsed, a)), None)
    if found is None:  # (where the story's own claim is already first, it is the opening's words for it)
        return _unattributed(head, parsed) if claims and claims[0].source_type != "unattributed" else None
    text = claim_text(found, parsed)
    if _teaser(text):
        return None  # "Here's why that can be 'a horrible idea,' advisor says": it points at the story
    source, kind = _body_source(found.source, found.source_type, attributions)
    return Claim(claim=text, source=source, source_type=kind, cue=found.cue,
                 quote=head, notes=[HEADLINE_NOTE])


def _unattributed(head: str, parsed: Parsed) -> Claim | None:
    """A headline that credits no one and that the opening does not say ("Zach Parise heating up, scores twice as
    Wild beat Sabres 4-1" over a coach's pre-game words): the story's own claim, shown as the headline says it.
    Only a whole clause: a verb with its subject, not a label or a teaser."""
    if _teaser(parsed.text) or any(t.text in ("|", ":") for t in parsed.tokens):
        return None  # "Here's why ...", "Analysis: ...": it points at the story or labels it
    if not any(t.tag in _FINITE and _has_subject(parsed, t) for t in parsed.tokens):
        return None
    return Claim(claim=head[0].upper() + head[1:], source=None, source_type="unattributed", status="fact",
                 quote=head, notes=[HEADLINE_NOTE])


def _clause(parsed: Parsed, attribution: Attribution) -> bool:
    """A reported statement of four words or more with a finite verb and its subject: not "Tony Blair: Why ...",
    "..., citing trade surplus", "concludes hearings" or "Won't be easy"."""
    tokens = parsed.tokens_in(attribution.start, attribution.end)
    return len(attribution.content.split()) >= _MIN_WORDS and not attribution.cue.endswith("ing") and any(
        t.tag in _FINITE and (_has_subject(parsed, t) or t.dep in ("aux", "auxpass")
                              and _has_subject(parsed, parsed.tokens[t.head])) for t in tokens)


def _has_subject(parsed: Parsed, verb: Token) -> bool:
    return any(parsed.tokens[c].dep in ("nsubj", "nsubjpass") for c in parsed.children(verb.i))


def _teaser(text: str) -> bool:
    return text.lower().startswith(tuple(claim_words()["teaser_openings"]))


def _body_source(source: str, kind: SourceType, attributions: list[Attribution]) -> tuple[str, SourceType]:
    """The headline's "Palestinians" as the body's "Many Palestinians interviewed in Gaza": one source, not two.
    Headline grammar drops articles, so a bare role ("advisor says") is someone unnamed, not a named person."""
    words = set(source.lower().split())
    body = next((a for a in attributions if a.source and words <= set(a.source.lower().split())), None)
    if body is not None:
        return body.source, body.source_type
    return source, "anonymous" if source.islower() else kind  # "..., advisor says": someone, unnamed
