"""The LLM backend (prompt v2): the model judges, the code copies.

The article goes to the model as numbered sentences inside unforgeable data markers, with the offline finder's
attributions as numbered candidates. The model answers with sentence numbers, not copied text; the code cuts
quotes out of the article by offset and checks every source, kind and sentence the model wrote
(`checked_ledger.py`). Prompt v1 stays in `model_v1.py` for the bench's comparison.
"""

from __future__ import annotations

from copy import copy
from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from bot.analysis import prompts
from bot.analysis.attribution import attribute
from bot.analysis.parsing import parse_article
from bot.analysis.top_up import top_up
from bot.analysis.checked_ledger import to_checked_analysis
from bot.analysis.llm import ModelClient
from bot.analysis.model_v1 import analyze_v1
from bot.analysis.models import Analysis, SourceType, Status
from bot.analysis.numbering import MAX_CANDIDATES, MAX_SENTENCES, NumberedArticle, number_article
from bot.reading.article import Article

PROMPT_VERSION = 2
MAX_CLAIMS = 6
SentenceNumber = Annotated[int, Field(ge=1, le=MAX_SENTENCES)]


class _Lenient(BaseModel):
    """The schema sent is strict (every field required, no extra keys, no defaults); parsing is lenient, so a
    server that does not enforce the schema still yields what it got right, and the code checks all of it."""

    model_config = ConfigDict(extra="ignore")
    _missing: ClassVar[dict[str, Any]] = {}

    @model_validator(mode="before")
    @classmethod
    def _fill_missing(cls, values: Any) -> Any:
        if isinstance(values, dict):
            return {**{k: copy(v) for k, v in cls._missing.items()}, **values}
        return values


class CitedClaim(_Lenient):
    claim: str
    sentences: list[SentenceNumber] = Field(max_length=3)
    source: str | None
    source_type: SourceType
    status: Status
    _missing = {"sentences": [], "source": None, "source_type": "unattributed", "status": "attributed"}


class Renamed(_Lenient):
    n: int = Field(ge=1, le=MAX_CANDIDATES)  # the candidate whose source the finder got wrong
    source: str
    _missing = {"n": 1, "source": ""}


class AddedSource(_Lenient):
    source: str
    source_type: SourceType
    sentence: SentenceNumber
    _missing = {"source": "", "source_type": "unattributed", "sentence": 1}


class CitedLedger(_Lenient):
    """Flat and bounded (maxItems, integer ranges) so grammar-constrained local servers cope and cannot loop.

    The review of the finder's candidates is one kind per candidate, in order (a word each, not a copy of the
    candidate), plus the few it renames and the statements it adds.
    """

    summary: str
    summary_sentences: list[SentenceNumber] = Field(max_length=4)
    claims: list[CitedClaim] = Field(max_length=MAX_CLAIMS)
    kinds: list[SourceType] = Field(max_length=MAX_CANDIDATES)
    renamed: list[Renamed] = Field(max_length=8)
    added: list[AddedSource] = Field(max_length=8)
    not_heard: list[str] = Field(max_length=4)
    _missing = {"summary": "", "summary_sentences": [], "claims": [], "kinds": [], "renamed": [], "added": [],
                "not_heard": []}


@cache
def ledger_schema(candidates: int, sentences: int) -> type[CitedLedger]:
    """The schema for one article: exactly one kind per candidate, and at least a few claims (a small model
    otherwise stops after two). Only the schema says so: parsing stays lenient, and what is missing is
    reported by the checks, not rejected."""
    count = min(candidates, MAX_CANDIDATES)
    return create_model(  # type: ignore[no-any-return]
        "CitedLedger", __base__=CitedLedger, __doc__=CitedLedger.__doc__,
        claims=(list[CitedClaim], Field(max_length=MAX_CLAIMS,
                                        json_schema_extra={"minItems": min(3, sentences, MAX_CLAIMS)})),
        kinds=(list[SourceType], Field(max_length=MAX_CANDIDATES,
                                       json_schema_extra={"minItems": count, "maxItems": count})),
    )


def analyze_with_model(article: Article, client: ModelClient, max_article_tokens: int) -> Analysis:
    if client.settings.prompt_version == 1:
        return analyze_v1(article, client, max_article_tokens)
    parsed = parse_article(article.text)
    candidates = attribute(article.text, parsed)
    state = {"numbered": number_article(article.text, candidates, max_article_tokens)}

    def shorter() -> list[dict[str, str]]:
        current = state["numbered"]
        state["numbered"] = number_article(article.text, candidates, max(200, current.size() // 2))
        return build_messages(article, state["numbered"])

    first = state["numbered"]
    schema = ledger_schema(len(first.candidates), len(first.sentences))
    ledger, usage = client.parse(build_messages(article, first), schema, on_truncated=shorter)
    numbered = state["numbered"]
    analysis = to_checked_analysis(article, numbered, ledger, f"openai:{client.model}", PROMPT_VERSION)
    analysis = top_up(analysis, candidates, parsed)
    analysis.usage = usage
    if numbered.truncated:
        analysis.truncated = True
        analysis.warnings.append(f"The article was shortened to its first {numbered.kept_paragraphs} of "
                                 f"{numbered.total_paragraphs} paragraphs to fit the model's budget.")
    return analysis


def build_messages(article: Article, numbered: NumberedArticle) -> list[dict[str, str]]:
    sentences, candidates = numbered.rendered_sentences(), numbered.rendered_candidates()
    opening, closing = prompts.data_markers(sentences, candidates, article.title or "")
    note = (f"(Only the first {len(numbered.sentences)} of {numbered.total_sentences} sentences are included.)"
            if numbered.truncated else "")
    system = prompts.render("analyze", PROMPT_VERSION, open_marker=opening, close_marker=closing,
                            max_claims=MAX_CLAIMS)
    user = prompts.render("analyze_user", PROMPT_VERSION, title=_line(article.title or "(none)"),
                          outlet=_line(article.outlet or "(unknown)"),
                          published=_line(article.published or "(unknown)"),
                          truncation_note=note, open_marker=opening, close_marker=closing,
                          numbered_sentences=sentences, candidates=candidates)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _line(text: str) -> str:
    return " ".join(text.split())[:300]

