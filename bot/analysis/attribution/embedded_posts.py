"""Posts embedded in the page: a social-media post a story quotes in full is rendered as its text, then a
signature paragraph ("— The White House (@WhiteHouse) February 11, 2025"). Nothing in the text says "said", so
without this the post reads as the article's own claim and its author goes uncounted."""

from __future__ import annotations

import re

from bot.analysis.models import Attribution

from .kinds import classify_source
from .segmentation import Span

POSTED = "posted"  # the cue a post's attribution carries
# The signature an embedded post ends with: a dash, the account's display name, its handle, the date posted.
_SIGNATURE = re.compile(r"^[—–-]\s*(?P<name>[^\n()@]{2,80}?)\s*\(@\w{1,30}\)\s+"
                        r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})\s*$")
# What trails the post's words: its picture link, hashtags, accounts it tags, emoji.
_MEDIA_LINK = re.compile(r"(?:\s*(?:pic\.twitter\.com/\w+|https?://t\.co/\w+|[#@]\w+"
                         r"|[^\w\s.!?,;:'\"”’)…]+))+\s*$")
_NAME_DECORATION = re.compile(r"[^\w.)’'&]+$")  # emoji and flags after a display name
_POST_CHARS = 280  # the most a post holds: a longer paragraph above a signature is the article's own prose


def embedded_posts(text: str, paras: list[Span]) -> list[Attribution]:
    """One direct attribution per embedded post: its author the account's display name, its statement the
    paragraph above the signature (the picture link and tags after it dropped). A signature under another, or
    under a paragraph longer than a post can be (the page kept the signature but not the post), credits nothing."""
    found: list[Attribution] = []
    for index, para in enumerate(paras):
        signature = _SIGNATURE.match(text[para.start:para.end].strip())
        if signature is None or index == 0:
            continue
        post = paras[index - 1]
        body = text[post.start:post.end]
        kept = _MEDIA_LINK.sub("", body).rstrip()
        lead = len(body) - len(body.lstrip())
        if len(kept.split()) < 3 or len(kept.strip()) > _POST_CHARS or _SIGNATURE.match(kept.strip()):
            continue
        name = _NAME_DECORATION.sub("", signature.group("name")).strip()
        if not name:
            continue
        offset = para.start + (len(text[para.start:para.end]) - len(text[para.start:para.end].lstrip()))
        name_start = offset + signature.start("name")
        found.append(Attribution(
            source=name, source_type=classify_source(name), cue=POSTED, content=kept[lead:],
            start=post.start + lead, end=post.start + len(kept), direct=True, source_text=name,
            source_start=name_start, source_end=name_start + len(name), cue_start=offset, cue_end=offset + 1))
    return found
