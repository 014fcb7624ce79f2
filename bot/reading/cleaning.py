"""The newsroom cleaning pass: drop the page furniture that generic extractors keep.

Works line by line on extracted or scraped plain text, so it serves HTML pages (after trafilatura) and
pasted or scraped text alike. Every dropped line is returned with the reason, for `removed`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources

from bot.reading.article import RemovedBlock

_Q = "['’`]"  # apostrophes as scraped: DON'T / DON’T


class _Hinted:
    """A pattern tried only on lines holding one of its words: the unanchored alternations below scan every
    position of every line otherwise, most of the cleaning pass's time."""

    def __init__(self, pattern: re.Pattern[str], hints: tuple[str, ...]) -> None:
        self.pattern, self.hints = pattern, hints

    def search(self, line: str) -> re.Match[str] | None:
        lowered = line.lower()
        return self.pattern.search(line) if any(hint in lowered for hint in self.hints) else None


# Each rule: (kind, pattern). A line is dropped when a pattern matches it; patterns are written to
# match furniture as a whole line (anchored or bounded by length), never a sentence of the story.
_RULES: list[tuple[str, re.Pattern[str] | _Hinted]] = [
    ("signup_notice", _Hinted(re.compile(
        r"we use your sign-?\s?up|sign(ing)? up (to|for) (our|the|my)\b.{0,40}newsletter|"
        r"subscribe to (our|the)\b.{0,40}newsletter|unsubscribe at any time|"
        r"^(get|receive) (our|the)\b.{0,60}(newsletter|briefing|alerts)|"
        r"^enter your e-?mail|your e-?mail address\b.{0,40}(sign|subscri)|"
        r"invalid e-?mail|thanks? (you )?for (signing up|subscribing)|^sign up (for|to)\b.{0,100}$|"
        r"^get (the latest|daily|weekly|breaking|real-?time|live)\b.{0,60}(news|updates|headlines|insights)\b.{0,60}$|"
        r"^enjoying our (latest )?content\?$|^log ?in or (create|register)\b.{0,40}continue", re.I),
        ("sign", "subscri", "mail", "get ", "receive ", "enjoying", "log"))),
    ("consent_notice", _Hinted(re.compile(
        r"we (and our (partners|vendors) )?use cookies|(accept|reject|manage) (all )?cookies|"
        r"this (site|website) uses cookies|cookie (settings|preferences|policy)|your privacy choices", re.I),
        ("cookie", "privacy"))),
    ("reprint_notice", re.compile(
        r"^this copy is for your personal,? non-?commercial use only|^(order|request) reprints?$|"
        r"^print (this )?article$|^reprints?( & permissions)?$|^copyright ©?.{0,80}all rights reserved\.?$|"
        r"^(copyright\s*)?©\s*\d{4}\b.{0,80}$|^copyright\s+\d{4}\b.{0,80}$|^our (editorial )?standards\s*:.{0,80}$", re.I)),
    ("link_list", re.compile(
        rf"^(don{_Q}?t miss|read more|more|related|related (articles|stories|content|coverage)|read next|"
        rf"see also|also read|must read|trending|recommended|latest|more on this( story)?|more from \w+|"
        rf"top stories|most read|you may also like|you might also like)\s*[:\-–—|]", re.I)),
    # A bare rail heading: "Popular", "More from The Nation", "Most viewed".
    ("link_list", re.compile(
        r"^((most )?(popular|read|viewed|shared)( now| today| stories| articles)?|trending( now)?|editor'?s picks|"
        r"more from [\w .'’&-]{1,40}|more (stories|news|articles)( from [\w .'’&-]{1,40})?)$", re.I)),
    ("advert", re.compile(
        r"^(advertisements?|sponsored( content)?|article content|story continues below( advertisement)?|"
        r"recommended( videos| for you)?|read next|read more|up next|most read in [\w .'’&-]{1,30}|"
        r"end of (the )?(article|story))$", re.I)),
    # The contributor credit at the foot of a wire or agency story.
    ("credit_line", re.compile(
        r"^[—–-]?\s*((with (files|reporting) from|additional reporting (by|from))\b|(reporting|writing|editing) by (?-i:[A-Z]))"
        r".{0,200}$|"
        r"^[—–-]?\s*[\w .'’-]{2,60}\b(writers?|correspondents?|reporters?) [\w .'’,-]{2,80} contributed( to)?( this)?( report| story| article| reporting)?\.?$"
        # AP's foot: "Peoples reported from New York and Thomson-DeVeaux from Washington."
        r"|^(?-i:[A-Z][\w’'-]+) reported from (?-i:[A-Z])[\w .,'’-]{1,60}(?: and (?-i:[A-Z])[\w’'-]+ from [\w .,'’-]{2,60})?\.?$",
        re.I)),
    ("tip_line", re.compile(
        r"^(do you have|have you got|got) a story( to (tell|share))?\b.{0,120}$|^we want to hear from you\b.{0,200}$|"
        r"^get in touch with (our|the) (news|newsroom|news desk)\b.{0,120}$|^for more stories like this\b.{0,80}$|"
        r"^.{0,80}\b(get in touch|email us|contact us|send us|write to us)\b.{0,80}@[\w.-]+\.\w+.{0,40}$", re.I)),
    ("photo_caption", re.compile(r"^pictured( above| below| left| right| here| from left| at the back)?\b[ ,:].{0,250}$", re.I)),
    # The wire agencies' caption: "In this photo dated Tuesday, ...", "This undated file photo shows ...".
    ("photo_caption", re.compile(
        r"^(in )?this (\w+ )?(\w+ )?(photo|image|picture|photograph|frame grab|video grab),? "
        r"(dated|taken|shows?|showing|provided|released|made available|from|of|on)\b.{0,300}$", re.I)),
    ("comment_prompt", re.compile(
        r"^you must (confirm|be logged in|log in|sign in|register).{0,60}\bcomment|^(join|start) the (conversation|discussion)$|"
        r"^(show|view|load|read) (all )?\d* ?comments?$", re.I)),
    ("poll", re.compile(r"^(poll|vote|quiz)\s*[:\-–—]|^(take|have your say in) (our|the) poll\b", re.I)),
    ("link_list", re.compile(r"\[(?:[A-Z][A-Z' ]{1,24}|pics?|video|photos?)\]\s*$")),
    ("video_caption", _Hinted(re.compile(
        r"^(video|watch|play video|media caption|video caption|watch now|now playing|up next)\s*[:\-–—]|"
        r"\bduration\s*\d{1,2}:\d{2}\b|video player is loading|this video can ?not be played|"
        r"^(play|replay|watch) (the )?video$|please enable javascript to (view|watch)", re.I),
        ("video", "watch", "media", "now playing", "up next", "duration", "play"))),
    ("image_credit", re.compile(
        r"^(image|photo|picture|pictures|media) (copyright|caption|credit)\b|"
        r"^(image|photo|picture|credit)s?\s*:\s*.{0,80}(getty|reuters|ap|afp|pa|shutterstock|alamy)\b.{0,20}$|"
        r"^(image|photo|picture|credit)s?\s*:\s*[^.!?]{1,60}$", re.I)),
    ("read_full_article", re.compile(
        r"^(source\s*:\s*)?read (the )?full (article|story)\b.{0,40}$|^continue reading\b.{0,60}$|"
        r"^click here to read\b|^this article (was )?originally (appeared|published) on\b.{0,80}$", re.I)),
    ("social_share", re.compile(
        r"^(share( this)?( article| story| page)?( on (facebook|twitter|x|whatsapp|linkedin|email))?|"
        r"share via \w+|tweet|email|pin|print|copy link|comments?|"
        r"follow (us|\w+) on (twitter|x|facebook|instagram|threads|google news|linkedin|tiktok|youtube|bluesky)\b.{0,100}|"
        r"like us on facebook\b.{0,40}|follow us( on social media)?|"
        r"click to share on \w+.{0,20})\s*[.!]?$", re.I)),
]


@dataclass
class CleanResult:
    text: str
    title: str | None = None
    removed: list[RemovedBlock] = field(default_factory=list)


_HEADINGS = json.loads(resources.files("bot.reading").joinpath("data/headings.json").read_text(encoding="utf-8"))
_SECTION_LABELS = frozenset(_HEADINGS["section_labels"])
_HEADLINE_NOT_LAST = frozenset(_HEADINGS["headline_not_last"])
_FURNITURE = json.loads(resources.files("bot.reading").joinpath("data/furniture.json").read_text(encoding="utf-8"))


def _alternation(words: list[str]) -> str:
    """The phrases as one regex group, the longest first so "lea también" wins over "lea"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# "Lea también: ...", "Mehr zum Thema: ...": the phrase, then a colon, dash, bar or guillemet.
_TEASER = re.compile("^" + _alternation(_FURNITURE["teaser_prefixes"]) + r"(?:\s*[:|»]|\s+[–—-]\s)", re.I)
_WHOLE_LINES = frozenset(_FURNITURE["whole_lines"])
_CONTAINED = tuple(_FURNITURE["contained"])
_MAX_CONTAINED_WORDS = 12
_DATE_PREFIX = re.compile("^" + _alternation(_FURNITURE["date_prefixes"]) + r"\b", re.I)
_MONTHS = _alternation(_FURNITURE["months"])
# A line that is only a date (and maybe a time): "24 July 2015", "April 21, 2015", "27.01.2022", "2015-07-24".
_DATE_ONLY = re.compile(
    r"^(?:\w+,?\s+)?(?:\d{1,2}\.?\s*(?:" + _MONTHS + r")\.?\s+\d{4}|(?:" + _MONTHS + r")\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(?:[,\s|–-]+(?:um\s+|at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*uhr)?)?\.?$",
    re.I)
_SECTION_PREFIX = re.compile("^" + _alternation(_FURNITURE["section_prefixes"]) + r"\b", re.I)
_SECTION_LINE_WORDS = 8
# A date somewhere in a line: "April 21, 2015", "3. März", "27.01.2022", "3 hours ago".
_DATE_IN = re.compile(
    r"\b(?:(?:" + _MONTHS + r")\.?\s+\d{1,2}\b|\d{1,2}\.?\s*(?:" + _MONTHS + r")\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
    r"\d{4}-\d{2}-\d{2}|\d+\s+\w+\s+ago|vor\s+\d+\s+\w+|hace\s+\d+\s+\w+|il y a\s+\d+)", re.I)
# "1/50 United goin down ...", "3 of 12": a slideshow's counter opens each of its captions.
_GALLERY_COUNTER = re.compile(r"^\d{1,3}\s*(?:/|of)\s*\d{1,3}\b")
_COMMENT_COUNT = re.compile(r"^\d[\d,.]*\s+(?:comments?|kommentare?|comentarios?|commentaires?|commenti|reacties)$", re.I)
_BULLET = "-–•*·›» "


def is_section_label(line: str) -> bool:
    """A report's or release's heading alone on a line ("ABSTRACT", "**Summary:**"): structure, not text the
    analysis should read as a sentence (it became a summary's "ABSTRACT.")."""
    raw = line.strip().lower()
    if len(raw) > 40:
        return False
    bare = raw.strip("*#_=[]() ").rstrip(":.").strip("*#_ ")
    return raw in _SECTION_LABELS or bare in _SECTION_LABELS


def furniture_kind(line: str) -> str | None:
    stripped = line.strip()
    if is_section_label(stripped):
        return "section_label"
    if len(stripped.split()) > 80:  # a long paragraph is story, whatever words it contains
        return None
    for kind, pattern in _RULES:
        if pattern.search(stripped) or (stripped[:1] in _BULLET and pattern.search(stripped.lstrip(_BULLET))):
            return kind
    return _phrase_kind(stripped)


def _phrase_kind(line: str) -> str | None:
    """Furniture named by the multilingual phrase list (data/furniture.json), alone or as a list item."""
    line = line.lstrip(_BULLET).strip() or line
    if _GALLERY_COUNTER.match(line):
        return "gallery"
    if _COMMENT_COUNT.match(line):
        return "comment_prompt"
    prefix = _DATE_PREFIX.match(line)
    if _DATE_ONLY.match(line) or (
            prefix and len(line.split()) <= _MAX_CONTAINED_WORDS and _DATE_IN.search(line, prefix.end())):
        return "dateline"
    if _TEASER.match(line):
        return "link_list"
    if _SECTION_PREFIX.match(line) and len(line.split()) <= _SECTION_LINE_WORDS and line[-1:] not in ".!?":
        return "section_label"
    lowered = line.casefold()
    if lowered.rstrip(" :.!?").strip() in _WHOLE_LINES:
        return "page_furniture"
    if len(line.split()) <= _MAX_CONTAINED_WORDS and any(phrase in lowered for phrase in _CONTAINED):
        return "page_furniture"
    return None


def clean_extracted(text: str) -> CleanResult:
    """Clean trafilatura output: one paragraph per line."""
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    lines = [line.strip() for line in text.splitlines()]
    crumbs = _leading_breadcrumbs(lines)
    removed += [RemovedBlock(kind="breadcrumb", text=line) for line in lines[:crumbs] if line]
    body = [line for line in lines[crumbs:] if line]
    cards = _teaser_cards(body) | _column_cards(body)
    for k, line in enumerate(body):
        kind = "link_teaser" if k in cards else furniture_kind(line)
        if kind is not None:
            removed.append(RemovedBlock(kind=kind, text=line))
        else:
            kept.append(line)
    return CleanResult(text="\n\n".join(_rejoined(kept)), removed=removed)


_DOUBLED = re.compile(r"^(.{12,200}?) \1$")  # "Mike Johnson’s Art of the Deal Mike Johnson’s Art of the Deal"
_BLURB_WORDS = 40


def _teaser_cards(lines: list[str]) -> set[int]:
    """Other stories' cards: a title the markup gives twice on one line (an image's text and its link), with
    the short blurb under it when another card or the page's end follows."""
    titles = {k for k, line in enumerate(lines) if _DOUBLED.match(line)}
    if len(titles) < 2:
        return set()  # one doubled line is a writer's repetition, not a rail of cards
    cards = set(titles)
    for k in titles:
        after = k + 1
        if after < len(lines) and after not in titles and len(lines[after].split()) <= _BLURB_WORDS \
                and (after + 1 == len(lines) or after + 1 in titles):
            cards.add(after)
    return cards


_CAPS_BYLINE = re.compile(r"^(?:[A-Z][A-Z’'\-]+ ){2,3}[A-Z][A-Z’']*\b(?! —| -|,)")  # "TOM ELLIOTT IT’S nice ..."
_CARD_TITLE_WORDS = 12
_CARD_TEXT_WORDS = 8


def _column_cards(lines: list[str]) -> set[int]:
    """Columnists' cards: a short title, then the columnist's name in capitals running into the column's first
    words ("Own backyard Let’s make local issues a priority" / "TOM ELLIOTT IT’S nice to think ..."), two or
    more of them; a single capitalised opening is a house style ("A HIGH-powered federal government team")."""
    bylined = [k for k, line in enumerate(lines) if k and _CAPS_BYLINE.match(line)
               and any(c.islower() for c in line) and len(line.split()) >= _CARD_TEXT_WORDS  # (not an AP subhead,
               and len(lines[k - 1].split()) <= _CARD_TITLE_WORDS and lines[k - 1].rstrip()[-1:] not in ".!?:”\""]
    # "HOW WILL OBAMA PLAY?", in capitals throughout)
    if len(bylined) < 2:
        return set()
    return {*bylined, *(k - 1 for k in bylined)}


_CONTINUES = re.compile(r"^(?:[’']s\b|[,;:.)\]])")  # "'s whole-of-system approach", ", the army said" (not a
# lower-case line: under a heading, that is a list's item)
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z .'’/-]{2,}:$")  # "NEW DELHI:"


def _rejoined(lines: list[str]) -> list[str]:
    """A sentence the page's markup cut into lines ("NEW DELHI:" / "Pakistan" / "'s approach to ..."): a line
    without a full stop whose next line carries on its sentence, or a dateline alone, joins the next line."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        dateline = bool(_DATELINE_LINE.match(previous))
        if previous and (dateline or previous[-1:] not in ".!?:;\"”’)…" and _CONTINUES.match(line)):
            glue = "" if re.match(r"[’']s\b|[,;:.)\]]", line) else " "
            out[-1] = previous + glue + line
        else:
            out.append(line)
    return out


_MAX_CRUMBS = 6
_CRUMB = re.compile(r"^[-•›»>]\s*\S.{0,40}$")


def _leading_breadcrumbs(lines: list[str]) -> int:
    """How many lines at the top are a breadcrumb trail ("- News", "- World News"): two to six short
    list items of at most five words without sentence punctuation, before any story text."""
    count = 0
    for line in lines:
        if not line:
            count += 1
            continue
        if not (_CRUMB.match(line) and len(line.split()) <= 5 and line.rstrip()[-1:] not in ".!?:"):
            break
        count += 1
    items = sum(1 for line in lines[:count] if line)
    return count if 2 <= items <= _MAX_CRUMBS else 0  # a longer run of short items is a list, not a trail


def clean_plain_text(text: str) -> CleanResult:
    """Clean scraped or pasted plain text: the first line is the headline when it looks like one, blank lines
    separate paragraphs.

    Scraped text also carries media captions between the headline and the story: short lines without
    sentence punctuation in the lead, before the first real paragraph. Those go too.
    """
    removed: list[RemovedBlock] = []
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    title = None
    if paragraphs:
        first, _, rest = paragraphs[0].partition("\n")
        following = rest.strip() or (paragraphs[1] if len(paragraphs) > 1 else "")
        if following and looks_like_headline(first.strip(), following.lstrip()):
            title = first.strip()
            paragraphs[0] = rest.strip()
    lines = [line.strip() for p in paragraphs for line in p.split("\n") if line.strip()]
    body: list[str] = []
    in_lead = True
    for line in lines:
        kind = furniture_kind(line)
        if kind is None and in_lead:
            if _is_story_paragraph(line):
                in_lead = False
            elif _looks_like_caption(line):
                kind = "video_caption"
        if kind is None:
            body.append(line)
        else:
            removed.append(RemovedBlock(kind=kind, text=line))
    return CleanResult(text="\n\n".join(body), title=title, removed=removed)


_MAX_HEADLINE_WORDS = 25
_BYLINE = re.compile(r"^(by|from|posted|published|updated|written by)\b|^https?://|^www\.", re.I)
_SENTENCE_BREAK = re.compile(r"[a-z0-9](?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bvs)[.!?][\"”’']?\s+[A-Z]")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "... in the U.S." ends a headline, not a sentence


def looks_like_headline(line: str, following: str = "") -> bool:
    """A headline: short, opening with a capital or a figure, not ending like a sentence, a list item or a
    wrapped line, and not a byline, a link or furniture. `following` is the text after it: a line that runs
    on into a lower-case word is the first line of a wrapped paragraph."""
    words = line.split()
    if not 2 <= len(words) <= _MAX_HEADLINE_WORDS or len(line) > 200:
        return False
    if line[-1] in ".,;:-–—" and not _ABBREVIATION_END.search(line):
        return False
    opening = next((c for c in line if c.isalnum()), "")
    if not opening or opening.islower() or _BYLINE.search(line):
        return False
    if words[-1].lower() in _HEADLINE_NOT_LAST or following[:1].islower():
        return False
    if _SENTENCE_BREAK.search(line):  # two sentences: the story's opening, not its headline
        return False
    return furniture_kind(line) is None


def _is_story_paragraph(line: str) -> bool:
    return len(line.split()) >= 15 and line.rstrip()[-1:] in ".!?”\"'’)"


def _looks_like_caption(line: str) -> bool:
    return len(line.split()) <= 14 and line.rstrip()[-1:] not in ".!?”\"'’:;,"
