"""Ledger diffs and outlet comparisons, drawn for Slack, a terminal and Markdown (JSON is the model's dump).

Every quote shown is an article sentence cut by offset, so before/after quotes are verbatim by construction.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.models.blocks import Block, DividerBlock

from bot.alignment import AlignedPair, Comparison, LedgerDiff
from bot.alignment.models import DocumentRef
from bot.analysis.models import SOURCE_TYPE_LABELS
from bot.rendering.slack import (SlackMessage, _blockquote, _clip, _context, _fit_block_budget, _sections, esc,
                                 FALLBACK_LIMIT)
from bot.rendering.text import _md

_KIND_LABELS = {"changed": "Changed", "contradicting": "Contradicts", "only_a": "Removed", "only_b": "Added",
                "same": "Same"}
_MAX_PAIRS = 12
_MAX_GROUPS = 12


def diff_lines(diff: LedgerDiff, only_substantive: bool, quote: Callable[[str], str],
               strong: Callable[[str], str], clean: Callable[[str], str]) -> list[str]:
    """The body of a diff, one paragraph per change; the drawing of quotes and emphasis is the caller's."""
    lines: list[str] = []
    for note in diff.notes_added:
        lines.append(f"{strong('Correction or update note added:')}\n{quote(note)}")
    for caveat in diff.caveats_added:
        lines.append(f"{strong('Caveat added:')}\n{quote(caveat)}")
    for caveat in diff.caveats_removed:
        lines.append(f"{strong('Caveat removed:')}\n{quote(caveat)}")
    pairs = [p for p in diff.pairs if p.kind != "same" and (p.substantive or not only_substantive)]
    for pair in pairs[:_MAX_PAIRS]:
        lines.append(_pair(pair, quote, strong, clean))
    if len(pairs) > _MAX_PAIRS:
        lines.append(clean(f"(and {len(pairs) - _MAX_PAIRS} more changes; the CLI's `newsbot diff` lists them all)"))
    return lines


def _pair(pair: AlignedPair, quote: Callable[[str], str], strong: Callable[[str], str],
          clean: Callable[[str], str]) -> str:
    side = pair.b or pair.a
    assert side is not None
    who = side.source or "unattributed"
    number = f" (claim {side.claim_number})" if side.claim_number else ""
    head = f"{strong(_KIND_LABELS[pair.kind] + number + ':')} {clean(side.text)} — {clean(who)}"
    if pair.details:
        head += "\n" + clean("; ".join(pair.details))
    body = [head]
    if pair.a is not None and pair.b is not None:
        if pair.a.quote:
            body.append(f"{strong('Before:')}\n{quote(pair.a.quote)}")
        if pair.b.quote and pair.b.quote != pair.a.quote:
            body.append(f"{strong('After:')}\n{quote(pair.b.quote)}")
    elif side.quote:
        body.append(quote(side.quote))
    return "\n".join(body)


def _summary(diff: LedgerDiff) -> str:
    counts = diff.counts()
    return (f"{counts['same']} unchanged, {counts['changed']} changed, {counts['contradicting']} contradicting, "
            f"{counts['only_a']} only in A, {counts['only_b']} only in B.")


def render_diff_text(diff: LedgerDiff) -> str:
    lines = [f"A: {_doc(diff.a)}", f"B: {_doc(diff.b)}", "", _summary(diff),
             "Substantive changes." if diff.substantive else "No substantive change (cosmetic edits only).", ""]
    body = diff_lines(diff, False, lambda q: "   > " + " ".join(q.split()), lambda s: s, lambda s: s)
    return "\n".join(lines + ["\n\n".join(body)] if body else lines).rstrip() + "\n"


def render_diff_markdown(diff: LedgerDiff) -> str:
    lines = [f"## {_md(diff.b.title)}", f"*A: {_md(_doc(diff.a))}*  ", f"*B: {_md(_doc(diff.b))}*", "",
             _md(_summary(diff)), ""]
    body = diff_lines(diff, False, _md_quote, lambda s: f"**{_md(s)}**", _md)
    return "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"


def render_diff_slack(diff: LedgerDiff) -> SlackMessage:
    """The correction-watch reply: only what an editor needs to know, before and after, quoted."""
    intro = f"*The article has changed since newsbot's reply* ({esc(diff.b.title)})."
    body = diff_lines(diff, True, _blockquote, lambda s: f"*{esc(s)}*", esc)
    blocks: list[Block] = [*_sections(intro)]
    for paragraph in body:
        blocks += _sections(paragraph)
    blocks.append(_context("Compared claim by claim with the version newsbot first read; quotes checked verbatim."))
    fallback = _clip(esc(f"The article has changed: {diff.b.title}"), FALLBACK_LIMIT)
    return SlackMessage(text=fallback, blocks=[b.to_dict() for b in _fit_block_budget(blocks)])


def comparison_lines(comparison: Comparison, quote: Callable[[str], str], strong: Callable[[str], str],
                     clean: Callable[[str], str]) -> list[str]:
    names = [_name(account.document, i) for i, account in enumerate(comparison.articles)]
    lines = []
    for i in comparison.related:
        account = comparison.articles[i]
        cited = ", ".join(f"{s.source} ({SOURCE_TYPE_LABELS.get(s.source_type, s.source_type)})"
                          for s in account.sources[:6]) or "no one"
        lines.append(f"{strong(names[i] + ':')} {clean(account.document.title)}\n{clean('Cites: ' + cited)}")
    contradictions = [g for g in comparison.groups if g.kind == "contradicting"]
    agreed = [g for g in comparison.groups if g.kind == "agreed"]
    singles = [g for g in comparison.groups if g.kind == "single" and any(m.statement.claim_number for m in g.members)]
    for group in contradictions[:_MAX_GROUPS]:
        parts = [f"{strong('They contradict each other:')} {clean('; '.join(group.details))}"]
        for member in (group.members[k] for k in group.conflicting):
            parts.append(f"{clean(names[member.article])}:\n{quote(member.statement.quote or member.statement.text)}")
        lines.append("\n".join(parts))
    for group in agreed[:_MAX_GROUPS]:
        who = ", ".join(names[i] for i in group.articles)
        first = group.members[0].statement
        lines.append(f"{strong('Agree')} ({clean(who)}): {clean(first.text)}")
    for group in singles[:_MAX_GROUPS]:
        member = group.members[0]
        lines.append(f"{strong('Only ' + names[member.article] + ':')} {clean(member.statement.text)}"
                     f" — {clean(member.statement.source or 'unattributed')}")
    for copy in comparison.shared:
        first = f"; {names[copy.earliest]} was published first" if copy.earliest is not None else ""
        lines.append(f"{strong('Shared copy')} ({clean(names[copy.a])} and {clean(names[copy.b])}: "
                     f"{copy.share:.0%} of the shorter text{clean(first)}):\n{quote(copy.passage)}")
    for i in comparison.unrelated:
        lines.append(f"{strong('About a different event, not compared:')} {clean(names[i])}: "
                     f"{clean(comparison.articles[i].document.title)}")
    return lines


def render_comparison_text(comparison: Comparison) -> str:
    body = comparison_lines(comparison, lambda q: "   > " + " ".join(q.split()), lambda s: s, lambda s: s)
    return "\n\n".join(body) + "\n"


def render_comparison_markdown(comparison: Comparison) -> str:
    body = comparison_lines(comparison, _md_quote, lambda s: f"**{_md(s)}**", _md)
    return "## Outlets compared\n\n" + "\n\n".join(body) + "\n"


def render_comparison_slack(comparison: Comparison) -> SlackMessage:
    blocks: list[Block] = [*_sections(f"*{len(comparison.related)} accounts of one story, compared claim by claim*")]
    for paragraph in comparison_lines(comparison, _blockquote, lambda s: f"*{esc(s)}*", esc):
        blocks += _sections(paragraph)
    blocks.append(DividerBlock())
    blocks.append(_context("Compared claim by claim from each article's text; quotes checked verbatim."))
    return SlackMessage(text="Outlets compared", blocks=[b.to_dict() for b in _fit_block_budget(blocks)])


def _md_quote(quote: str) -> str:
    """A blockquote closed by a blank line, so the next line is not swallowed into it."""
    return "\n> " + _md(" ".join(quote.split())) + "\n"


def _name(document: DocumentRef, index: int) -> str:
    return document.outlet or f"Article {index + 1}"


def _doc(document: DocumentRef) -> str:
    parts = [document.title, document.outlet, document.published, document.url]
    return " · ".join(p for p in parts if p)
