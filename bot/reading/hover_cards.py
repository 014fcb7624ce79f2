"""Link cards hidden inside a sentence. Some pages put a hover card on a person's name (The Hill: the name, then
their latest headlines and "MORE", in a span the browser shows only on hover); as plain text the card lands in
the middle of the sentence ("... threatened to kill Rep. Ilhan OmarIlhan OmarHillicon Valley: Progressives
oppose ... MORE (D-Minn.), the U.S. Attorney's Office announced"), and its headlines read as the story's
claims. An inline element inside a paragraph that is almost all links, several of them, is such a card; it is
cut out before extraction, innermost first, so the name the card hangs on stays."""

from __future__ import annotations

from lxml.html import HtmlElement

_INLINE = ("span", "div")
_MIN_LINKS = 3
_LINK_SHARE = 0.8
_MAX_PARAGRAPHS = 2000


def drop_hover_cards(tree: HtmlElement) -> int:
    """Cut the link cards out of the tree's paragraphs; how many were cut."""
    cut = 0
    for paragraph in list(tree.iter("p"))[:_MAX_PARAGRAPHS]:
        for element in reversed([e for e in paragraph.iter(*_INLINE) if e is not paragraph]):
            if _is_card(element):
                element.drop_tree()  # (its tail, the sentence going on after it, stays)
                cut += 1
    return cut


def _is_card(element: HtmlElement) -> bool:
    links = element.findall(".//a")
    if len(links) < _MIN_LINKS:
        return False
    text = len("".join(element.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in links)
    return text > 0 and linked >= _LINK_SHARE * text
