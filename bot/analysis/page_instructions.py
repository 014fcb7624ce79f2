"""Article text that speaks to the reader or to the bot: it names newsbot, asks the reader to act (log in,
re-authenticate, click) or claims a verification newsbot did not make. Such text is shown only marked as the
page's own words. The phrases are data (lexicon/page_instructions.txt), matched as whole words.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MARK = "[The page's own words, not a check by newsbot]"


@cache
def phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """kind -> phrases, each a tuple of words."""
    text = resources.files("bot.analysis").joinpath("lexicon/page_instructions.txt").read_text(encoding="utf-8")
    table: dict[str, list[tuple[str, ...]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, _, phrase = line.partition(":")
        table.setdefault(kind.strip(), []).append(tuple(_words(phrase)))
    return {kind: tuple(found) for kind, found in table.items()}


def _words(text: str) -> list[str]:
    """Lower-case words; any character that is not a letter or digit separates them."""
    cleaned = "".join(ch.lower() if ch.isalnum() else " " for ch in text)
    return cleaned.split()


def kinds(text: str) -> list[str]:
    """Which kinds of page instruction `text` holds ("bot", "act", "verify"), in the lexicon's order."""
    words = _words(text)
    joined = " " + " ".join(words) + " "
    return [kind for kind, found in phrases().items()
            if any(" " + " ".join(phrase) + " " in joined for phrase in found if phrase)]


def is_page_instruction(text: str) -> bool:
    return bool(kinds(text))


def marked(text: str) -> str:
    """The text, preceded by MARK when it is a page instruction (once: marking is idempotent)."""
    if not text or text.startswith(MARK) or not is_page_instruction(text):
        return text
    return f"{MARK} {text}"
