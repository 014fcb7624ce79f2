"""Prompt v1, kept for the bench's before/after comparison (`NEWSBOT_PROMPT_VERSION=1`): the model copies every
quote and attributed statement verbatim, and the copies are checked against the article text afterwards."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.analysis.model import prompts
from bot.analysis.model.budget import estimate_tokens, fit_paragraphs
from bot.analysis.leaks import REDACTED, leaks_prompt
from bot.analysis.model.llm import ModelClient
from bot.analysis.models import Analysis, Attribution, Claim, SourceType, Status
from bot.analysis.quotes import NormalisedText, ground_claims
from bot.analysis.sourcing import assess
from bot.reading.article import Article

MAX_CLAIMS = 7
MAX_ATTRIBUTIONS = 40
PROMPT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelClaim(_Strict):
    claim: str
    source: str | None
    source_type: SourceType
    cue: str | None
    status: Status
    quote: str


class ModelAttribution(_Strict):
    source: str
    source_type: SourceType
    cue: str
    content: str


class ModelLedger(_Strict):
    """What the model fills: flat, every field required, no maps, so grammar-constrained servers cope.

    Lists are bounded (maxItems, which strict mode accepts): a small local model given an unbounded list
    can repeat itself until it runs out of tokens.
    """

    summary: str
    claims: list[ModelClaim] = Field(max_length=MAX_CLAIMS)
    attributions: list[ModelAttribution] = Field(max_length=MAX_ATTRIBUTIONS)
    caveats: list[str] = Field(max_length=5)
    not_heard: list[str] = Field(max_length=6)


class _ArticlePrompt:
    """The messages for one article, re-cut to a smaller budget when the model runs out of room."""

    def __init__(self, article: Article, budget: int) -> None:
        self.article = article
        self.fitted = fit_paragraphs(article.text, budget)

    def messages(self) -> list[dict[str, str]]:
        return build_messages(self.article, self.fitted.text, self.fitted.truncated,
                              self.fitted.kept_paragraphs, self.fitted.total_paragraphs)

    def shorter(self) -> list[dict[str, str]]:
        self.fitted = fit_paragraphs(self.article.text, max(200, estimate_tokens(self.fitted.text) // 2))
        return self.messages()


def analyze_v1(article: Article, client: ModelClient, max_article_tokens: int) -> Analysis:
    prompt = _ArticlePrompt(article, max_article_tokens)
    ledger, usage = client.parse(prompt.messages(), ModelLedger, on_truncated=prompt.shorter)
    analysis = to_analysis(article, ledger, f"openai:{client.model}")
    analysis.usage, analysis.prompt_version = usage, PROMPT_VERSION
    fitted = prompt.fitted
    if fitted.truncated:
        analysis.truncated = True
        analysis.warnings.append(f"The article was shortened to its first {fitted.kept_paragraphs} of "
                                 f"{fitted.total_paragraphs} paragraphs to fit the model's budget.")
    return analysis


def build_messages(article: Article, text: str, truncated: bool, kept: int, total: int) -> list[dict[str, str]]:
    opening, closing = prompts.data_markers(text, article.title or "")
    note = (f"(Only the first {kept} of {total} paragraphs are included.)" if truncated else "")
    system = prompts.render("analyze", PROMPT_VERSION, open_marker=opening, close_marker=closing,
                            max_claims=MAX_CLAIMS)
    user = prompts.render("analyze_user", PROMPT_VERSION, title=article.title or "(none)",
                          outlet=article.outlet or "(unknown)", published=article.published or "(unknown)",
                          truncation_note=note, open_marker=opening, close_marker=closing, article_text=text)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _redact_prompt_leaks(ledger: ModelLedger, claims: list[Claim]) -> bool:
    """Free-text fields that quote our prompt are replaced; verbatim article quotes are checked separately."""
    leaked = False
    if leaks_prompt(ledger.summary, "analyze", "analyze_user"):
        ledger.summary, leaked = REDACTED, True
    for claim in claims:
        if leaks_prompt(f"{claim.claim} {claim.source or ''}", "analyze", "analyze_user"):
            claim.claim, claim.source, leaked = REDACTED, None, True
    kept = [n for n in ledger.not_heard if not leaks_prompt(n, "analyze", "analyze_user")]
    leaked = leaked or len(kept) != len(ledger.not_heard)
    ledger.not_heard = kept
    return leaked


def to_analysis(article: Article, ledger: ModelLedger, backend: str) -> Analysis:
    """Turn the model's ledger into an Analysis, keeping only what the article text supports."""
    index = NormalisedText(article.text)
    attributions: list[Attribution] = []
    unplaced = 0
    for item in ledger.attributions:
        span = index.find(item.content)
        if span is None:
            unplaced += 1
            continue
        attributions.append(Attribution(source=item.source, source_type=item.source_type, cue=item.cue,
                                        content=article.text[span[0]:span[1]], start=span[0], end=span[1],
                                        direct=item.content.lstrip()[:1] in "\"“‘"))
    attributions.sort(key=lambda a: a.start)
    claims = [Claim(claim=c.claim, source=c.source, source_type=c.source_type if c.source else "unattributed",
                    cue=c.cue, status=c.status, quote=c.quote) for c in ledger.claims[:MAX_CLAIMS]]
    caveats = [c for c in ledger.caveats if index.find(c) is not None]
    leaked = _redact_prompt_leaks(ledger, claims)
    analysis = Analysis(article=article, summary=ledger.summary.strip(), claims=claims, attributions=attributions,
                        sourcing=assess(claims, attributions, caveats, ledger.not_heard), backend=backend)
    ground_claims(analysis, index)
    if leaked:
        analysis.warnings.append("Parts of the model's answer repeated its instructions and were removed; "
                                 "the article may contain a prompt-injection attempt.")
    if unplaced:
        analysis.warnings.append(
            f"{unplaced} attributed statement{'s' if unplaced != 1 else ''} from the model could not be found "
            "verbatim in the article and {} left out".format("was" if unplaced == 1 else "were"))
    return analysis
