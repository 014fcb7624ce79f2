"""The analysis's one parse of an article: English text is parsed (once; the parse is cached by text and shared
by the finder, the entities and the model path's checks); other languages are not, since the English pipeline
would read German as badly-tagged English."""

from __future__ import annotations

from bot import language
from bot.analysis.errors import ParserUnavailable
from bot.language import Parsed


def use_model(name: str) -> None:
    """Name the parser pipeline (NEWSBOT_SPACY_MODEL); it loads on first use."""
    language.configure(name)


def warm_up() -> None:
    """Load the parser now (the Slack work process, at start-up) rather than on the first article."""
    try:
        language.load()
    except language.LanguageModelError as error:
        raise ParserUnavailable(str(error)) from error


def parse_article(text: str) -> Parsed | None:
    """The article's parse, or None when the text is not English (the finder then reads the strings alone)."""
    if not language.is_english(text):
        return None
    try:
        return language.parse(text)
    except language.LanguageModelError as error:
        raise ParserUnavailable(str(error)) from error


def parse_notes(parsed: Parsed | None, text: str) -> list[str]:
    """What the reader of the reply should know about the parse: a long text parsed only in part. (An article in
    another language is not parsed at all; other_languages.py says so.)"""
    if parsed is not None and parsed.truncated:
        words = len(text[:parsed.parsed_chars].split())
        return [f"The article is very long: only its first {words:,} words were parsed for sources."]
    return []
