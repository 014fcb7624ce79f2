"""Which attributed statements an editor would put at the top, and how each reads on its own.

The selection is a desk's: the claim the story is about first (the lede's, lede.py, even when unnamed experts
make it), then claims with figures, denials and disputes, then one claim for each other important source (the
lede's source too, on another statement), at most six, never an aside, a question or a statement nested inside
another's, and what a source did ("expressed confidence in ...") below what a source says is so. A statement a
publisher passes on is its speaker's claim. How the claim reads is claim_text.py's; its quote is the full sentence
or sentences of the attribution, with an ellipsis wherever it is cut.
"""

from __future__ import annotations

import re

from bot.analysis.attribution import QUOTED_AS_SAYING, classify_source, credit_cues, has_hedge, is_denial, lexicon
from bot.analysis.claim_text import claim_text, cue_verb, has_subject, without_leading
from bot.analysis.lede import MAX_CLAIMS, Lede, claim_words
from bot.analysis.models import REPORTED_BY_NOTE, Attribution, Claim, Status
from bot.analysis.sentences import DATELINE, Span
from bot.analysis.speakers import speaks
from bot.language import Parsed

_ACT_PENALTY = 1.0  # a statement with no subject of its own reports an act
MIN_CLAIMS = 4  # below this, a second statement of a source already listed is shown
_SAME_STATEMENT = 0.6  # share of content words two statements share when one says the other again
_LEDE_SENTENCES = 2  # the lede: the first two sentences of the body
_LEDE_WORDS = 8
_QUOTE_CHARS = 600
_TYPE_WEIGHT = {"person": 3.0, "organisation": 3.0, "outlet": 2.5, "document": 2.0, "anonymous": 1.5,
                "unattributed": 0.0}
_NUMBER = re.compile(r"\d")
_BULLET = re.compile(r"^\s*[-–—•*·]\s+")
_WORD = re.compile(r"[A-Za-z0-9][\w’'-]{3,}")


def select(attributions: list[Attribution], all_sentences: list[Span], parsed: Parsed | None = None,
           lede: Lede | None = None) -> list[Attribution]:
    """The key statements, at most MAX_CLAIMS: the lede's first (by default the first two sentences), then the
    others in article order, chosen by weight, one per entity besides the lede."""
    author = lexicon().raw["first_person_source"]  # a column's "I wrote", "we know": the article's own voice
    candidates = [(position, a) for position, a in enumerate(attributions)
                  if a.source and a.source != author and not a.cue.endswith("ing") and a.cue not in credit_cues()
                  and not _nested(a, attributions)
                  and not asks(a) and len(a.content.split()) >= 3
                  and not _background(a, parsed) and not _circumstance(a, parsed)
                  and speaks(a, parsed)]
    if lede is None:
        lede = Lede(0, all_sentences[min(_LEDE_SENTENCES, len(all_sentences)) - 1].end if all_sentences else 0, 0)
    # An aside ("the source, who said he had spoken to people inside"; "a prime minister who has declared ...")
    # is said in passing: never a key claim, nor the lede, whose sentence it is part of.
    candidates = [(p, a) for p, a in candidates if not _aside(a, parsed)]
    chosen: dict[str, tuple[int, Attribution]] = {}
    first = next(((p, a) for p, a in candidates if a.end > lede.start and (
        a.start < lede.end or (a.cue_start or a.start) < lede.end)), None)
    if first is not None:
        chosen["\0lede"] = first  # the lede does not use up its source's one statement
    # "expressed confidence in the winger", "ordered a strike": what a source did, not a statement of its own
    # (but "accused X of Y", "confirmed X", "denied X" put a claim in their object)
    object_claims = set(claim_words()["object_claims"])
    acts = {id(a) for _, a in candidates if parsed is not None and not has_subject(parsed, a.start, a.end)
            and lexicon().cue_forms.get(a.cue.split()[-1].lower()) not in object_claims}
    ranked = sorted(candidates, key=lambda item: _weight(item) - (_ACT_PENALTY if id(item[1]) in acts else 0.0),
                    reverse=True)
    for wanted in (("outlet",), tuple(_TYPE_WEIGHT)):  # another outlet's reporting, which a desk must hear of
        for position, attribution in ranked:
            key = _entity(attribution)
            if attribution.source_type in wanted and key not in chosen and len(chosen) < MAX_CLAIMS and \
                    (first is None or attribution is not first[1] and not _overlaps(attribution, [first[1]])) \
                    and not any(_same_span(attribution, a) for _, a in chosen.values()):
                chosen[key] = (position, attribution)
                if len(wanted) == 1:
                    break
    picked = list(chosen.values())
    # A story that quotes few people (an interview, a speech): their further statements fill the reply up to
    # MIN_CLAIMS, each a separate statement, so one voice does not leave the editor with a single line.
    for position, attribution in ranked:
        if len(picked) >= MIN_CLAIMS:
            break
        if not _overlaps(attribution, [a for _, a in picked]):  # a chosen one overlaps itself
            picked.append((position, attribution))
    rest = sorted((item for item in picked if item is not first), key=lambda item: item[0])
    return [a for _, a in ([first] if first is not None else []) + rest]


def _same_span(a: Attribution, b: Attribution) -> bool:
    """One statement credited twice ("a memo reviewed by Reuters": the memo's, passed on by Reuters)."""
    return (a.start, a.end) == (b.start, b.end)


def asks(attribution: Attribution) -> bool:
    """A question asserts nothing: "asked whether", "many wondered how", a quoted question, or an indirect one
    ("know exactly what they need to do")."""
    return attribution.cue.split()[-1] in lexicon().raw["question_cues"] or \
        attribution.content.rstrip(" ”\"'’»)").endswith("?") or _indirect_question(attribution.content)


def _indirect_question(content: str) -> bool:
    words = claim_words()
    opening = [w.lower().strip(",") for w in content.split()[:3]]
    while opening and opening[0] in words["question_lead_ins"]:
        opening.pop(0)
    return bool(opening) and opening[0] in words["indirect_questions"] and not content.lstrip()[:1] in "“\"'‘"


def _overlaps(attribution: Attribution, chosen: list[Attribution]) -> bool:
    """The same span, or the same statement said again (most of its content words already in a chosen one)."""
    words = _content_words(attribution.content)
    return any(attribution.start < other.end and other.start < attribution.end
               or len(words & _content_words(other.content)) >= _SAME_STATEMENT * max(1, len(words)) for other in chosen)


def _circumstance(attribution: Attribution, parsed: Parsed | None) -> bool:
    """"Trump has lashed out after a divided Supreme Court upheld ...": what follows the cue is when or why he
    spoke (a clause opened by "after", "because", "when" hanging on the cue), not what he said."""
    if parsed is None or attribution.cue_start is None or attribution.start < attribution.cue_start:
        return False
    first = parsed.token_at(attribution.start)
    cue = cue_verb(attribution, parsed)
    if first is None or cue is None or first.dep != "mark" or first.lower not in claim_words()["circumstances"]:
        return False
    clause = parsed.tokens[first.head]
    return clause.dep == "advcl" and clause.head == cue.i


def lede_claim(text: str, all_sentences: list[Span], chosen: list[Attribution], lede: Lede | None = None) -> Claim | None:
    """The story's own claim, when its lede credits it to no one and reports no hearsay ("is said to"): the first
    sentence of eight words or more from the lede's, stated as fact, so the claim the story is about is the first
    an editor sees; with the sentence it turns on, when it points back at it. A question asserts nothing."""
    first = lede.first if lede else 0
    sentence = next((s for s in all_sentences[first:first + 4] if len(s.text.split()) >= _LEDE_WORDS
                     and s.text.rstrip()[-1:] in ".!”\"'" and not s.text.rstrip(" ”\"'’").endswith("?")), None)
    if sentence is None:
        return None
    start = lede.claim_start if lede and lede.claim_start is not None and sentence.start == lede.start \
        else sentence.start
    if any(a.start < sentence.end and start < a.end for a in chosen):
        return None
    quote = " ".join(text[start:sentence.end].split())
    claim = DATELINE.sub("", quote) if start < sentence.start else without_leading(DATELINE.sub("", quote))
    claim = _BULLET.sub("", claim)  # "- She lost 130 pounds": a summary's list mark is no part of the claim
    return Claim(claim=claim[0].upper() + claim[1:], source=None, source_type="unattributed", status="fact",
                 quote=quote)  # "But the vote ...": the turn stays in the quote, not in the claim


def _entity(attribution: Attribution) -> str:
    return attribution.entity or attribution.source.lower()


def _weight(item: tuple[int, Attribution]) -> float:
    position, a = item
    score = _TYPE_WEIGHT[a.source_type]
    score += 1.0 if _NUMBER.search(a.content) else 0.0
    score += 0.5 if len(a.content.split()) >= 8 else -1.0
    score += 0.75 if is_denial(a.cue) or a.cue.startswith("confirm") else 0.0  # the article's turns
    return score - position * 0.05


def _nested(inner: Attribution, attributions: list[Attribution]) -> bool:
    """Part of what someone else says: inside their statement, or its cue is ("the government plans to ...,
    officials said": the officials' statement)."""
    def cue(a: Attribution) -> int:
        return a.cue_start if a.cue_start is not None else a.start

    def contains(outer: Attribution) -> bool:
        if outer.start <= inner.start and inner.end <= outer.end and (outer.start, outer.end) != (inner.start, inner.end):
            return True
        if not outer.start <= cue(inner) < outer.end:
            return False
        mutual = inner.start <= cue(outer) < inner.end  # each inside the other's span: the later cue reports
        return not mutual or cue(inner) < cue(outer)

    return any(outer is not inner and outer.source and outer.source != inner.source and contains(outer)
               for outer in attributions)


def _aside(attribution: Attribution, parsed: Parsed | None) -> bool:
    """"the source, who said he had spoken to people inside": what the source said about itself, in passing."""
    if parsed is None or attribution.cue_start is None:
        return False
    token = cue_verb(attribution, parsed)
    return token is not None and token.dep == "relcl"


def _background(attribution: Attribution, parsed: Parsed | None) -> bool:
    """A cue inside a relative clause that describes something else ("the order that President Obama plans to
    sign ... will have a review period"): background, not a claim."""
    if parsed is None or attribution.cue_start is None or attribution.source_start is None:
        return False
    token = cue_verb(attribution, parsed)
    if token is None or token.dep != "relcl":
        return False
    source = parsed.token_at(attribution.source_start)
    return source is None or source.tag not in ("WP", "WDT")  # "officials, who said ...": the officials speak


def to_claim(attribution: Attribution, text: str, all_sentences: list[Span], parsed: Parsed | None,
             role: str | None, attributions: list[Attribution] | None = None) -> Claim:
    """The claim of a chosen statement. A statement that reports another's ("Moore denied ..., according to The
    Assembly") is the inner speaker's claim, noted as reported by the outer source."""
    quote = _quote(attribution, text, all_sentences)
    # "Reuters", then "a memo": a memo reviewed by Reuters passes on what engineers said
    through = [o.source for o in attributions or [] if _same_span(o, attribution) and _obtained_from(o, [attribution])]
    for _ in range(3):
        inner = _reported_inside(attribution, attributions or []) or _data_inside(attribution, parsed) \
            or _obtained_from(attribution, attributions or [])
        if inner is None:
            break
        through.append(attribution.source)
        attribution, role = inner, None
    claim = claim_text(attribution, parsed)
    if is_denial(attribution.cue) and (parsed is None or has_subject(parsed, attribution.start, attribution.end)):
        claim = f"{attribution.source} {attribution.cue} that {claim[0].lower()}{claim[1:]}"  # never restate a
    notes = ["alleged"] if _alleged(quote) and not is_denial(attribution.cue) else []  # denied claim as a claim
    notes.extend(f"{REPORTED_BY_NOTE}{outer}" for outer in reversed(through))  # the nearest first
    return Claim(claim=claim, source=attribution.source, source_role=role, source_type=attribution.source_type,
                 cue=attribution.cue, status=_status(attribution, quote), quote=quote, notes=notes)


def _reported_inside(outer: Attribution, attributions: list[Attribution]) -> Attribution | None:
    """A named source's statement that a publisher passes on, the publisher's cue after it: "Moore denied ..."
    inside "..., according to The Assembly" or "..., The Korea Times reported", or "..., he said, according to a
    transcript". (A speaker's own account of what
    someone else did, "Pompeo said Washington had concluded ...", stays the speaker's.)"""
    if not _passes_on(outer) or not (outer.cue in ("according to", QUOTED_AS_SAYING)
                                     or outer.source_type == "outlet"):
        return None
    for inner in attributions:
        if inner is outer or not inner.source or inner.source_type == "unattributed" or inner.entity == outer.entity \
                or inner.cue_start is None or not outer.start <= inner.cue_start < outer.end \
                or inner.end > outer.end + 2 or len(inner.content.split()) < 4 or asks(inner) \
                or inner.cue.endswith("ing") or not (_opens(inner, outer) or _tagged_after(inner, outer)):
            continue  # the inner statement is the whole of what is passed on ("In one instance, Ukrainians sent
            # texts ... and one tank commander replied ..., reports the Mail" is the Mail's report)
        return inner
    return None


def _obtained_from(outer: Attribution, attributions: list[Attribution]) -> Attribution | None:
    """"Documents obtained by The Associated Press show ...", "the minister was quoted by Interfax as saying":
    the documents' or the minister's claim, which the outlet passes on (publisher_credits.py gives both the same
    statement)."""
    if outer.source_type != "outlet" or not outer.cue.endswith(" by"):
        return None
    return next((a for a in attributions if a is not outer and _same_span(a, outer) and a.source_type != "outlet"),
                None)


def _opens(inner: Attribution, outer: Attribution) -> bool:
    """The inner source opens what the outer passes on (at the article's very start too)."""
    return inner.source_start is not None and 0 <= inner.source_start - outer.start <= 3


def _passes_on(outer: Attribution) -> bool:
    """A publisher's cue after what it passes on: "..., according to X", "..., X reported"."""
    return outer.cue in ("according to", "reported", "reports", QUOTED_AS_SAYING) and outer.cue_start is not None \
        and outer.cue_start >= outer.end


def _data_inside(outer: Attribution, parsed: Parsed | None) -> Attribution | None:
    """"A Gallup Korea poll released on Friday showed Yoon's approval rating at 13%, The Korea Times reported": a
    document's finding that a publisher passes on is the document's claim (the finder counts the outer report
    only, as annotators do), noted as reported by the publisher."""
    if parsed is None or outer.source_type != "outlet" or not _passes_on(outer):
        return None
    for token in parsed.tokens_in(outer.start, outer.end):
        if token.pos != "VERB" or token.lemma not in claim_words()["data_findings"]:
            continue
        subject = next((c for c in parsed.children(token.i) if parsed.tokens[c].dep == "nsubj"), None)
        if subject is None:
            return None
        first, last = parsed.subtree(subject, skip=frozenset({"relcl", "acl", "appos"}))
        phrase = parsed.span_text(first, last)
        if classify_source(phrase) != "document" or parsed.tokens[first].start < outer.start:
            return None
        content = parsed.text[token.end:outer.end].strip().removeprefix("that ").strip()
        return outer.model_copy(update={
            "source": phrase, "source_type": "document", "source_text": phrase, "cue": token.text,
            "content": content, "start": outer.end - len(content), "end": outer.end, "entity": None,
            "source_start": parsed.tokens[first].start, "source_end": parsed.tokens[last - 1].end,
            "cue_start": token.start, "cue_end": token.end})
    return None


def _tagged_after(inner: Attribution, outer: Attribution) -> bool:
    """"These deals don't just pop up overnight, he said, according to a transcript": the inner statement opens
    what is passed on, its speaker named after it."""
    return 0 <= inner.start - outer.start <= 3 and inner.source_start is not None and inner.source_start >= inner.end


def _alleged(quote: str) -> bool:
    """"The defendant allegedly stole ...": an allegation in a court story, not the outlet's doubt."""
    words = set(lexicon().raw["allegation_words"])
    return any(w.strip(".,;:“”\"'").lower() in words for w in quote.split())


def _quote(attribution: Attribution, text: str, all_sentences: list[Span]) -> str:
    """The full sentence or sentences of the attribution (source, cue and statement), cut with an ellipsis."""
    start = min(attribution.start, attribution.source_start if attribution.source_start is not None
                else attribution.start)
    end = max(attribution.end, attribution.source_end or 0)
    first = next((s for s in all_sentences if s.start <= start < s.end), None)
    last = next((s for s in all_sentences if s.start < end <= s.end), None)
    begin = first.start if first else attribution.start
    finish = last.end if last else attribution.end
    quote = text[begin:finish].strip()
    if len(quote) > _QUOTE_CHARS:
        quote = quote[:_QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return quote


def _status(attribution: Attribution, quote: str) -> Status:
    if is_denial(attribution.cue):
        return "disputed"
    if has_hedge(quote):
        return "unverified"
    return "attributed"


def mark_disputes(claims: list[Claim], attributions: list[Attribution]) -> None:
    """A claim another source denies ("Putin denied that any conscripts were used" against the ministry's
    confirmation) is disputed, and the note says by whom."""
    for claim in claims:
        if claim.status == "disputed" or not claim.source:
            continue
        words = _content_words(claim.claim)
        for a in attributions:
            if a.source and a.source != claim.source and is_denial(a.cue) and \
                    len(words & _content_words(a.content)) >= 3:
                claim.status = "disputed"
                claim.notes.append(f"denied by {a.source}")
                break


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}
