"""Both backends give an editor the same floor: when the model returns fewer key claims than the article
warrants (a 1.5B local model returned 3 for the seed article), the built-in selection tops the list up with
claims from the sources the model left out, by the same rules, each marked as added."""

from __future__ import annotations

from bot.analysis.key_claims import select, to_claim
from bot.analysis.models import Analysis, Attribution
from bot.analysis.quotes import NormalisedText
from bot.analysis.sentences import sentences
from bot.analysis.sourcing import assess, source_key
from bot.language import Parsed

ADDED_NOTE = "added by the built-in selection"


def top_up(analysis: Analysis, attributions: list[Attribution], parsed: Parsed | None) -> Analysis:
    text = analysis.article.text
    all_sentences = sentences(text)
    chosen = select(attributions, all_sentences, parsed)
    room = len(chosen) - len(analysis.claims)
    if room <= 0:
        return analysis
    have = {source_key(c.source) for c in analysis.claims if c.source}
    roles = {a.entity: a.role for a in attributions if a.entity and a.role}
    extra = [to_claim(a, text, all_sentences, parsed, roles.get(a.entity or ""), attributions)
             for a in chosen if source_key(a.source) not in have][:room]
    if not extra:
        return analysis
    index = NormalisedText(text)
    for claim in extra:
        span = index.find(claim.quote.removesuffix("…").strip())
        claim.grounded = span is not None
        claim.quote_start, claim.quote_end = span if span else (None, None)
        claim.notes.append(ADDED_NOTE)
    claims = [*analysis.claims, *extra]
    sourcing = assess(claims, analysis.attributions, analysis.sourcing.caveats, analysis.sourcing.not_heard)
    topped = analysis.model_copy(update={"claims": claims, "sourcing": sourcing})
    topped.warnings = [*analysis.warnings, f"The model gave {len(analysis.claims)} key claim"
                       f"{'s' if len(analysis.claims) != 1 else ''}; {len(extra)} more from sources it left out "
                       "were added by the built-in selection (marked)."]
    return topped
