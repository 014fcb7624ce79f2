"""The LLM backend (prompt v2): the model judges, the code copies.

The article goes to the model as numbered sentences inside unforgeable data markers, with the offline finder's
attributions as numbered candidates. The model answers with sentence numbers, not copied text; the code cuts
quotes out of the article by offset and checks every source, kind and sentence the model wrote
(`checked_ledger.py`). Prompt v1 stays in `model_v1.py` for the bench's comparison.
"""

from __future__ import annotations

from bot.analysis.model import prompts
from bot.analysis.attribution import attribute
from bot.analysis.parsing import parse_article
from bot.analysis.top_up import top_up
from bot.analysis.model.checked_ledger import to_checked_analysis
from bot.analysis.model.llm import ModelClient
from bot.analysis.model.model_v1 import analyze_v1
from bot.analysis.model.cited_ledger import MAX_CLAIMS, ledger_schema
from bot.analysis.models import Analysis
from bot.analysis.numbering import NumberedArticle, number_article
from bot.reading.article import Article

PROMPT_VERSION = 2


def analyze_with_model(article: Article, client: ModelClient, max_article_tokens: int) -> Analysis:
    if client.settings.prompt_version == 1:
        return analyze_v1(article, client, max_article_tokens)
    parsed = parse_article(article.text)
    candidates = attribute(article.text, parsed, article.host)
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

