"""Lines of the extracted text that are links in the page: teasers to other stories, and the evidence that a
page is a listing.

trafilatura hands back text without its markup, so a line that was a whole link ("SEAN SPICER ELIMINATED FROM
'DANCING WITH THE STARS'") reads like a sub-heading. Matching the lines against the page's anchor texts tells
them apart. Two uses:
- the reader drops link teasers: a line that is a whole link and does not read as a sentence, a run of
  three or more list items opening or closing the text that each open with a link (a "more stories" rail), the blurbs
  of three or more teaser cards (a list item of one paragraph beside a linked headline), unless they are most
  of the text (a list post: "the ten best sea shanties");
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
_STORY_AFTER_CARDS_WORDS = 100  # teaser cards go only when a story of this length stays without them
_MIN_ANCHOR_CHARS = 12  # shorter anchors ("Home", "More") open too many lines by chance
_SENTENCE_ENDS = ".!?:;…。！？\"'”’»)"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class LinkTexts:
    """The page's anchor texts, normalised, to recognise which extracted lines were links."""

    anchors: frozenset[str]
    blurbs: frozenset[str] = frozenset()  # paragraphs of teaser cards (teaser_blurbs)

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
        return cls(frozenset(texts), teaser_blurbs(tree))

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


def teaser_blurbs(tree: HtmlElement) -> frozenset[str]:
    """The blurbs of teaser cards: list items holding one paragraph and, beside it, a linked headline.

    A river of other stories (Yahoo's stream, "more from this section") is built of such cards: the headline is a
    link (dropped as furniture, or kept as a link line), the blurb is plain running text that reads like the
    story's own. A story paragraph is never the only paragraph of a list item next to a headline link.
    """
    blurbs: set[str] = set()
    for index, item in enumerate(tree.iter("li")):
        if index >= MAX_ANCHORS:
            break
        paragraphs = item.findall(".//p")
        if len(paragraphs) != 1:
            continue
        paragraph = paragraphs[0]
        inside = set(paragraph.iter("a"))
        if any(len(a.text_content().split()) >= _TEASER_WORDS.start for a in item.iter("a") if a not in inside):
            blurbs.add(_norm(paragraph.text_content()))
    return frozenset(blurbs)


def _is_address(line: str) -> bool:
    text = line.strip().lower()
    return text.startswith(("http://", "https://", "www.")) or ("." in text and " " not in text)


def is_link_teaser(line: str, links: LinkTexts) -> bool:
    """A whole-link line of a headline's length that does not read as a sentence: a headline pointing elsewhere."""
    stripped = line.strip()
    return (links.is_whole_link(stripped) and not _is_address(stripped)
            and len(stripped.split()) in _TEASER_WORDS and stripped[-1:] not in _SENTENCE_ENDS)


def drop_link_teasers(paragraphs: list[str], links: LinkTexts) -> tuple[list[str], list[RemovedBlock]]:
    """The paragraphs without link teasers, a closing rail of linked list items, or a river of teaser cards."""
    if not links.anchors:
        return paragraphs, []
    kept, removed = _without_links(paragraphs, links)
    if sum(len(p) for p in kept) < sum(len(r.text) for r in removed):
        kept, removed = paragraphs, []  # the links are most of the text: a list post (or a listing, for the gate)
    blurbs = [p for p in kept if _norm(p) in links.blurbs]
    story = [p for p in kept if _norm(p) not in links.blurbs]
    if len(blurbs) >= _RAIL_MIN_ITEMS and sum(len(p.split()) for p in story) >= _STORY_AFTER_CARDS_WORDS:
        kept, removed = story, removed + [RemovedBlock(kind="link_teaser", text=p) for p in blurbs]
    return kept, removed


def _without_links(paragraphs: list[str], links: LinkTexts) -> tuple[list[str], list[RemovedBlock]]:
    start, end = 0, len(paragraphs)
    while end > 0 and _is_rail_item(paragraphs[end - 1], links):
        end -= 1
    if len(paragraphs) - end < _RAIL_MIN_ITEMS:
        end = len(paragraphs)
    while start < end and _is_rail_item(paragraphs[start], links):
        start += 1
    if start < _RAIL_MIN_ITEMS:
        start = 0
    removed = [RemovedBlock(kind="link_list", text=p) for p in paragraphs[:start] + paragraphs[end:]]
    kept: list[str] = []
    for paragraph in paragraphs[start:end]:
        if is_link_teaser(paragraph, links):
            removed.append(RemovedBlock(kind="link_teaser", text=paragraph))
        else:
            kept.append(paragraph)
    return kept, removed


def _is_rail_item(paragraph: str, links: LinkTexts) -> bool:
    """A list item that opens with a link: a teaser in a "more stories" rail."""
    return paragraph.lstrip()[:1] in _BULLETS.strip() and links.link_share(paragraph) >= _RAIL_LINK_SHARE


def whole_link_lines(paragraphs: list[str], links: LinkTexts) -> list[str]:
    """The paragraphs that are a whole link each: a listing page is mostly these."""
    return [p for p in paragraphs if links.is_whole_link(p)] if links.anchors else []
