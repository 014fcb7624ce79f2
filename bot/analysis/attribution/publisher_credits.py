"""A document another outlet obtained: "according to a transcript reviewed by Business Insider", "Documents
obtained by The Associated Press show ...". Two sources stand behind the statement, not one: the document says
it, and the outlet that saw the document passes it on (and the article relies on that outlet's reporting).
Taken as one source, the reply either hid the outlet or called the transcript "another outlet"."""

from __future__ import annotations

import re

from bot.analysis.models import Attribution
from bot.language import Parsed, Token

from .kinds import classify_source
from .lexicon import lexicon

QUOTED_AS_SAYING = "quoted as saying"  # the speaker's cue where an agency quotes them ("was quoted by Interfax as
QUOTED_BY = "quoted by"  # saying"), and the agency's


def split_publisher_credits(attributions: list[Attribution], parsed: Parsed | None,
                            host: str | None = None) -> list[Attribution]:
    """Each attribution whose source is a document an outlet obtained becomes the document's, followed by the
    outlet's own attribution of the same statement, its cue the participle ("reviewed by"); where the outlet is
    the article's own (`host`: "figures obtained by the BBC" on the BBC's site), the document's alone."""
    if parsed is None:
        return attributions
    result: list[Attribution] = []
    for attribution in attributions:
        split = _quoted_by(attribution, parsed) or _split(attribution, parsed) or [attribution]
        result.extend(a for a in split if not (a is not attribution and a.source_type == "outlet"
                                               and a.cue.endswith(" by") and is_host(a.source, host)))
    passed_on = [(a.start, a.end) for a in result if a.cue == QUOTED_BY]
    return [_ended_before(a, passed_on, parsed.text) for a in result]


def is_host(name: str, host: str | None) -> bool:
    """"the BBC" for an article from "BBC News" or bbc.co.uk, "the Ottawa Citizen" for "Ottawacitizen": the
    outlet's letters within the host's, or the other way round."""
    mine = re.sub(r"[^a-z]", "", re.sub(r"^the\s+", "", name.lower()))
    theirs = re.sub(r"[^a-z]", "", re.sub(r"^(?:https?://)?(?:www\.)?|^the\s+", "", (host or "").lower()))
    return len(mine) >= 3 and bool(theirs) and (mine in theirs or theirs in mine)


def _ended_before(attribution: Attribution, passed_on: list[tuple[int, int]], text: str) -> Attribution:
    """"Local people reported seeing a flash ..., the Tuva government was quoted as saying": what local people
    reported ends where the statement passing it on does, before the government."""
    cue = attribution.cue_start
    for start, end in passed_on:
        if cue is not None and start <= cue < end < attribution.end and attribution.start < end:
            content = text[attribution.start:end].rstrip(" ,")
            return attribution.model_copy(update={"content": content, "end": attribution.start + len(content)})
    return attribution


def _quoted_by(attribution: Attribution, parsed: Parsed) -> list[Attribution] | None:
    """"The minister was quoted by Interfax as saying that ...", "..., the government was quoted as saying by
    the Interfax news agency": the minister's statement, which the agency passes on; neither "The minister" as
    what Interfax said nor "by the Interfax news agency" as what the government said."""
    if attribution.cue_start is None or attribution.cue_end is None:
        return None
    quoted = next((t for t in parsed.tokens_in(attribution.cue_start, attribution.cue_end)
                   if t.lemma == "quote" and t.tag == "VBN"), None)
    if quoted is None:
        return None
    children = [parsed.tokens[c] for c in parsed.children(quoted.i)]
    saying = next((parsed.tokens[c] for t in children if t.lower == "as" for c in parsed.children(t.i)
                   if parsed.tokens[c].lower == "saying"), None)
    speaker = next((t for t in children if t.dep == "nsubjpass"), None)
    around = children + [parsed.tokens[c] for c in (parsed.children(saying.i) if saying else ())]
    by = next((t for t in around if t.lower == "by" and t.dep in ("agent", "prep")), None)
    said = next((t for t in around if t.dep == "ccomp"), None)
    if speaker is None or by is None or speaker.pos == "PRON":
        return None
    outlet = _object(parsed, by, None)
    if outlet is None or classify_source(parsed.span_text(*outlet)) != "outlet":
        return None
    s_first, s_last = parsed.subtree(speaker.i, skip=frozenset({"relcl", "acl"}))
    sentence = parsed.sentences[quoted.sentence]
    if said is not None:
        first, last = parsed.subtree(said.i)
    elif s_first - sentence.first > 3 and parsed.tokens[s_first - 1].text == ",":
        first, last = sentence.first, s_first  # "Local people reported ..., the government was quoted as saying"
    else:
        return None
    while first < last and parsed.tokens[first].dep == "mark":
        first += 1
    while last > first and parsed.tokens[last - 1].pos == "PUNCT" and parsed.tokens[last - 1].i < quoted.i:
        last -= 1
    content = (parsed.tokens[first].start, parsed.tokens[last - 1].end)
    said_by = parsed.span_text(s_first, s_last)
    outlet_text = parsed.span_text(*outlet)
    common = {"content": parsed.text[content[0]:content[1]], "start": content[0], "end": content[1],
              "role": None, "entity": None, "direct": False}
    speaking = attribution.model_copy(update={
        **common, "source": said_by, "source_text": said_by, "source_type": classify_source(said_by),
        "source_start": parsed.tokens[s_first].start, "source_end": parsed.tokens[s_last - 1].end,
        "cue": QUOTED_AS_SAYING, "cue_start": quoted.start, "cue_end": (saying or quoted).end})
    passing = attribution.model_copy(update={
        **common, "source": outlet_text, "source_text": outlet_text, "source_type": "outlet",
        "source_start": parsed.tokens[outlet[0]].start, "source_end": parsed.tokens[outlet[1] - 1].end,
        "cue": QUOTED_BY, "cue_start": quoted.start, "cue_end": quoted.end})
    return [speaking, passing]


def _split(attribution: Attribution, parsed: Parsed) -> list[Attribution] | None:
    if attribution.source_start is None or attribution.source_end is None or not attribution.source:
        return None
    credits = set(lexicon().raw["publisher_credits"])
    first = parsed.token_at(attribution.source_start)
    if first is None:
        return None
    sentence = parsed.sentences[first.sentence]
    inside = range(attribution.source_start, attribution.source_end)
    for by in parsed.tokens[max(sentence.first, first.i - 12):sentence.last]:
        if by.lower != "by" or by.dep != "agent":
            continue
        verb = parsed.tokens[by.head]
        if verb.tag != "VBN" or verb.dep != "acl" or verb.lemma not in credits \
                or not (by.start in inside or parsed.tokens[verb.head].start in inside):
            continue  # "reports seen by Reuters": the participle describes the source (or is in it)
        outlet = _object(parsed, by, attribution.cue_start)
        document = _document(parsed, parsed.tokens[verb.head], verb)
        if outlet is None or document is None or parsed.tokens[outlet[1] - 1].end <= attribution.source_start:
            continue
        outlet_text, document_text = parsed.span_text(*outlet), parsed.span_text(*document)
        doc_start, doc_end = parsed.tokens[document[0]].start, parsed.tokens[document[1] - 1].end
        out_start, out_end = parsed.tokens[outlet[0]].start, parsed.tokens[outlet[1] - 1].end
        inner = attribution.model_copy(update={
            "source": document_text, "source_text": document_text, "source_start": doc_start, "source_end": doc_end,
            "source_type": "document", "role": None, "entity": None})
        if classify_source(outlet_text) != "outlet":
            return [inner]  # "a slideshow obtained by the Ottawa Citizen" in the Citizen: the slideshow, the
            # paper's own reporting (or an agency's, "seen by the committee"): no other outlet to credit
        outer = attribution.model_copy(update={
            "source": outlet_text, "source_text": outlet_text, "source_start": out_start, "source_end": out_end,
            "source_type": "outlet", "cue": f"{verb.text} by", "cue_start": verb.start, "cue_end": by.end,
            "role": None, "entity": None, "direct": False})
        return [inner, outer]
    return None


def _object(parsed: Parsed, by: Token, cue_start: int | None) -> tuple[int, int] | None:
    """Who obtained it, never running into the cue ("documents obtained by The Associated Press show", where
    the parse read "show" as a noun)."""
    objects = [c for c in parsed.children(by.i) if parsed.tokens[c].dep == "pobj"]
    if not objects:
        return None
    start, end = parsed.subtree(objects[0], skip=frozenset({"acl", "relcl", "prep", "appos"}))
    while cue_start is not None and end > start + 1 and parsed.tokens[end - 1].end > cue_start > by.start:
        end -= 1
    return start, end


def _document(parsed: Parsed, noun: Token, verb: Token) -> tuple[int, int] | None:
    """The noun phrase the participle describes, up to the participle: "a copy of the filing" for "the filing
    obtained by ..." inside "a copy of ..."."""
    if noun.pos not in ("NOUN", "PROPN"):
        return None
    top = noun
    while top.dep == "pobj" and parsed.tokens[top.head].lower == "of" \
            and parsed.tokens[parsed.tokens[top.head].head].pos == "NOUN":
        top = parsed.tokens[parsed.tokens[top.head].head]
    start, _ = parsed.subtree(top.i)
    if parsed.tokens[start].lower in ("according", "to"):
        start += 1
    while start < verb.i and parsed.tokens[start].lower in ("to", ","):
        start += 1
    end = verb.i
    while end > start and parsed.tokens[end - 1].pos == "PUNCT":
        end -= 1
    return (start, end) if end > start else None
