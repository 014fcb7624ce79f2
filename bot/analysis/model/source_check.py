"""Check what the model says about sources against the text: who (the same entity as the cited sentence's source)
and what kind (outlet, organisation, person...). Where the model and the evidence disagree, the evidence wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.attribution import classify_source
from bot.analysis.models import SOURCE_TYPE_LABELS, Attribution, SourceType
from bot.analysis.numbering import NumberedArticle
from bot.analysis.quotes import normalise

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}
_PRONOUN = re.compile(r"\b(he|she|they|it|we|his|her|their)\b", re.I)
_PRONOUN_REACH = 3  # sentences back a pronoun may reach for its antecedent
# Kinds the finder's lexicons decide from the words themselves; "anonymous" is its fallback, so the model may
# know better there (an organisation the lexicon does not list).
_EVIDENCE_KINDS = {"outlet", "organisation", "person", "document"}


def key(source: str | None) -> str:
    text = normalise(source or "").lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"^(?:the|a|an)\s+", "", text).strip(" ,.;:")


def _plain(text: str) -> str:
    return normalise(text).lower().replace("’", "'").replace("‘", "'")


def same_source(a: str | None, b: str | None) -> bool:
    """One names the other, as written ("Victor Andrusiv" in "Adviser ... Victor Andrusiv")."""
    ka, kb = key(a), key(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


@dataclass
class SourceVerdict:
    source: str | None  # the source to show: the model's if the text has it, else the text's, else None
    note: str | None  # what was corrected, for the reply; None when the model's source stood


def check_source(model_source: str | None, cited: list[int], article: NumberedArticle) -> SourceVerdict:
    """Is `model_source` the same entity as the grammatical source of a cited sentence's attribution?

    Where the finder attributes a cited sentence, the model's source must be that source's entity (any of its
    mentions: "Mr. Marcus" for "Kevin Marcus", "he" resolved to him); a source found only in the sentence
    before ("human rights groups" for "there have also been reports of ...") is corrected. Where the finder
    has no attribution there, the source must be named in a cited sentence or stood for by a pronoun in one.
    """
    wanted = key(model_source)
    if not model_source or not wanted:
        return SourceVerdict(None, None)
    found = [c.attribution for c in article.candidates if c.sentence in cited]
    named = [a for a in found if a.source]
    if any(_same_entity(model_source, a, article) for a in named):
        return SourceVerdict(model_source, None)
    if named:  # the text's own attribution of that sentence wins over a source found only nearby
        return SourceVerdict(named[0].source, f"the model credited this to “{model_source}”; the article attributes "
                                              f"it to {named[0].source}")
    texts = [_plain(s.text) for n in cited if (s := article.sentence(n)) is not None]
    if not found and (any(wanted in text for text in texts) or _pronoun_resolves(wanted, cited, article)):
        return SourceVerdict(model_source, None)
    return SourceVerdict(None, f"the model credited this to “{model_source}”, who is not named in the cited sentences "
                               "as its source, so it is shown as unattributed")


def _same_entity(model_source: str, attribution: Attribution, article: NumberedArticle) -> bool:
    """The model's source names the attribution's entity by any of the article's mentions of it."""
    forms = {attribution.source, attribution.source_text or ""}
    if attribution.entity:
        forms |= {f for c in article.candidates if c.attribution.entity == attribution.entity
                  for f in (c.attribution.source, c.attribution.source_text or "")}
    return any(same_source(model_source, form) for form in forms if form and form.lower() not in _PRONOUNS)


def check_kind(source: str, model_kind: SourceType, text_kind: SourceType | None = None) -> tuple[SourceType, str | None]:
    """The kind the text shows beats the model's: the kind of the entity the finder credits the cited sentence to
    (`text_kind`, read on the parse), else the source's words (outlet list and words, organisation words, names
    and titles). The words alone call "A spokesperson for the Harbour Traders Association" an organisation; the
    entity is an unnamed person."""
    evidence = text_kind or classify_source(source)
    if evidence == model_kind or evidence not in _EVIDENCE_KINDS:
        return model_kind, None
    if model_kind == "anonymous" and evidence == "person":
        return model_kind, None  # "Russian prisoners": capitalised but unnamed; the finder's person guess is weak
    return evidence, (f"the model typed {source} as {SOURCE_TYPE_LABELS[model_kind]}; the text shows "
                      f"{SOURCE_TYPE_LABELS[evidence]}")


def _pronoun_resolves(wanted: str, cited: list[int], article: NumberedArticle) -> bool:
    """A pronoun in a cited sentence whose earlier antecedent (a few sentences back) is the source."""
    for number in cited:
        span = article.sentence(number)
        if span is None or not _PRONOUN.search(span.text):
            continue
        for back in range(number - 1, max(0, number - 1 - _PRONOUN_REACH), -1):
            earlier = article.sentence(back)
            if earlier is not None and wanted in _plain(earlier.text):
                return True
    return False
