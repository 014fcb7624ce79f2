"""Check what the model says about sources against the text: who (as written, in the cited sentence or next to it)
and what kind (outlet, organisation, person...). Where the model and the evidence disagree, the evidence wins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.attribution import classify_source
from bot.analysis.models import SOURCE_TYPE_LABELS, SourceType
from bot.analysis.numbering import NumberedArticle
from bot.analysis.quotes import normalise

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
    """Is `model_source` in a cited sentence or next to it, or a pronoun there that resolves to it?"""
    wanted = key(model_source)
    if not model_source or not wanted:
        return SourceVerdict(None, None)
    texts = {n: _plain(s.text) for n in _around(cited, article, 1) if (s := article.sentence(n)) is not None}
    in_cited = any(wanted in texts.get(n, "") for n in cited)
    finder = [c.attribution.source for c in article.candidates if c.sentence in cited]
    if in_cited or any(same_source(model_source, s) for s in finder):
        return SourceVerdict(model_source, None)
    if finder:  # the text's own attribution of that sentence wins over a source found only nearby
        return SourceVerdict(finder[0], f"the model credited this to “{model_source}”; the article attributes it "
                                        f"to {finder[0]}")
    if any(wanted in text for text in texts.values()) or _pronoun_resolves(wanted, cited, article):
        return SourceVerdict(model_source, None)
    return SourceVerdict(None, f"the model credited this to “{model_source}”, who is not named in the cited "
                               "sentences, so it is shown as unattributed")


def check_kind(source: str, model_kind: SourceType) -> tuple[SourceType, str | None]:
    """The kind the text shows (outlet list and words, organisation words, names and titles) beats the model's."""
    evidence = classify_source(source)
    if evidence == model_kind or evidence not in _EVIDENCE_KINDS:
        return model_kind, None
    if model_kind == "anonymous" and evidence == "person":
        return model_kind, None  # "Russian prisoners": capitalised but unnamed; the finder's person guess is weak
    return evidence, (f"the model typed {source} as {SOURCE_TYPE_LABELS[model_kind]}; the text shows "
                      f"{SOURCE_TYPE_LABELS[evidence]}")


def _around(cited: list[int], article: NumberedArticle, reach: int) -> list[int]:
    return sorted({n + d for n in cited for d in range(-reach, reach + 1) if article.sentence(n + d) is not None})


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
