"""A follow-up answer as Slack's streamed message: the answer as markdown text, then its checked quote and
the AI label as blocks at the foot. Escaped exactly like every other reply."""

from __future__ import annotations

from bot.analysis.followup import Answer
from bot.rendering.slack import ANSWER_LABEL, OFFLINE_ANSWER_LABEL, _blockquote, _context, _sections, esc


def answer_stream(answer: Answer) -> tuple[str, list[dict]]:
    """(markdown text to stream, blocks for the foot of the finished message)."""
    text = esc(answer.text)
    if answer.paragraph:
        text += f"\n_(paragraph {answer.paragraph})_"
    blocks = _sections(_blockquote(answer.quote)) if answer.quote and answer.grounded else []
    blocks.append(_context(ANSWER_LABEL if answer.backend != "offline" else OFFLINE_ANSWER_LABEL))
    return text, [b.to_dict() for b in blocks]
