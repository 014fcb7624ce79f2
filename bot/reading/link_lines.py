"""Lines of the extracted text that are links in the page: teasers to other stories, and the evidence that a
page is a listing.

trafilatura hands back text without its markup, so a line that was a whole link ("SEAN SPICER ELIMINATED FROM
'DANCING WITH THE STARS'") reads like a sub-heading. Matching the lines against the page's anchor texts tells
them apart. Two uses:
- the reader drops link teasers: a line that is a whole link and does not read as a sentence, and a run of
  three or more list items closing the text that each open with a link (a "more stories" rail), unless they
  are most of the text (a list post: "the ten best sea shanties");
- the gate measures how much of the extracted text is whole-link lines, which is what a home, section, tag
  or search page is made of (link density of the text that was kept, not of the page around it).
A link whose text is an address ("http://www.openpetition.de") is a cited source, never a teaser.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from bot.reading.article import RemovedBlock

MAX_ANCHORS = 20_000  # anchors read from one page; a 5 MB page holds a few hundred thousand at most
_BULLETS = "-–•*·›» "
_TEASER_WORDS = range(4, 21)  # a headline's length; shorter linked lines are labels and buttons, often repeated
_RAIL_MIN_ITEMS = 3
_RAIL_LINK_SHARE = 0.25  # of an item's characters: its headline is the link, its blurb is not
_MIN_ANCHOR_CHARS = 12  # shorter anchors ("Home", "More") open too many lines by chance
_SENTENCE_ENDS = ".!?:;…。！？\"'”’»)"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class LinkTexts:
    """The page's anchor texts, normalised, to recognise which extracted lines were links."""

    anchors: frozenset[str]

    @classmethod
    def of(cls, tree: HtmlElement | None) -> LinkTexts:
        if tree is None:
            return cls(frozenset())
        texts: set[str] = set()
        for index, anchor in enumerate(tree.iter("a")):
            if index >= MAX_ANCHORS:
                break
            text = _norm(anchor.text_content())
            if text:
                texts.add(text)
        return cls(frozenset(texts))

    def is_whole_link(self, line: str) -> bool:
        return _norm(line.lstrip(_BULLETS)) in self.anchors

    def link_share(self, line: str) -> float:
        """The share of the line taken by the longest link it opens with."""
        text = _norm(line.lstrip(_BULLETS))
        if not text:
            return 0.0
        if text in self.anchors:
            return 1.0
        words = text.split()
        for end in range(len(words) - 1, 0, -1):  # longest opening first
            prefix = " ".join(words[:end])
            if len(prefix) >= _MIN_ANCHOR_CHARS and prefix in self.anchors:
                return len(prefix) / len(text)
        return 0.0


def _is_address(line: str) -> bool:
    text = line.strip().lower()
    return text.startswith(("http://", "https://", "www.")) or ("." in text and " " not in text)


def is_link_teaser(line: str, links: LinkTexts) -> bool:
    """A whole-link line of a headline's length that does not read as a sentence: a headline pointing elsewhere."""
    stripped = line.strip()
    return (links.is_whole_link(stripped) and not _is_address(stripped)
            and len(stripped.split()) in _TEASER_WORDS and stripped[-1:] not in _SENTENCE_ENDS)


def drop_link_teasers(paragraphs: list[str], links: LinkTexts) -> tuple[list[str], list[RemovedBlock]]:
    """The paragraphs without link teasers and without a closing rail of linked list items."""
    if not links.anchors:
        return paragraphs, []
    removed: list[RemovedBlock] = []
    end = len(paragraphs)
    while end > 0 and paragraphs[end - 1].lstrip()[:1] in _BULLETS.strip() and (
            links.link_share(paragraphs[end - 1]) >= _RAIL_LINK_SHARE):
        end -= 1
    if len(paragraphs) - end >= _RAIL_MIN_ITEMS:
        removed = [RemovedBlock(kind="link_list", text=p) for p in paragraphs[end:]]
    else:
        end = len(paragraphs)
    kept: list[str] = []
    for paragraph in paragraphs[:end]:
        if is_link_teaser(paragraph, links):
            removed.append(RemovedBlock(kind="link_teaser", text=paragraph))
        else:
            kept.append(paragraph)
    if sum(len(p) for p in kept) < sum(len(r.text) for r in removed):
        return paragraphs, []  # the links are most of the text: a list post (or a listing, for the gate to judge)
    return kept, removed


def whole_link_lines(paragraphs: list[str], links: LinkTexts) -> list[str]:
    """The paragraphs that are a whole link each: a listing page is mostly these."""
    return [p for p in paragraphs if links.anchors and links.is_whole_link(p)] if links.anchors else []
