"""Answers to follow-up questions, from the article and its analysis only, citing the paragraph used."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from bot.analysis.model import prompts
from bot.analysis.model.budget import fit_paragraphs
from bot.analysis.leaks import REDACTED, leaks_prompt
from bot.analysis.model.llm import ModelClient
from bot.analysis.models import Analysis
from bot.analysis.page_instructions import marked
from bot.analysis.quotes import NormalisedText
from bot.analysis.sentences import paragraphs, sentences
from bot.analysis.model.support import supported_sentences

PROMPT_VERSION = 1
_STOPWORDS = set("""a an and are as at be by did do does for from had has have he her his how i in is it its
of on or she that the their them they this to was were what when where which who whom whose why will with
would you about article story say says said does did tell told any there according""".split())
_WORD = re.compile(r"[\w’'-]+")
_MIN_OVERLAP = 2  # content words a sentence must share with the question to count as an answer


class Turn(BaseModel):
    question: str
    answer: str


class Answer(BaseModel):
    text: str
    found: bool
    paragraph: int | None = None  # 1-based
    quote: str = ""
    grounded: bool = False
    backend: str


class ModelAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str
    paragraph: int | None
    quote: str
    found: bool


def answer_with_model(analysis: Analysis, question: str, history: list[Turn], client: ModelClient,
                      max_article_tokens: int) -> Answer:
    text = fit_paragraphs(analysis.article.text, max_article_tokens).text
    numbered = "\n\n".join(f"[{i}] {p.text}" for i, p in enumerate(paragraphs(text), 1))
    opening, closing = prompts.data_markers(numbered, question, *(t.question for t in history))
    claims = "\n".join(f"- {c.claim} ({c.source or 'unattributed'})" for c in analysis.claims) or "(none)"
    past = "\n".join(f"Q: {t.question}\nA: {t.answer}" for t in history[-6:]) or "(none)"
    messages = [
        {"role": "system", "content": prompts.render("followup", PROMPT_VERSION, open_marker=opening,
                                                     close_marker=closing)},
        {"role": "user", "content": prompts.render("followup_user", PROMPT_VERSION, summary=analysis.summary,
                                                   claims=claims, open_marker=opening, close_marker=closing,
                                                   numbered_paragraphs=numbered, history=past, question=question)},
    ]
    reply, _usage = client.parse(messages, ModelAnswer)
    if leaks_prompt(reply.answer, "followup", "followup_user"):
        return Answer(text=REDACTED, found=False, backend=f"openai:{client.model}")
    span = NormalisedText(analysis.article.text).find(reply.quote) if reply.quote else None
    numbered_paragraphs = paragraphs(text)
    paragraph = reply.paragraph if reply.paragraph and 1 <= reply.paragraph <= len(numbered_paragraphs) else None
    backend = f"openai:{client.model}"
    # The support check the analysis uses: the answer must rest on what it cites (the paragraph, the checked
    # quote); sentences the cited text does not hold, links and mentions among them, are not shown.
    evidence = " ".join(([numbered_paragraphs[paragraph - 1].text] if paragraph else [])
                        + ([reply.quote] if span else []))
    kept, dropped = supported_sentences(reply.answer.strip(), evidence, links=False) if evidence else ([], 1)
    if not reply.found or not kept:
        note = "" if not reply.found else " (The model's answer did not rest on the article's text, so it is not shown.)"
        return Answer(text="The article does not say." + note, found=False, backend=backend)
    answer = " ".join(marked(sentence) for sentence in kept)
    if dropped:
        answer += " (Part of the model's answer is not in the cited text and is not shown.)"
    quote = marked(reply.quote) if span else ""
    return Answer(text=answer, found=True, paragraph=paragraph, quote=quote, grounded=span is not None,
                  backend=backend)


def answer_offline(analysis: Analysis, question: str) -> Answer:
    """The sentences (and attributed statements) that share the most words with the question."""
    wanted = _content_words(question)
    text = analysis.article.text
    scored = []
    for sentence in sentences(text):
        overlap = len(wanted & _content_words(sentence.text))
        if overlap >= min(_MIN_OVERLAP, len(wanted)) and overlap:
            scored.append((overlap, -sentence.start, sentence))
    if not scored:
        return Answer(text="The article does not say. (Offline answer: no sentence in the article matches the question.)",
                      found=False, backend="offline")
    scored.sort(reverse=True)
    best = [item[2] for item in scored[:2]]
    best.sort(key=lambda s: s.start)
    sources = [a for a in analysis.attributions if any(s.start <= a.start < s.end for s in best)]
    lines = [f"“{marked(s.text)}” (paragraph {s.paragraph + 1})" for s in best]
    if sources:
        who = "; ".join(dict.fromkeys(f"{a.source} ({a.cue})" for a in sources))
        lines.append(f"Attributed to: {who}.")
    # The passages are quoted in the text itself, verbatim; no separate quote to repeat.
    return Answer(text="The closest passages in the article:\n" + "\n".join(lines), found=True,
                  paragraph=None, quote="", grounded=False, backend="offline")


def _content_words(text: str) -> set[str]:
    words = set()
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.strip("'-")
        if len(word) > 2 and word not in _STOPWORDS:
            words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words
