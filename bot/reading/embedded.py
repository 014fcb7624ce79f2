"""The story of a script-rendered page: found in the page's hydration data when its HTML has none.

Single-page-app news sites (Next.js and the like) send an empty shell and the article as an HTML string
inside a `<script>` (JSON, or a JS string holding JSON, so escaped once or twice). When every extraction
pass comes back empty, the longest such string with paragraphs in it is the story. Bounded: at most
`MAX_SCRIPT_CHARS` of script text is searched, strings are unescaped at most twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

MAX_SCRIPT_CHARS = 3_000_000
_MIN_PARAGRAPHS = 3
# A JSON/JS double-quoted string literal of some length (short ones are never a story).
_STRING = re.compile(r'"((?:[^"\\\n]|\\.){300,})"')
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "application/json", "module"}


def embedded_story_html(tree: HtmlElement) -> str | None:
    """The longest HTML fragment with at least three paragraphs found in the page's inline scripts."""
    best: str | None = None
    budget = MAX_SCRIPT_CHARS
    for script in tree.iter("script"):
        if budget <= 0:
            break
        if script.get("src") or (script.get("type") or "").strip().lower() not in _SCRIPT_TYPES:
            continue
        text = (script.text or "")[:budget]
        budget -= len(text)
        for candidate in _html_strings(text, depth=2):
            if best is None or len(candidate) > len(best):
                best = candidate
    return best


def _html_strings(text: str, depth: int) -> Iterator[str]:
    for match in _STRING.finditer(text):
        try:
            value = json.loads(f'"{match.group(1)}"')
        except ValueError:
            continue
        if not isinstance(value, str):
            continue
        if value.count("<p") >= _MIN_PARAGRAPHS:
            yield value
        elif depth > 1 and ("\\u003cp" in value or '\\"' in value):
            yield from _html_strings(value, depth - 1)
