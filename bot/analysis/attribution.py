"""Find attributed statements in English news text without a model: who said what, with which cue.

The approach is the one a sub-editor uses: find the reporting verb ("said", "claimed", "according to"),
then the source phrase on one side of it and the statement on the other. Verbs inside quotation marks
belong to the quoted speaker and are skipped; "he"/"she"/"they" take the last fitting named source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.models import Attribution, SourceType
from bot.analysis.sentences import Span, sentences

_VERB_FORMS = [
    "said", "says", "say", "told", "tells", "tell", "claimed", "claims", "claim", "added", "adds",
    "denied", "denies", "deny", "confirmed", "confirms", "confirm", "warned", "warns", "warn",
    "reported", "reports", "report", "argued", "argues", "argue", "insisted", "insists", "insist",
    "stated", "states", "explained", "explains", "announced", "announces", "admitted", "admits",
    "alleged", "alleges", "allege", "noted", "notes", "wrote", "writes", "revealed", "reveals",
    "acknowledged", "acknowledges", "emphasised", "emphasized", "emphasises", "emphasizes", "stressed",
    "stresses", "maintained", "maintains", "predicted", "predicts", "asserted", "asserts", "declared",
    "declares", "testified", "believes", "believe", "believed", "suggested", "suggests", "suggest",
    "estimated", "estimates", "estimate", "show", "shows", "showed", "found", "finds", "accused", "accuses",
    "announced", "conceded", "concedes", "disputed", "disputes", "rejected", "rejects", "replied",
    "responded", "agreed", "agrees", "heard", "cautioned", "complained", "countered", "described", "indicated",
]
VERBS = "|".join(sorted(set(_VERB_FORMS), key=len, reverse=True))
# Verbs that only count with a data-like subject ("figures show", "estimates suggest").
_DATA_VERBS = {"suggest", "suggests", "suggested", "show", "shows", "showed", "found", "finds", "estimate",
               "estimates", "estimated", "indicated"}
_DENIAL = {"denied", "denies", "deny", "disputed", "disputes", "rejected", "rejects"}
_PASSIVE_OR_NEGATED = re.compile(
    r"\b(?:is|are|was|were|be|been|being|not|never|n't|no longer)\s+(?:\w+ly\s+)?$", re.I)
_HEARING = re.compile(r"\b(?:court|jury|inquest|tribunal|hearing|committee|inquiry)\s+(?:was\s+|has\s+)?$", re.I)
_VERB_RE = re.compile(rf"\b(?:(?:has|have|had) (?:also )?(?:learned|learnt)|{VERBS})\b")
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|publicly|privately|repeatedly|later|earlier|then|now|"
    r"once|again|further|separately|recently|reportedly|allegedly|\w+ly|is|was|were|are|had|would|will|"
    r"could|may|might|did|does|do|not|never))+$", re.I)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:and|but|so|yet|however|indeed|meanwhile|moreover|separately|also|still|instead|then|now|"
    r"in a statement|in an interview|on \w+|last \w+|this \w+|earlier|later|yesterday|today)\b[\s,]*", re.I)
_SOURCE_NOUNS = re.compile(
    r"\b(officials?|sources?|spokes(?:person|man|woman)|police|experts?|analysts?|residents?|witnesses|critics|"
    r"groups?|estimates?|figures|data|reports?|study|studies|survey|polls?|documents?|researchers?|scientists?|"
    r"doctors?|lawyers?|prosecutors?|investigators?|authorities|government|ministry|forces|services|army|"
    r"military|lawmakers|members?|leaders?|campaigners|activists|neighbours|neighbors|family|friends?|"
    r"statement|agency|minister|adviser|advisor|president|chief|director|commander|secretary|mayor|"
    r"governor|senator|councillors?|people|aides?|diplomats?|insiders?|observers|economists|"
    r"colleagues|organisers|organizers|records|filings?|papers|research|analysis|court|judge|company|firm|"
    r"parents?|mother|father|teachers?|pupils?|students?|workers?|nurses?|patients?|victims?|witness|"
    r"passengers?|fans?|supporters?|customers?|owners?|users?|voters?|man|woman|men|women|boy|girl|"
    r"person|spokesperson|representatives?|staff|employees?|union)\b",
    re.I)
_QUOTE_PAIRS = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]{12,}?’(?!\w)")
_HEDGE = re.compile(
    r"\b(reportedly|allegedly|(?:is|are|was|were|has|have been|been) (?:not|never) (?:been )?(?:independently )?"
    r"(?:verified|confirmed)|(?:could|can|cannot|could not|can not) (?:not )?(?:be )?(?:independently )?"
    r"(?:verified|confirmed|verify|confirm)|unverified|unconfirmed|not (?:been )?independently (?:verified|confirmed)|"
    r"(?:it|the \w+(?: \w+)?) (?:is|are|was|were|remains?) (?:not |un)clear|without (?:providing |offering )?evidence|did not provide evidence)\b", re.I)
_DECLINED = re.compile(
    r"(?P<who>[A-Z][^,.;]{1,80}?|(?:a|the) spokes\w+[^,.;]{0,60}?)\s+(?:declined to comment|did not respond|"
    r"(?:has|have|had) not responded|could not be reached|did not immediately respond|refused to comment)")

_OUTLETS = [
    "the mail", "daily mail", "mail on sunday", "reuters", "associated press", "the ap", "ap", "afp", "agence france-presse",
    "bbc", "cnn", "the guardian", "the times", "the sunday times", "new york times", "the new york times",
    "washington post", "the washington post", "bloomberg", "sky news", "fox news", "the telegraph",
    "daily telegraph", "the sun", "the mirror", "daily mirror", "the independent", "the express", "daily express",
    "politico", "axios", "al jazeera", "le monde", "der spiegel", "nbc", "nbc news", "cbs", "cbs news", "abc",
    "abc news", "financial times", "the financial times", "ft", "wall street journal", "the wall street journal",
    "wsj", "tass", "ria novosti", "interfax", "the economist", "npr", "pbs", "itv", "channel 4 news",
    "the atlantic", "vice", "buzzfeed news", "the hill", "usa today", "los angeles times", "the sunday telegraph",
    "the observer", "the i", "metro", "evening standard", "the herald", "the scotsman", "kyiv independent",
    "ukrainska pravda", "haaretz", "times of israel", "xinhua", "dpa", "ansa", "efe", "pa media",
    "press association", "the new yorker", "newsweek", "time magazine", "rt", "sputnik",
]
_OUTLET_WORDS = re.compile(r"\b(newspaper|tabloid|broadcaster|news agency|wire service|magazine|outlet|"
                           r"radio|television|tv|news site|daily|weekly|journal)\b", re.I)
_ORG_WORDS = re.compile(
    r"\b(ministry|department|agency|council|association|centre|center|institute|university|police|army|"
    r"forces|government|commission|committee|party|company|inc|ltd|corp|bank|fund|office|services?|court|"
    r"group|foundation|union|organisation|organization|nato|un|eu|kremlin|white house|pentagon|parliament|"
    r"congress|senate|administration|authority|board|bureau|trust|society|league|federation|coalition|"
    r"campaign|charity|hospital|school|club|firm|network|think-tank|think tank|navy|guard|command|"
    r"cabinet|embassy|regulator|prosecutor's office|fbi|cia|nhs|who|imf|opec|downing street|whitehall|"
    r"number 10|no 10|elysee|élysée|vatican|met office)\b", re.I)
_DOCUMENT_WORDS = re.compile(
    r"^(?:the |a |an |new |latest |recent |current |official |these |those |its |their |his |her |"
    r"published |internal |leaked )*(report|study|studies|survey|figures|data|documents?|analysis|statement|"
    r"filings?|records|estimates?|research|polls?|papers|court papers|minutes|memo|letter|census|statistics)\b",
    re.I)
_ANONYMOUS = re.compile(
    r"\b(sources?|officials?|insiders?|a spokes\w+|one \w+|"
    r"who (?:asked|spoke|declined) (?:not to be|on condition)|unnamed|anonymous|people familiar|"
    r"some|many|critics|experts|analysts|residents|witnesses|observers|rights groups|human rights groups|"
    r"campaigners|activists|diplomats|aides|colleagues|friends|neighbours|neighbors)\b", re.I)
_ROLE = re.compile(r"\b(minister|adviser|advisor|president|chief|director|commander|secretary|mayor|governor|"
                   r"senator|councillor|spokes\w+|leader|chairman|chairwoman|chair|ceo|official|officer|"
                   r"ambassador|judge|head|captain|general|prime minister|chancellor|mp|king|queen|pope)\b", re.I)
_STOP_CAPS = {"One", "Some", "Many", "Two", "Three", "Several", "Most", "Other", "Others", "The", "A", "An", "On", "In", "At", "But", "And", "However", "Indeed", "Last", "This", "That",
              "It", "He", "She", "They", "We", "I", "While", "After", "Before", "Monday", "Tuesday",
              "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


@dataclass
class _Found:
    source: str
    cue: str
    content_start: int
    content_end: int
    direct: bool
    sentence: Span
    pronoun: bool


def find_attributions(text: str) -> list[Attribution]:
    """Every attributed statement in text, with offsets of the statement (content) span."""
    results: list[Attribution] = []
    last_singular: str | None = None
    last_plural: str | None = None
    last_type: dict[str, SourceType] = {}
    open_quote_speaker: tuple[str, int] | None = None  # (source, paragraph) of a quote left open
    for sentence in sentences(text):
        found = _find_in_sentence(sentence)
        if found is None:
            found = _continued_quote(sentence, open_quote_speaker)
        if found is None:
            continue
        source = found.source
        if found.pronoun:
            pronoun = source.lower()
            resolved = last_plural if pronoun in ("they", "we") else last_singular
            if resolved is None:
                continue  # an unresolvable pronoun is not a source anyone can check
            source = resolved
        source_type = last_type.get(source) or classify_source(source)
        last_type[source] = source_type
        if not found.pronoun:
            if source_type in ("person",) or (_ROLE.search(source) and not source.lower().endswith("s")):
                last_singular = source
            elif source_type in ("organisation", "anonymous", "outlet"):
                last_plural = source
                if source_type == "organisation" and not source.lower().endswith("s"):
                    last_singular = last_singular or None
        content = text[found.content_start:found.content_end]
        results.append(Attribution(source=source, source_type=source_type, cue=found.cue,
                                   content=content, start=found.content_start, end=found.content_end,
                                   direct=found.direct))
        stripped = sentence.text.rstrip()
        opened = stripped.count("“") > stripped.count("”")
        open_quote_speaker = (source, sentence.paragraph) if opened else None
    return results


def _continued_quote(sentence: Span, speaker: tuple[str, int] | None) -> _Found | None:
    """A paragraph that opens with a quotation mark continues the quote the last paragraph left open."""
    if speaker is None or sentence.paragraph != speaker[1] + 1 or not sentence.text.startswith(("“", '"')):
        return None
    start, end = _trim(sentence.text, 0, len(sentence.text))
    return _Found(speaker[0], "continued quote", sentence.start + start, sentence.start + end, True, sentence, False)


def _find_in_sentence(sentence: Span) -> _Found | None:
    text = sentence.text
    quoted = _quoted_mask(text)
    according = next((m for m in _ACCORDING.finditer(text) if not quoted[m.start()]), None)
    if according is not None:
        return _according_to(sentence, according)
    for match in _VERB_RE.finditer(text):
        if quoted[match.start()]:
            continue
        if _PASSIVE_OR_NEGATED.search(text[:match.start()]):
            continue  # "is said to be", "have not responded": nobody is saying anything
        if match.group(0) == "heard" and not _HEARING.search(text[:match.start()]):
            continue
        after = text[match.end():match.end() + 4]
        if after.startswith((" of ", " on ", " by ")) and match.group(0) in ("report", "reports", "claims", "claim", "estimates"):
            continue  # a noun: "reports of", "claims by"
        found = _trailing(sentence, match) or _inverted_middle(sentence, match) or _leading(sentence, match)
        if found is not None:
            return found
    return None


def _according_to(sentence: Span, match: re.Match[str]) -> _Found | None:
    text = sentence.text
    rest = text[match.end():]
    if match.start() <= 1 or text[:match.start()].strip() in ("", "And", "But"):
        # "According to X, content."
        comma = rest.find(",")
        if comma < 0:
            return None
        source = rest[:comma].strip()
        content_start = match.end() + comma + 1
        content_end = len(text)
    else:
        # "content, according to X."
        source = re.split(r"[,.;]", rest.strip(), maxsplit=1)[0].strip()
        content_start, content_end = 0, match.start()
    source = _clean_source(source)
    if not _plausible_source(source):
        return None
    start, end = _trim(text, content_start, content_end)
    if end - start < 12:
        return None
    return _Found(source, "according to", sentence.start + start, sentence.start + end,
                  _is_direct(text[start:end]), sentence, False)


def _trailing(sentence: Span, verb: re.Match[str]) -> _Found | None:
    """`"Content," she said.` / `Content, said Smith, a spokesman.` / `Content, the council said on Friday.`"""
    text = sentence.text
    before = text[:verb.start()]
    after = text[verb.end():]
    close = _last_content_close(before)
    if close is None or len(before[:close].split()) < 3:
        return None
    between = before[close:].strip()
    content_start, content_end = _trim(text, 0, close)
    if between:
        # "Content," the bank's governor, Elena Marsh, told reporters.  -> source before the verb
        source = _clean_source(_strip_auxiliaries(between.split(",")[0]))
        if not (_plausible_source(source) and len(source.split()) <= 10 and _ends_clause(after)):
            return None
        if verb.group(0) in _DATA_VERBS and not _DOCUMENT_WORDS.search(source):
            return None
    else:
        # Content, said Smith, a spokesman.  -> source after the verb
        source = _clean_source(re.split(r"[,.;:!?]", after.strip(), maxsplit=1)[0])
        if not (_plausible_source(source) and len(source.split()) <= 12 and not _VERB_RE.search(source)):
            return None
        tail = after.strip()[len(source):].strip() if after.strip().startswith(source) else ""
        if tail.startswith(",") and not re.match(r",\s*(?:a|an|the|who|which|one|its|his|her|their|[A-Z])", tail):
            return None  # "..., argues X, breaks the convention": an inversion mid-sentence
    return _Found(source, verb.group(0), sentence.start + content_start, sentence.start + content_end,
                  _is_direct(text[content_start:content_end]), sentence, source.lower() in _PRONOUNS)


def _last_content_close(before: str) -> int | None:
    """Where the statement ends in the text before a trailing verb: after its closing quote, else its last comma."""
    quote_closes = list(re.finditer(r",[\"”’]|[\"”’],|[.!?][\"”’](?=\s)", before))
    if quote_closes:
        return quote_closes[-1].end()
    commas = list(re.finditer(r",(?=\s)", before))
    return commas[-1].end() if commas else None


def _inverted_middle(sentence: Span, verb: re.Match[str]) -> _Found | None:
    """`This revival, argues a rights group, breaks the convention.`"""
    text = sentence.text
    before = text[:verb.start()]
    if not before.rstrip().endswith(","):
        return None
    after = text[verb.end():]
    comma = after.find(",")
    if comma < 0:
        return None
    source = _clean_source(after[:comma])
    if not _plausible_source(source) or len(source.split()) > 8 or len(before.split()) < 2:
        return None
    start, end = _trim(text, 0, len(text))
    return _Found(source, verb.group(0), sentence.start + start, sentence.start + end, False, sentence,
                  source.lower() in _PRONOUNS)


def _leading(sentence: Span, verb: re.Match[str]) -> _Found | None:
    """`Smith said that content.` / `He added: "content"` / `The ministry confirmed there were ...`"""
    text = sentence.text
    subject = _subject(text[:verb.start()])
    if subject is None:
        return None
    cue = verb.group(0)
    if cue in _DATA_VERBS and not _DOCUMENT_WORDS.search(subject):
        return None
    rest_start = verb.end()
    rest = text[rest_start:]
    object_match = re.match(r"\s+(?:reporters|journalists|the [A-Z][\w’']*(?: [A-Z][\w’']*)*|[A-Z][\w’']+(?: [A-Z][\w’']+)*|"
                            r"him|her|them|us|me|parliament|mps|the meeting|the court|a (?:news )?conference|"
                            r"a press conference|the committee)(?=[\s:,])", rest) if cue.startswith(("told", "tell")) else None
    if object_match:
        rest_start += object_match.end()
        rest = text[rest_start:]
    lead = re.match(r"\s*(?:in a statement|on \w+|publicly|last \w+|earlier|this week|in an interview)?\s*[:,]?\s*(?:that\s+)?",
                    rest, re.I)
    content_start = rest_start + (lead.end() if lead else 0)
    start, end = _trim(text, content_start, len(text))
    if end - start < 12 or len(text[start:end].split()) < 3:
        return None
    return _Found(subject, cue, sentence.start + start, sentence.start + end, _is_direct(text[start:end]),
                  sentence, subject.lower() in _PRONOUNS)


def _subject(prefix: str) -> str | None:
    """The source phrase right before the verb, with adverbials and appositives trimmed."""
    if not prefix.strip() or any(q in prefix for q in "“”\""):
        return None
    segments = [s.strip() for s in prefix.split(",")]
    segments = [s for s in segments if s]
    if not segments:
        return None
    candidate = _strip_auxiliaries(segments[-1])
    # An appositive ("X, a leading think-tank, said" / "X, who asked not to be named, said"): the source is X.
    if len(segments) >= 2 and prefix.rstrip().endswith(","):
        appositive = segments[-1]
        if (re.match(r"^(?:a|an|the|who|which|its|his|her|their|one of|\d+)\b", appositive, re.I)
                and _plausible_source(_clean_source(segments[-2]))):
            candidate = _strip_auxiliaries(segments[-2])
    candidate = _clean_source(candidate)
    if re.match(r"^(?:there|it|this|that|these|those|what|which|who|when|while|if|as|because)\b", candidate, re.I):
        return None
    if not _plausible_source(candidate) or len(candidate.split()) > 12:
        return None
    return candidate


def _strip_auxiliaries(phrase: str) -> str:
    return _AUXILIARY_TAIL.sub("", phrase.strip()).strip()


def _clean_source(source: str) -> str:
    source = source.strip(" \t\"“”'‘’–—-:;")
    previous = None
    while previous != source:
        previous = source
        source = _LEADING_ADVERBIAL.sub("", source).strip(" ,")
    return source


def _plausible_source(source: str) -> bool:
    if not source or len(source) > 120:
        return False
    if source.lower() in _PRONOUNS:
        return True
    words = source.split()
    if len(words) > 14 or any(w.lower() in ("is", "are", "was", "were", "be", "been", "being") for w in words):
        return False
    return _has_capital(source) or bool(_SOURCE_NOUNS.search(source) or _ORG_WORDS.search(source))


def _has_capital(phrase: str) -> bool:
    return any(w[:1].isupper() and w.strip("’'s") not in _STOP_CAPS for w in phrase.split())


def _ends_clause(rest: str) -> bool:
    """After a trailing verb only a short tail may follow: 'said on Monday.', 'told the BBC.'"""
    rest = rest.strip()
    if not rest or rest[0] in ".!?":
        return True
    if rest[0] in ",;":
        return True
    return len(rest.split()) <= 8 and bool(re.match(r"^[^\"“]*[.!?][\"”’]?$", rest))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, commas and dangling punctuation, keeping quotation marks."""
    while start < end and text[start] in " ,;:–—-":
        start += 1
    while end > start and text[end - 1] in " ,;:–—-":
        end -= 1
    return start, end


def _is_direct(content: str) -> bool:
    stripped = content.strip()
    return stripped.startswith(("“", '"', "‘")) or stripped.count("“") >= 1


def _quoted_mask(text: str) -> list[bool]:
    mask = [False] * (len(text) + 1)
    for match in _QUOTE_PAIRS.finditer(text):
        for i in range(match.start() + 1, match.end()):
            mask[i] = True
    return mask


def classify_source(source: str) -> SourceType:
    lowered = source.lower().strip()
    bare = re.sub(r"^(?:the|a|an)\s+", "", lowered)
    if lowered in _OUTLETS or bare in _OUTLETS or ("the " + bare) in _OUTLETS or _OUTLET_WORDS.search(lowered):
        return "outlet"
    if _DOCUMENT_WORDS.search(lowered):
        return "document"
    if _ANONYMOUS.search(lowered) and not _named(source):
        return "anonymous"
    words = source.split()
    if len(words) == 1 and lowered.endswith("s") and not source.isupper() and not _ORG_WORDS.search(lowered):
        return "anonymous"  # "Opponents said": capitalised only because it starts the sentence
    if _ORG_WORDS.search(lowered) and not _person_name(source):
        return "organisation"
    if _person_name(source) or _ROLE.search(lowered):
        return "person"
    if _named(source):
        return "organisation" if len(source.split()) == 1 and source.isupper() else "person"
    return "anonymous"


def _named(source: str) -> bool:
    return any(w[:1].isupper() and w not in _STOP_CAPS for w in source.split())


def _person_name(source: str) -> bool:
    """Two capitalised words at the end ("Victor Andrusiv"), not part of a name like "Centre for Defence Strategies"."""
    match = re.search(r"(?:^|(\S+)\s+)([A-Z][a-z’'\-]+)\s+([A-Z][a-z’'\-]+)$", source.strip())
    if not match or _ORG_WORDS.search(f"{match.group(2)} {match.group(3)}"):
        return False
    before = (match.group(1) or "").lower()
    return before not in {"for", "of", "the", "and", "on", "in", "&"}


def hedges(text: str) -> list[Span]:
    """Sentences that carry an explicit hedge or verification caveat."""
    return [s for s in sentences(text) if _HEDGE.search(s.text)]


def declined_to_comment(text: str) -> list[str]:
    """Parties the article says it asked but did not hear from."""
    found = []
    for sentence in sentences(text):
        for match in _DECLINED.finditer(sentence.text):
            who = _clean_source(match.group("who"))
            if who and who not in found:
                found.append(f"{who} ({match.group(0)[len(match.group('who')):].strip()})")
    return found


def is_denial(cue: str) -> bool:
    return cue in _DENIAL


def has_hedge(text: str) -> bool:
    return bool(_HEDGE.search(text))
