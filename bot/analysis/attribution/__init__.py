"""Find attributed statements in English news text without a model: who says what, with which cue.

The parts, each named for its job: `segmentation` (sentences, tokens, quoted stretches), `cues` (reporting
verbs, "according to", cue nouns, headline colons), `sources` (the source phrase as written), `content` (the
statement's span), `pronouns` (who "he" is), `kinds` (person, organisation, outlet, document, anonymous),
`hedges` (verification caveats, declined to comment, denials), `finder` (putting them together). The word
lists are data in `lexicon.v1.json`, loaded once by `lexicon()`.
"""

from .entities import group_entities
from .mentions import EntityMention, entity_mentions
from bot.analysis.models import Attribution
from bot.language import Parsed

from .credit_lines import credit_cues
from .finder import find_attributions
from .grammar import reports_a_deed
from .hedges import declined_to_comment, has_hedge, hedges, is_denial
from .kinds import classify_source
from .lexicon import Lexicon, lexicon
from .publisher_credits import QUOTED_AS_SAYING

__all__ = ["EntityMention", "Lexicon", "QUOTED_AS_SAYING", "attribute", "credit_cues", "reports_a_deed", "entity_mentions", "group_entities", "classify_source", "declined_to_comment", "find_attributions", "has_hedge", "hedges",
           "is_denial", "lexicon"]


def attribute(text: str, parsed: Parsed | None, host: str | None = None) -> list[Attribution]:
    """Every attribution in the text, sources checked on the parse and grouped into one entity per source.
    `host` names the article's own outlet (its name or web address), never credited as another outlet."""
    return group_entities(text, parsed, find_attributions(text, parsed, host))
