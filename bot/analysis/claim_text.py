"""How a key claim reads on its own: the reported clause as a whole statement, its subject named rather than "he"
or "it" (or the source and its cue, where the clause has no subject of its own: "Analysts expect the number to
grow"), no leading "that" or "and", no dangling word at the end, nothing the article adds after "but", and
quotation marks and brackets closed. Which statements become key claims is key_claims.py's.
"""

from __future__ import annotations

import re

from bot.analysis.models import Attribution
from bot.analysis.sentences import DATELINE
from bot.language import Parsed, Token

_SUBJECT_PRONOUNS = {"he": ("person",), "she": ("person",), "it": ("organisation", "outlet", "document"),
                     "they": ("anonymous", "organisation")}
_FIRST_PERSON = {"i", "we", "me", "us"}
_LEADING = ("that ", "and ", "but ", "so ", "because ", "while ", "as ")
_CLAUSE_OPENINGS = {"how", "whether", "who", "which", "why", "whom"}
_PRO_FORMS = ("as much ", "so ", "as such ")  # an object that points back at what was said before
_LEAD_TO_QUOTE = re.compile(r"^[^“”\"\n:]{1,100}:\s*(?=[“\"])")  # "said in a letter to Abbott last month: “...”"
_DANGLING = {"ADP", "DET", "CCONJ", "SCONJ", "PART"}
_FINITE_TAGS = {"VBZ", "VBP", "VBD", "MD"}  # ("expect the number to grow": "grow" is no clause of its own)


def cue_verb(attribution: Attribution, parsed: Parsed) -> Token | None:
    """The cue's own word, past its auxiliaries ("has declared": "declared")."""
    token = parsed.token_at(attribution.cue_start or 0)
    while token is not None and token.dep in ("aux", "auxpass", "neg", "advmod") and token.head != token.i and \
            attribution.cue_end is not None and parsed.tokens[token.head].start < attribution.cue_end:
        token = parsed.tokens[token.head]
    return token


def claim_text(attribution: Attribution, parsed: Parsed | None) -> str:
    """The reported statement as a sentence a reader can take on its own."""
    attribution = _without_coordinated_tail(attribution, parsed)
    content = _LEAD_TO_QUOTE.sub("", attribution.content.strip().rstrip(",;:"))  # "in a letter last month: “...”"
    whole_quote = content[:1] in "“\"" and content[-1:] in "”\"" and \
        content.count(content[0]) + content.count("”") == 2
    if whole_quote:
        content = content[1:-1].rstrip(",;: ")  # a whole direct quote: the words are the claim
    elif content[:1] in "“\"" and not any(mark in content[1:] for mark in "”\""):
        content = content[1:]  # a quote the claim cuts before it closes: no dangling mark
    else:
        content = DATELINE.sub("", content if _demonstrative(attribution, parsed) else without_leading(content))
        content = _named_subject(content, attribution)
        content = _without_dangling(content, attribution, parsed)
        content = _with_speaker(content, attribution, parsed)
        content = _without_second_that(content, attribution, parsed)
    if content.count(")") > content.count("("):
        content = content.rstrip(" .").removesuffix(")").rstrip()  # "(Alibaba says it has no plans)": the aside's
    if content and content[0].islower():  # closing bracket without its opening one
        content = content[0].upper() + content[1:]
    if content and content[-1] not in ".!?”\"’'…":
        content += "."
    return _closed_quotes(content)


def _without_coordinated_tail(attribution: Attribution, parsed: Parsed | None) -> Attribution:
    """"... sought to speak with Prince Andrew, but the royal declined to be interviewed": what follows "but" is
    the article's, coordinated with the cue, not part of what the source said or did, where another party is its
    subject."""
    if parsed is None or attribution.cue_start is None or attribution.cue_start > attribution.start:
        return attribution
    cue = cue_verb(attribution, parsed)
    tokens = parsed.tokens_in(attribution.start, attribution.end)
    tail = next((t for t in tokens if t.dep == "conj" and cue is not None and t.head == cue.i
                 and t.pos in ("VERB", "AUX") and _other_subject(parsed, t)), None)
    if tail is None:
        return attribution
    joint = [t for t in tokens if t.i < tail.i and (t.dep == "cc" or t.text in (",", ";")) and t.head in (cue.i, tail.i)]
    if not joint:
        return attribution  # no "and", "but" or comma between: the parse's mistake ("knew something was wrong the
        # day the staff started ..." with "started" joined to "knew"), and the sentence goes on as one statement
    end = joint[0].start
    content = parsed.text[attribution.start:end].rstrip(" ,;")
    if len(content.split()) < 3:
        return attribution
    return attribution.model_copy(update={"content": content, "end": attribution.start + len(content)})


def _other_subject(parsed: Parsed, verb: Token) -> bool:
    """A coordinated verb with a subject of its own that is no pronoun ("but the royal declined"): another party.
    ("and pledged to hold ...", "but they were disappointed" go on with the source's own words.)"""
    return any(parsed.tokens[c].dep in ("nsubj", "nsubjpass") and parsed.tokens[c].pos != "PRON"
               for c in parsed.children(verb.i))


def _closed_quotes(content: str) -> str:
    """A quotation the statement's span cut before its closing mark ("called ‘Preparing for crises.") is closed."""
    if content.count("“") > content.count("”"):
        return content + "”"
    openings = len(re.findall(r"(?:^|(?<=[\s(\[—–-]))‘", content))
    closings = len(re.findall(r"’(?!\w)", content))  # not the apostrophe of "Trump’s"
    return content + "’" if openings > closings else content


def _with_speaker(content: str, attribution: Attribution, parsed: Parsed | None) -> str:
    """A statement with no subject of its own ("to reverse its position", "seeing a flash of light", "a new
    strategy") reads as what the source does: "the Obama administration will announce a new Sudan strategy"."""
    pro_form = attribution.content.strip().lower().startswith(_PRO_FORMS)  # "admitted as much by agreeing that"
    if parsed is None or not attribution.source or has_subject(parsed, attribution.start, attribution.end) \
            and not pro_form:
        return content
    if attribution.source_start is not None and attribution.source_start < attribution.start and \
            attribution.cue_start is not None and attribution.source_start <= attribution.cue_start and \
            attribution.start - attribution.source_start < 200:
        lead = parsed.text[attribution.source_start:attribution.start]
        if "\n" not in lead:
            pronoun, _, rest = lead.partition(" ")
            if pronoun.lower() in {*_SUBJECT_PRONOUNS, "who", "which", "that"} \
                    and attribution.source.lower() not in _SUBJECT_PRONOUNS:  # "He has criticised", "which has
                lead = f"{attribution.source} {rest}"  # rejected" -> "Donald Trump has criticised", "The PA has ..."
            return lead + (attribution.content.strip() if pro_form else content)  # verbatim: "Local people
            # reported seeing ...", "admitted as much by ..."
    cue = parsed.token_at(attribution.cue_start) if attribution.cue_start is not None else None
    if cue is None or cue.pos not in ("VERB", "AUX") or cue.lower == "according":
        return content  # "according to X", "X's claim that": the source is not the statement's subject
    return f"{attribution.source} {attribution.cue} {content[0].lower()}{content[1:]}"


def has_subject(parsed: Parsed, start: int, end: int) -> bool:
    tokens = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not tokens:
        return True
    if tokens[0].lower in _CLAUSE_OPENINGS:
        return False  # "how they clung to the hope": a clause that needs its verb ("spoke of how ...")
    first, last = tokens[0].i, tokens[-1].i + 1
    roots = [t for t in tokens if not first <= t.head < last or t.head == t.i]
    # A clause hanging off the cue ("criticised allies ... after the US attacked Iran") tells when, not what:
    # its subject is not the statement's.
    roots = [t for t in roots if t.dep not in ("advcl", "prep") or t is roots[0]] or roots
    if any(t.pos in ("VERB", "AUX") and (t.tag not in ("VBG", "VB", "TO") or _finite_aux(parsed, t.i))
           for t in roots) and any(
            parsed.tokens[c].dep in ("nsubj", "nsubjpass", "expl", "csubj") and parsed.tokens[c].tag not in ("WDT", "WP")
            for r in roots for c in parsed.children(r.i)):  # ("that exceeded two hours": a relative clause, no subject)
        return True
    return any(t.dep in ("ccomp", "parataxis") and (t.tag in _FINITE_TAGS or _finite_aux(parsed, t.i))
               and not any(parsed.tokens[c].tag in ("WDT", "WP") and parsed.tokens[c].dep.startswith("nsubj")
                           for c in parsed.children(t.i)) for t in roots) \
        or not any(  # (an adjective with its complement, "guilty to a charge", has no subject either)
        t.pos in ("VERB", "AUX", "NOUN", "PROPN", "PRON", "NUM", "ADP") or t.pos == "ADJ" and parsed.children(t.i)
        for t in roots)


def _finite_aux(parsed: Parsed, verb: int) -> bool:
    """A progressive or infinitive verb made finite by its auxiliary: "is considering", "will announce"."""
    return any(parsed.tokens[c].dep in ("aux", "auxpass") and parsed.tokens[c].tag in _FINITE_TAGS
               for c in parsed.children(verb))


def _demonstrative(attribution: Attribution, parsed: Parsed | None) -> bool:
    """"That would reduce revenue, according to ...": "That" is the statement's subject, not the "that" of a
    reported clause, and stays."""
    token = parsed.token_at(attribution.start) if parsed is not None else None
    return token is not None and token.tag == "DT" and token.lower in ("that", "this") \
        and token.dep in ("nsubj", "nsubjpass", "det")


def _without_second_that(content: str, attribution: Attribution, parsed: Parsed | None) -> str:
    """"confirmed that there were conscripts in Ukraine and that some had been taken prisoner": the claim drops
    the first "that" with the cue, so the second goes too ("..., and some had been taken prisoner"); not the
    pronoun of "prices rose and that hurt"."""
    if parsed is None or " and that " not in content:
        return content
    tokens = parsed.tokens_in(attribution.start, attribution.end)
    if not any(t.lower == "that" and t.dep == "mark" and k and tokens[k - 1].lower == "and"
               for k, t in enumerate(tokens)):
        return content
    return content.replace(" and that ", ", and ", 1)


def without_leading(content: str) -> str:
    lowered = content.lower()
    for lead in _LEADING:
        if lowered.startswith(lead):
            return content[len(lead):].lstrip()
    return content


def _named_subject(content: str, attribution: Attribution) -> str:
    """"he would appeal" -> "Kevin Marcus would appeal", where the pronoun can only be the source. Not where the
    statement comes before its source ("It will get 90 miles per gallon, according to Toyota": the car)."""
    if attribution.source_start is not None and attribution.source_start > attribution.start:
        return content
    first, _, rest = content.partition(" ")
    kinds = _SUBJECT_PRONOUNS.get(first.lower())
    if not kinds or attribution.source_type not in kinds or not rest or not attribution.source:
        return content
    if (attribution.source_text or "").lower().split("’")[0].split("'")[0] in _FIRST_PERSON:
        return content  # "We know they were in the office": "they" is not the one who knows
    return f"{attribution.source} {rest}"


def _without_dangling(content: str, attribution: Attribution, parsed: Parsed | None) -> str:
    """No preposition, article or conjunction left hanging at the end ("... talks with the")."""
    if parsed is None:
        return content
    tokens = parsed.tokens_in(attribution.start, attribution.end)
    cut = len(tokens)
    while cut > 1 and (tokens[cut - 1].pos in _DANGLING or tokens[cut - 1].pos == "PUNCT"
                       and tokens[cut - 1].text not in (".", "!", "?", "”", '"', ")")):
        cut -= 1
    if cut == len(tokens) or cut <= 1:
        return content
    dropped = parsed.text[tokens[cut - 1].end:attribution.end]
    return content[:len(content) - len(dropped.rstrip(",;: "))].rstrip() if dropped.strip() else content
