"""Reading: fetch a page safely, extract the story, clean off the furniture, refuse non-articles."""

from bot.reading.article import Article, RemovedBlock
from bot.reading.errors import ReadError
from bot.reading.reader import Reader

__all__ = ["Article", "ReadError", "Reader", "RemovedBlock"]
