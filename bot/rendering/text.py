"""Terminal text and Markdown: the same outline, drawn for a console or for a document."""

from __future__ import annotations

import textwrap

from typing import TYPE_CHECKING

from bot.analysis.models import Analysis
from bot.rendering.outline import outline

if TYPE_CHECKING:  # the follow-up module pulls in the model client; rendering never needs it at run time
    from bot.analysis.followup import Answer


def render_text(analysis: Analysis, width: int = 100) -> str:
    view = outline(analysis)
    lines = [view.title, " · ".join(view.meta)] if view.meta else [view.title]
    lines += ["", "SUMMARY", _fill(view.summary, width), "", "CLAIMS AND WHO MAKES THEM"]
    for claim in view.claims:
        lines.append(_fill(f"{claim.number}. {claim.claim} — {claim.source} ({claim.details})", width,
                           subsequent_indent="   "))
        if claim.quote:
            lines.append(_fill(claim.quote, width, initial_indent="   > ", subsequent_indent="     "))
        elif claim.quote_note:
            lines.append(f"   ! {claim.quote_note}")
        for anchor, url in claim.links:
            # The URL ends the line whatever its length: whole, and beside what it links.
            lines.append(_fill(f"   links to: {anchor}", width, subsequent_indent="   ") + f" <{url}>")
    if not view.claims:
        lines.append("(no key claims found)")
    lines += ["", "SOURCING"] + [_fill(s, width) for s in view.sourcing]
    if view.warnings:
        lines += ["", "WARNINGS"] + [f"! {w}" for w in view.warnings]
    lines += [""] + view.footer
    return "\n".join(lines)


def render_markdown(analysis: Analysis) -> str:
    view = outline(analysis)
    lines = [f"## {_md(view.title)}"]
    if view.meta:
        lines.append("*" + _md(" · ".join(view.meta)) + "*")
    lines += ["", f"**Summary:** {_md(view.summary)}", "", "### Claims and who makes them", ""]
    for claim in view.claims:
        lines.append(f"{claim.number}. {_md(claim.claim)} — **{_md(claim.source)}** ({_md(claim.details)})")
        if claim.quote:
            lines.append(f"   > {_md(claim.quote)}")
        elif claim.quote_note:
            lines.append(f"   *{_md(claim.quote_note)}*")
        for anchor, url in claim.links:
            lines.append(f"   links to: {_md(anchor)} {_code(url)}")
    lines += ["", "### Sourcing", ""] + [_md(s) for s in view.sourcing]
    if view.warnings:
        lines += [""] + [f"> ⚠️ {_md(w)}" for w in view.warnings]
    lines += [""] + [f"*{_md(f)}*" for f in view.footer]
    return "\n".join(lines) + "\n"


def render_answer_text(answer: Answer) -> str:
    where = f" (paragraph {answer.paragraph})" if answer.paragraph else ""
    quote = f"\n> {answer.quote}" if answer.quote and answer.grounded else ""
    return f"{answer.text}{where}{quote}"


def _fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """Wrap at spaces only: a long word stays whole on a line of its own, so a URL copied from the terminal
    works (textwrap's defaults cut it at the width and at its hyphens)."""
    return textwrap.fill(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                         break_long_words=False, break_on_hyphens=False)


def _code(url: str) -> str:
    """A URL as inline code: shown, never a live link, and a backtick in it cannot close the span."""
    return "`" + url.replace("`", "%60") + "`"


def _md(text: str) -> str:
    """Markdown-escape article and model text so it cannot add links, images or HTML to the document."""
    out = text.replace("\\", "\\\\")
    for char in "`*_[]<>#|!":
        out = out.replace(char, "\\" + char)
    return out
