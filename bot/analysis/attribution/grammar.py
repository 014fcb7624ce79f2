"""What the parse says about an attribution's source: whether the phrase the finder took is a noun phrase at
all, and, when it is not, which noun phrase the grammar makes the cue's subject.

The finder's string rules find cues and content well; the parse is the judge of the source: the subject of
the cue (or the object of "according to", or a passive's agent), never a clause, a number, a preposition or a
dangling fragment ("above the 3 percent level that the operator", "Bloomberg of", "000 for a fourth").
"""

from __future__ import annotations

from bot.language import Parsed, Token

from .kinds import is_role
from .lexicon import lexicon

_NOT_A_HEAD = {"VERB", "AUX", "NUM", "ADP", "SCONJ", "CCONJ", "ADV", "PART", "DET", "ADJ", "INTJ", "PUNCT", "SYM"}
_MODIFIERS = {"compound", "amod", "det", "poss", "nummod", "nmod"}
_DANGLING = {"ADP", "DET", "CCONJ", "SCONJ", "PART"}
_SUBJECTS = ("nsubj", "expl")
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "punct"})
_CHAINS = ("xcomp", "conj", "advcl")
_TIMES = {"DATE", "TIME"}
_TENSES = {"VBD": "past", "VBZ": "present", "VBP": "present"}
_NOMINALS = ("NOUN", "PROPN", "PRON", "NUM")  # a number only with words of its own ("One of the authors")
_RELATIVE_REPORTED = {"ccomp", "xcomp", "parataxis", "advcl", "conj"}  # a relative clause's verb reports a clause
_REPORTED = {"ccomp", "xcomp", "parataxis", "dobj", "dative", "attr", "oprd", "advcl", "conj", "acomp"}  # "X went on to say", "X smiled and said": the subject is the head's


def is_fragment(parsed: Parsed, start: int, end: int) -> bool:
    """A source span whose grammatical head is not a noun or pronoun, or which ends mid-phrase."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not inside:
        return False
    first, last = inside[0].i, inside[-1].i + 1
    heads = [t for t in inside if (not first <= t.head < last or t.head == t.i) and t.head != last]
    if any(t.pos in _NOT_A_HEAD and not _is_share(parsed, t, first, last) and not _unknown_name(parsed, t)
           for t in heads):  # (a word hung on the cue just after is the parse's doing)
        return True
    after = parsed.tokens[last] if last < len(parsed.tokens) else None
    if after is not None and after.pos in ("NOUN", "PROPN") and inside[-1].head == last \
            and inside[-1].dep in _MODIFIERS and after.lower not in lexicon().cue_forms:
        return True  # "the Vermont" of "the Vermont senator" (not "Trump" of "Trump brags", a cue mistagged)
    return inside[-1].pos in _DANGLING


def _is_share(parsed: Parsed, token: Token, first: int, last: int) -> bool:
    """"One of the authors", "Two in three": a number that is a verb's subject, with words of its own, names
    people, when the span holds its whole phrase ("One of the authors of that 2013" is cut short)."""
    if token.pos != "NUM" or token.dep not in ("nsubj", "nsubjpass") or last - first < 2:
        return False
    return parsed.subtree(token.i, skip=_CLAUSES)[1] <= last


def _unknown_name(parsed: Parsed, token: Token) -> bool:
    """A capitalised word inside a sentence that the tagger calls an adverb ("..., said Skelly."): a surname it
    does not know, not an adverb (adverbs are capitalised only at a sentence's start)."""
    if token.pos not in ("ADV", "INTJ") or not token.text[:1].isupper() or token.text.isupper() or token.i == 0:
        return False
    before = parsed.tokens[token.i - 1]
    return before.sentence == token.sentence and before.pos != "PUNCT"


def without_time(parsed: Parsed, start: int, end: int) -> int:
    """The end of a source phrase without a trailing time ("on Sunday", "late Thursday", "this week")."""
    inside = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    cut = len(inside)
    while cut > 1 and inside[cut - 1].ent in _TIMES:
        cut -= 1
    while cut > 1 and inside[cut - 1].pos == "ADP":
        cut -= 1
    if cut == len(inside) or cut == 0:
        return end
    head = parsed.tokens[inside[cut].head]
    if head.pos == "VERB" and start <= head.start < end:
        return end  # "an affidavit filed on Monday": the time belongs to the filing, and the phrase stays whole
    return inside[cut - 1].end


def after_leading_time(parsed: Parsed, start: int, end: int) -> int:
    """The start of a source phrase without a time before it ("Last week the group called for ..."): the
    group, not "Last week the group"."""
    inside = [t for t in parsed.tokens_in(start, end)]
    cut = 0
    while cut < len(inside) and (inside[cut].ent in _TIMES or cut and inside[cut].text == ","):
        cut += 1
    if cut == 0 or cut == len(inside) or inside[cut].pos not in ("DET", "PROPN", "NOUN", "PRON"):
        return start
    return inside[cut].start


def is_reduced_relative(parsed: Parsed, offset: int) -> bool:
    """A past participle describing a noun ("reports seen by Reuters"), not a verb reporting a statement."""
    token = parsed.token_at(offset)
    if token is None or token.dep != "acl" or token.tag != "VBN":
        return False
    noun = parsed.tokens[token.head]
    active = {parsed.tokens[c].dep for c in parsed.children(token.i)} & {"dobj", "ccomp", "xcomp", "oprd"}
    return noun.head != noun.i or not active  # ("A poll found last week that ...", misparsed: the only verb,
    # with an object or a clause of its own)


def is_copular_complement(parsed: Parsed, offset: int) -> bool:
    """A verb after "is to" ("Climate change is to blame", "the plan is to announce cuts"): what something is,
    not what anyone said."""
    token = parsed.token_at(offset)
    if token is None or token.dep != "xcomp" or token.head == token.i:
        return False
    head = parsed.tokens[token.head]
    return head.lemma == "be" and head.dep not in ("aux", "auxpass")


def is_obligation(parsed: Parsed, offset: int) -> bool:
    """A verb under "must" or "should" inside another's statement ("ruled that EU countries must identify
    products"): what someone is required to do, not what anyone said."""
    token = parsed.token_at(offset)
    if token is None or token.dep not in ("ccomp", "xcomp", "conj") or token.pos != "VERB":
        return False
    return any(parsed.tokens[c].dep == "aux" and parsed.tokens[c].lower in ("must", "should", "shall")
               for c in parsed.children(token.i))


def is_bidden(parsed: Parsed, offset: int) -> bool:
    """A cue someone else lets, asks or makes a person do ("prosecutors allowed Epstein to plead guilty", "the
    judge asked her to explain"): a permission or a request, not a statement the person made."""
    token = parsed.token_at(offset)
    if token is None or token.dep not in ("ccomp", "xcomp") or token.head == token.i:
        return False
    children = [parsed.tokens[c] for c in parsed.children(token.i)]
    if not any(c.dep == "aux" and c.lower == "to" for c in children):
        return False
    head = parsed.tokens[token.head]
    if head.pos != "VERB" or head.lemma in lexicon().cue_forms or head.lemma in lexicon().raw["raising"]:
        return False
    told = [parsed.tokens[c] for c in parsed.children(head.i) if parsed.tokens[c].dep == "dobj" and c < token.i]
    return bool(told) or token.dep == "ccomp" and any(c.dep == "nsubj" for c in children)


def is_adverbial(parsed: Parsed, offset: int) -> bool:
    """The phrase starting here says when or where ("Hours before the game"), not who."""
    token = _phrase_head_at(parsed, offset, ("compound", "amod", "det", "poss", "case", "nummod"))
    return token is not None and token.dep in ("npadvmod", "advmod", "tmod", "pobj", "prep")


def _phrase_head_at(parsed: Parsed, offset: int, through: tuple[str, ...]) -> Token | None:
    """The head of the phrase whose first word is at `offset`, climbing from that word through the relations a
    noun phrase's words have to its head."""
    token = parsed.token_at(offset)
    while token is not None and token.dep in through and token.head != token.i:
        token = parsed.tokens[token.head]
    return token


def participle_subject(parsed: Parsed, offset: int) -> tuple[int, int] | None:
    """The subject of the clause a participle cue hangs on ("Hours before the game, coach Bruce Boudreau
    expressed confidence ..., saying ...": Boudreau), the nearest before its verb."""
    token = parsed.token_at(offset)
    if token is None or token.dep != "advcl" or token.tag != "VBG":
        return None
    verb = parsed.tokens[token.head]
    subjects = [c for c in parsed.children(verb.i) if parsed.tokens[c].dep in ("nsubj", "nsubjpass") and c < verb.i]
    return _phrase(parsed, subjects[-1]) if subjects else None


def has_verb(parsed: Parsed, start: int, end: int) -> bool:
    """Whether a span says something (has a verb) rather than naming something (a byline, a list)."""
    return any(t.pos in ("VERB", "AUX") for t in parsed.tokens_in(start, end))


def is_noun_use(parsed: Parsed, offset: int) -> bool:
    """A cue word the parse reads as a noun that is itself a subject or object ("waiting lists", "the claims") or a
    conjunct ("movies and TV shows from Pixar"). (A preposition's object too dropped more than it saved on PolNeAR.)"""
    token = parsed.token_at(offset)
    return token is not None and token.pos == "NOUN" and token.dep in ("nsubj", "nsubjpass", "dobj", "compound", "conj")


def is_modifier_use(parsed: Parsed, offset: int) -> bool:
    """A cue word modifying a noun ("alleged secret police stations", "the reported deaths"): no one speaks."""
    token = parsed.token_at(offset)
    return token is not None and token.dep == "amod" and parsed.tokens[token.head].pos in ("NOUN", "PROPN")


def names_a_thing(parsed: Parsed, cue_start: int, cue_end: int) -> bool:
    """"what Nemo calls Zerofiber insulation": a verb of naming whose object is "what" and whose complement is a
    name names, it does not state; "what officials called a hate crime", "what Gilbert called “a perception
    problem”" characterise, as a statement does (a complement with no proper noun, or in quotation marks)."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None or verb.lemma != "call" or not any(
            parsed.tokens[c].dep == "dobj" and parsed.tokens[c].tag == "WP" for c in parsed.children(verb.i)):
        return False
    complements = [c for c in parsed.children(verb.i) if parsed.tokens[c].dep in ("oprd", "xcomp", "attr")]
    if not complements:
        return True
    first, last = parsed.subtree(complements[0])
    inside = parsed.tokens[max(first - 1, verb.i + 1):last]
    return any(t.pos == "PROPN" for t in inside) and not any(t.text in ("“", '"', "''", "‘") for t in inside)


def takes_no_statement(parsed: Parsed, cue_start: int, cue_end: int) -> bool:
    """A relative clause's verb with nothing it could report: no clause, no object ("who ruled in exile from
    Qatar"); a preposition counts only inside the cue ("spoke of"). Only relative clauses: elsewhere the same
    rule dropped more real attributions than false ones on PolNeAR."""
    token = parsed.token_at(cue_start)
    verb = _cue_verb(parsed, cue_start, cue_end)
    if token is None or verb is None or verb.pos != "VERB" or verb.dep != "relcl":
        return False
    for child in parsed.children(verb.i):
        dep = parsed.tokens[child].dep
        if dep in _REPORTED or (dep in ("prep", "prt") and parsed.tokens[child].start < cue_end):
            return False
    return True


def names_only_a_thing(parsed: Parsed, cue_start: int, cue_end: int) -> bool:
    """A cue verb with a noun object and no clause ("know the hoodlums", "as we know it")."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None or verb.pos != "VERB":
        return False
    deps = [parsed.tokens[c] for c in parsed.children(verb.i)]
    return any(t.dep == "dobj" and t.pos in ("NOUN", "PROPN", "PRON") for t in deps) \
        and not any(t.dep in ("ccomp", "xcomp", "parataxis", "advcl", "oprd") for t in deps)


def reports_a_deed(parsed: Parsed, cue_start: int, cue_end: int) -> bool:
    """A relative clause's verb with a noun object and no clause ("Evan Spiegel, who famously rebuffed a $3
    billion offer"): an attribution by PolNeAR's lights, but a thing done, not a statement a reply can list as
    a claim (it read "Who famously rebuffed ...")."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None or verb.pos != "VERB" or verb.dep != "relcl":
        return False
    return not any(parsed.tokens[child].dep in _RELATIVE_REPORTED for child in parsed.children(verb.i))


def grammatical_source(parsed: Parsed, cue_start: int, cue_end: int) -> tuple[int, int] | None:
    """The character span of the cue's subject noun phrase (relative clauses and appositives left out)."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None:
        return None
    if verb.lower == "according":
        to = next((c for c in parsed.children(verb.i) if parsed.tokens[c].lower == "to"), None)
        objects = [c for c in parsed.children(to) if parsed.tokens[c].dep == "pobj"] if to is not None else []
        return _phrase(parsed, objects[0]) if objects else None
    for _ in range(3):
        for child in parsed.children(verb.i):
            token = parsed.tokens[child]
            if token.dep == "agent":
                objects = [c for c in parsed.children(child) if parsed.tokens[c].dep == "pobj"]
                return _phrase(parsed, objects[0]) if objects else None
            if token.dep in _SUBJECTS and token.pos in _NOMINALS:
                return _phrase(parsed, child)
        if verb.dep not in _CHAINS or verb.head == verb.i:
            return None
        verb = _joined_to(parsed, verb)
    return None


def _joined_to(parsed: Parsed, verb: Token) -> Token:
    """The verb whose subject a chained verb shares. A verb joined by "and" to a reported clause's verb in another
    tense goes with the verb reporting that clause: in "She said he announced ... and alleges Maxwell entered",
    she alleges (the parse joins "alleges" to "announced")."""
    head = parsed.tokens[verb.head]
    if verb.dep == "conj" and head.dep == "ccomp" and head.head != head.i \
            and _TENSES.get(verb.tag) and _TENSES.get(head.tag) and _TENSES[verb.tag] != _TENSES[head.tag]:
        return parsed.tokens[head.head]
    return head


def in_reported_clause(parsed: Parsed, start: int, end: int) -> bool:
    """Whether a phrase is inside another verb's reported clause ("Clinton" in "X said Clinton will have to
    choose"): a participle the parse hangs on that clause still shares the reporting verb's subject."""
    tokens = [t for t in parsed.tokens_in(start, end) if t.pos != "PUNCT"]
    if not tokens:
        return False
    token = next((t for t in tokens if not start <= parsed.tokens[t.head].start < end or t.head == t.i), tokens[0])
    for _ in range(8):
        if token.head == token.i:
            return False
        if token.dep == "ccomp":
            return True
        token = parsed.tokens[token.head]
    return False


def relative_clause_end(parsed: Parsed, cue_start: int, cue_end: int) -> int | None:
    """The character end of the relative clause a cue's verb heads ("Clinton, who announced a plan on Monday,
    plans ..."): what the clause reports ends with it, not with the sentence."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None or verb.pos != "VERB" or verb.dep != "relcl":
        return None
    last = parsed.subtree(verb.i)[1] - 1
    while last > verb.i and parsed.tokens[last].pos == "PUNCT":
        last -= 1
    return parsed.tokens[last].end


def relative_antecedent(parsed: Parsed, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase a relative pronoun stands for: "Netanyahu" in "..., Netanyahu, who has declared ...",
    read from the relative clause's attachment, not from whatever name comes last before it."""
    tokens = parsed.tokens_in(start, end)
    if len(tokens) != 1 or tokens[0].lower not in ("who", "which", "that", "whom"):
        return None
    verb = parsed.tokens[tokens[0].head]
    while verb.dep in ("xcomp", "conj", "ccomp") and verb.head != verb.i:  # "who wants to say", "who ... and said"
        verb = parsed.tokens[verb.head]
    if verb.dep not in ("relcl", "acl") or verb.head == verb.i:
        return None
    span = _phrase(parsed, verb.head)
    return _named_antecedent(parsed, span, tokens[0].lower) if span is not None else None


def _named_antecedent(parsed: Parsed, span: tuple[int, int], pronoun: str) -> tuple[int, int]:
    """The name the pronoun stands for, not the role around it: "his defense minister Kim Yong-hyun, who said"
    and "its treasurer, John Smith, who said" are the people; "the head of the Palestinian Dialogue Group in
    Turkey, which says" is the group ("which" is never a person)."""
    wanted = ("PERSON",) if pronoun in ("who", "whom") else ("ORG",) if pronoun == "which" else ()
    inside = [e for e in parsed.entities if e.label in wanted and len(e.text.split()) >= 2 and (
        span[0] < e.start and e.end <= span[1] or e.start > span[1] and parsed.text[span[1]:e.start].strip() == ",")]
    if pronoun == "which":  # only where the phrase is a person's role ("the report by X, which" is the report)
        first_noun = next((t for t in parsed.tokens_in(span[0], span[1]) if t.pos == "NOUN"), None)
        inside = inside if first_noun is not None and is_role(first_noun.lower) else []
    elif inside and not (inside[-1].end == span[1] or inside[-1].start > span[1]):
        inside = []  # "the lawyer for John Smith, who said": the lawyer
    return (inside[-1].start, inside[-1].end) if inside else span


def _cue_verb(parsed: Parsed, cue_start: int, cue_end: int) -> Token | None:
    tokens = parsed.tokens_in(cue_start, cue_end)
    verbs = [t for t in tokens if t.pos in ("VERB", "AUX") or t.lower == "according"]
    return verbs[-1] if verbs else (tokens[0] if tokens else None)


def _phrase(parsed: Parsed, head: int) -> tuple[int, int] | None:
    token = parsed.tokens[head]
    if token.pos not in _NOMINALS or token.pos == "NUM" and len(parsed.children(head)) == 0:
        return None
    first, last = parsed.subtree(head, skip=_CLAUSES)
    while last - 1 > first and parsed.tokens[last - 1].pos in ("PUNCT", "ADP", "DET", "CCONJ"):
        last -= 1
    return parsed.tokens[first].start, parsed.tokens[last - 1].end


def grammatical_attribution(parsed: Parsed, cue_start: int, cue_end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(source, content) character spans for a reporting verb with a noun-phrase subject and a reported clause
    (its clausal complement), or None when the grammar gives either one no clear shape."""
    verb = _cue_verb(parsed, cue_start, cue_end)
    if verb is None or verb.pos != "VERB":
        return None
    clauses = [c for c in parsed.children(verb.i) if parsed.tokens[c].dep in ("ccomp", "parataxis")]
    source = grammatical_source(parsed, cue_start, cue_end)
    if not clauses or source is None or is_fragment(parsed, *source):
        return None
    first, last = parsed.subtree(clauses[0])
    while first < last and (parsed.tokens[first].dep == "mark" or parsed.tokens[first].pos == "PUNCT"
                            and parsed.tokens[first].text not in ("“", '"')):
        first += 1  # "that" introduces the statement; it is not part of it
    if last - first < 3:
        return None
    return source, (parsed.tokens[first].start, parsed.tokens[last - 1].end)


def subject_at(parsed: Parsed, offset: int) -> tuple[int, int] | None:
    """The subject noun phrase that starts at a character offset ("Nepal's civil aviation authority disputed
    ..." after a dateline), or None when the words there are not a clause's subject."""
    token = _phrase_head_at(parsed, offset, ("compound", "amod", "det", "poss", "case", "nmod"))
    if token is None or token.dep not in ("nsubj", "nsubjpass"):
        return None
    return _phrase(parsed, token.i)


def stance_attribution(parsed: Parsed, verb: Token) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(source, content) for a stance verb the parse shows taking a thing or an aim ("Pataki is endorsing Kasich",
    "they want to repeal the law"): a noun-phrase subject and a direct object or infinitive complement."""
    objects = [c for c in parsed.children(verb.i) if parsed.tokens[c].dep in ("dobj", "xcomp")]
    source = grammatical_source(parsed, verb.start, verb.end)
    if not objects or source is None or is_fragment(parsed, *source):
        return None
    first, last = parsed.subtree(objects[0])
    if last - first < 1 or parsed.tokens[first].start < verb.end and first < verb.i:
        return None
    return source, (parsed.tokens[first].start, parsed.tokens[last - 1].end)
