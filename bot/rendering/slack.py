"""Slack Block Kit replies. Every string that came from an article or a model is escaped here, so no
article or model output can mention anyone, link anywhere or break out of its block."""

from __future__ import annotations

import re
from dataclasses import dataclass

from slack_sdk.models.blocks import (Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject,
                                     PlainTextObject, SectionBlock)

from typing import TYPE_CHECKING

from bot.analysis.models import Analysis
from bot.rendering.outline import Outline, outline

if TYPE_CHECKING:  # the follow-up module pulls in the model client; rendering never needs it at run time
    from bot.analysis.followup import Answer

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
HEADER_LIMIT = 150
CONTEXT_LIMIT = 2000  # per text element, well under Slack's 3000
FALLBACK_LIMIT = 3000
ANSWER_LABEL = "AI-generated from the article text."
OFFLINE_ANSWER_LABEL = "Built-in offline answer (no AI model): passages from the article."
QUICK_LABEL = (":hourglass_flowing_sand: *Quick built-in reading* (no AI model yet). "
               "The model is checking it; this message will be replaced by its checked ledger.")
QUICK_TEXT = "Quick built-in reading (the model is checking it)"
_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|slack|file)(:)(//)?")
_WWW = re.compile(r"(?i)\bwww\.")


def esc(text: str) -> str:
    """Slack's three control characters, escaped (& first), and URLs defused so Slack won't auto-link them."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _SCHEME.sub(lambda m: f"{m.group(1)}\u200b:{m.group(3) or ''}", escaped)
    return _WWW.sub("www\u200b.", escaped)


@dataclass
class SlackMessage:
    text: str  # notification / fallback text
    blocks: list[dict]


def render_slack(analysis: Analysis) -> SlackMessage:
    view = outline(analysis)
    blocks = _headline(view)
    blocks.append(DividerBlock())
    blocks += _sections("*Claims and who makes them*" if view.claims else "*No key claims found.*")
    for claim in view.claims:
        body = f"*{claim.number}.* {esc(claim.claim)}\n— *{esc(claim.source)}* ({esc(claim.details)})"
        if claim.quote:
            body += "\n" + _blockquote(claim.quote)
        elif claim.quote_note:
            body += f"\n:warning: _{esc(claim.quote_note)}_"
        for anchor, url in claim.links:
            body += f"\n:link: links to: {esc(anchor)} {_defused_url(url)}"
        for line in claim.checks:
            body += f"\n{esc(line)}"
        blocks += _sections(body)
    blocks.append(DividerBlock())
    blocks += _sections("*Sourcing:* " + "\n".join(esc(s) for s in view.sourcing))
    for warning in view.warnings:
        blocks.append(_context(f":warning: {esc(warning)}", escaped=True))
    blocks.append(_context(" ".join(view.footer)))
    return _message(view, _fit_block_budget(blocks))


def render_quick(analysis: Analysis) -> SlackMessage:
    """The first answer while the model works: the built-in ledger, labelled under its title as provisional,
    so nobody quotes it as the checked one. No feedback buttons: the reply to judge is the one that replaces it."""
    message = render_slack(analysis)
    blocks = list(message.blocks)
    if len(blocks) >= MAX_BLOCKS - 1:
        del blocks[-3]  # a claim's block, as with_feedback does; the sourcing line and labels stay
    blocks.insert(1, _context(QUICK_LABEL, escaped=True).to_dict())
    return SlackMessage(text=_clip(f"{QUICK_TEXT}: {message.text}", FALLBACK_LIMIT), blocks=blocks)


def render_slack_summary(analysis: Analysis, quick: bool = False) -> SlackMessage:
    """The short root message a slash command posts; the full ledger goes in its thread. `quick` labels it as
    the built-in reading the model's will replace, as `render_quick` does the ledger."""
    view = outline(analysis)
    blocks = _headline(view)
    if view.sourcing:
        blocks += _sections(f"*Sourcing:* {esc(view.sourcing[0])}")
    count = len(view.claims)
    blocks.append(_context(f"{count} key claim{'s' if count != 1 else ''} with sources and checked quotes in the thread. "
                           + view.footer[-1]))
    if quick:
        blocks.insert(1, _context(QUICK_LABEL, escaped=True))
        message = _message(view, blocks)
        return SlackMessage(text=_clip(f"{QUICK_TEXT}: {message.text}", FALLBACK_LIMIT), blocks=message.blocks)
    return _message(view, blocks)


def _headline(view: Outline) -> list[Block]:
    """Title, outlet line and summary: the top of every analysis message."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=_clip(esc(view.title), HEADER_LIMIT), emoji=False))]
    if view.meta:
        blocks.append(_context(" · ".join(view.meta)))
    return blocks + _sections(f"*Summary:* {esc(view.summary)}")


def _message(view: Outline, blocks: list[Block]) -> SlackMessage:
    return SlackMessage(text=_clip(esc(f"{view.title}: {view.summary}"), FALLBACK_LIMIT),
                        blocks=[b.to_dict() for b in blocks])


def render_answer_slack(answer: Answer) -> SlackMessage:
    body = esc(answer.text)
    if answer.paragraph:
        body += f"\n_(paragraph {answer.paragraph})_"
    if answer.quote and answer.grounded:
        body += "\n" + _blockquote(answer.quote)
    label = ANSWER_LABEL if answer.backend != "offline" else OFFLINE_ANSWER_LABEL
    blocks: list[Block] = [*_sections(body), _context(label)]
    return SlackMessage(text=_clip(esc(answer.text), FALLBACK_LIMIT), blocks=[b.to_dict() for b in blocks])


def render_notice(message: str, emoji: str = ":warning:") -> SlackMessage:
    """A one-line status for the thread: the page could not be read, the model failed, and so on."""
    text = f"{emoji} {esc(message)}"
    return SlackMessage(text=_clip(text, FALLBACK_LIMIT), blocks=[b.to_dict() for b in _sections(text)])


def _defused_url(url: str) -> str:
    """A URL shown as text: escaped and defused like every other string, in code so nothing links it."""
    return "`" + esc(url).replace("`", "%60") + "`"


def _blockquote(quote: str) -> str:
    return "\n".join(f"> {esc(line)}" for line in quote.splitlines() if line.strip())


def _sections(text: str) -> list[Block]:
    """One mrkdwn section per 3,000 characters, split at line breaks, else at spaces."""
    return [SectionBlock(text=MarkdownTextObject(text=chunk, verbatim=True)) for chunk in split_text(text, SECTION_LIMIT)]


def split_text(text: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            cut = _safe_cut(line, cut)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()] or [" "]


def _safe_cut(line: str, cut: int) -> int:
    """Never split an escape sequence such as &amp; in two."""
    amp = line.rfind("&", max(0, cut - 5), cut)
    return amp if amp > 0 and ";" not in line[amp:cut] else cut


def _context(text: str, escaped: bool = False) -> ContextBlock:
    body = text if escaped else esc(text)
    return ContextBlock(elements=[MarkdownTextObject(text=_clip(body, CONTEXT_LIMIT), verbatim=True)])


def _fit_block_budget(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    kept = blocks[: MAX_BLOCKS - 2]
    kept.append(_context("(Reply shortened to fit Slack's limits; the full analysis is available with the CLI's --format json.)"))
    kept.append(blocks[-1])
    return kept


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = _safe_cut(text, limit - 1)
    return text[:cut].rstrip() + "…"
