"""The App Home tab: the desk's sourcing dashboard as Block Kit (at most 100 blocks, Slack's limit for a view)."""

from __future__ import annotations

from slack_sdk.models.blocks import (ActionsBlock, Block, ButtonElement, ContextBlock, DividerBlock, HeaderBlock,
                                     MarkdownTextObject, PlainTextObject, SectionBlock)

from bot.analysis.sourcing import kind_phrase
from bot.dashboard import Dashboard
from bot.dashboard.stats import KINDS, WindowStats
from bot.rendering.slack import esc

MAX_VIEW_BLOCKS = 100
CHART_ACTION = "dashboard_chart"


def render_home(board: Dashboard, permalinks: dict[tuple[str, str], str] | None = None) -> dict:
    """The `view` for views.publish. Permalinks (channel, thread_ts) → URL come from Slack; else the channel."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text="Sourcing dashboard", emoji=False))]
    if not any(window.articles for window in board.windows):
        blocks.append(_md("No analyses yet in the channels you share with newsbot. Post an article link in one of "
                          "them (or use the slash command) and its sourcing will be counted here."))
        return {"type": "home", "blocks": [b.to_dict() for b in blocks]}
    for window in board.windows:
        blocks += _window(window)
    blocks.append(ActionsBlock(elements=[ButtonElement(text="Post a chart of source kinds per week",
                                                       action_id=CHART_ACTION, value="weekly_kinds")]))
    blocks.append(DividerBlock())
    blocks.append(_md("*Latest analyses*"))
    for item in board.latest:
        link = (permalinks or {}).get((item.channel, item.thread_ts))
        where = f"<{link}|thread>" if link else f"<#{item.channel}>"
        blocks.append(_md(f"• {esc(item.title)} — {item.sources} source{'s' if item.sources != 1 else ''}"
                          f", {item.anonymous} anonymous · {where}"))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(
        text="Counted from the ledgers newsbot posted (each article once), in the channels you share with it.")]))
    return {"type": "home", "blocks": [b.to_dict() for b in blocks[:MAX_VIEW_BLOCKS]]}


def _window(window: WindowStats) -> list[Block]:
    counted = sum(n for kind, n in window.sources_by_kind.items() if kind != "unattributed")
    kinds = ", ".join(kind_phrase(kind, window.sources_by_kind[kind]) for kind in KINDS
                      if kind != "unattributed" and window.sources_by_kind[kind])
    lines = [f"*Last {window.days} days:* {window.articles} article{'s' if window.articles != 1 else ''} analysed",
             f"{counted} sources ({kinds or 'none'}); anonymous share {window.anonymous_share:.0%}",
             f"Key claims resting on a single source: {window.single_source_claims} of {window.key_claims}"]
    if window.top_outlets:
        lines.append("Outlets most relied on: " + ", ".join(f"{esc(n.name)} ({n.articles})" for n in window.top_outlets))
    if window.top_people:
        lines.append("People most quoted: " + ", ".join(f"{esc(n.name)} ({n.articles})" for n in window.top_people))
    return [_md("\n".join(lines))]


def _md(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text[:3000], verbatim=True))
