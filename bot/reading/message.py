"""A Slack message as an `Article`: a pasted press release, a wire flash, a transcript excerpt.

It is not a web page, so the article gate does not apply (a wire flash is short by nature); only a
message with no words at all is refused.
"""

from __future__ import annotations

from bot.reading.article import Article, count_words
from bot.reading.cleaning import clean_plain_text
from bot.reading.errors import ReadError


MAX_MESSAGE_CHARS = 40_000  # Slack's own limit for a message's text


def article_from_message(text: str, where: str) -> Article:
    """`where` names the message for the reply's title ("a message in #desk")."""
    cleaned = clean_plain_text(text[:MAX_MESSAGE_CHARS])
    words = count_words(cleaned.text)
    if not words:
        raise ReadError("the message has no text to check (only files or attachments)")
    return Article(url=None, title=cleaned.title or f"Sourcing check of {where}", text=cleaned.text,
                   word_count=words, removed=cleaned.removed)
