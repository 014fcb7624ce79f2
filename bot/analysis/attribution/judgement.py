"""The parse's judgement of what the finder's string rules found: keep it, correct its source or its reported
clause, drop it, or add what the rules could not see. The finder (finder.py) asks; the grammar (grammar.py) answers
questions about the parse; this module decides, in the finder's token spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.language import Parsed

from .content import right_content
from .cues import Cue
from .grammar import (grammatical_attribution, grammatical_source, has_verb, in_reported_clause,
                      is_bidden, is_copular_complement, is_fragment, is_obligation, is_modifier_use, is_noun_use, is_reduced_relative,
                      names_a_thing, names_only_a_thing, relative_clause_end, stance_attribution,
                      takes_no_statement)
from .kinds import classify_source, is_document
from .lexicon import lexicon
from .light_verbs import light_verb_spans
from .noun_clauses import noun_clause
from .segmentation import Token
from .sources import left_source

NEXT_PARAGRAPH = (1, 1)  # the finder's content span meaning "the paragraph after this one"
PREVIOUS_QUOTE = (0, 0)  # the finder's content span meaning "the quoted sentence before this one"
_LEAD_INS = {"ADP", "ADV", "SCONJ", "ADJ", "CCONJ"}  # "In 2008", "In particular", "Accurate or not", "And yet"
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_SETTINGS = {"from", "at", "by", "during", "outside", "inside", "before", "after"}  # where, when, how
_EMPTY_SUBJECTS = {"it", "there", "this", "that", "what"}
_RELATIVES = {"who", "whom", "whose", "which", "that"}
_REFLEXIVES = {"himself", "herself", "themselves", "itself", "myself", "ourselves", "yourself"}


@dataclass
class Found:
    """One attribution as token spans of its sentence, before it is resolved and typed."""

    source: tuple[int, int] | None  # token span
    content: tuple[int, int]  # token span (empty when the content is the sentence before: see `chars`)
    cue: Cue
    left: bool  # content before the cue
    chars: tuple[int, int] | None = None  # character span of content outside this sentence


def opens_quote(toks: list[Token], k: int) -> bool:
    """An opening quotation mark at toks[k], curly, straight or doubled apostrophes (`''`)."""
    return toks[k].text in ("“", '"') or (toks[k].text == "'" and k + 1 < len(toks) and toks[k + 1].quoted)


def clausal(toks: list[Token], parsed: Parsed, found: list[Found]) -> list[Found]:
    """Verbs the lexicon does not list that the grammar shows reporting a that-clause ("Opinion polls see ...",
    "observers noted that ..."): a noun-phrase subject and a clausal complement introduced by "that"."""
    if not toks:
        return []
    taken = {k for f in found for k in range(f.cue.start, f.cue.end)}  # "seemed to suggest": one cue
    extra = []
    for verb in parsed.tokens_in(toks[0].start, toks[-1].end):
        stance = verb.pos == "VERB" and _stance_lemma(verb.lemma)
        if verb.pos != "VERB" or not (stance or any(_that_clause(parsed, c) for c in parsed.children(verb.i))):
            continue
        k = next((i for i, t in enumerate(toks) if t.start == verb.start), None)
        if k is None or k in taken or toks[k].quoted or any(f.content[0] <= k < f.content[1] for f in found):
            continue  # (inside a quote, it is the speaker's telling: their statement carries it)
        spans = grammatical_attribution(parsed, verb.start, verb.end) or (
            stance_attribution(parsed, verb) if stance else None)
        if spans is None:
            continue
        source, content = (token_range(toks, *span) for span in spans)
        if source is not None and content is not None:
            extra.append(Found(source, content, Cue(k, k, k + 1, "verb", verb.lemma), content[0] < k))
    return extra + _light_verbs(toks, parsed, found + extra)


def _light_verbs(toks: list[Token], parsed: Parsed, found: list[Found]) -> list[Found]:
    """"made the case for X", "took issue with X": a plain verb and a reporting noun, neither a cue alone."""
    taken = {k for f in found for k in range(f.cue.start, f.cue.end)}
    extra = []
    for source_span, cue_span, content_span in light_verb_spans(parsed, toks[0].start, toks[-1].end):
        source, cue, content = (token_range(toks, *span) for span in (source_span, cue_span, content_span))
        if source is None or cue is None or content is None or taken & set(range(*cue)) or toks[cue[0]].quoted \
                or any(f.content[0] <= cue[0] < f.content[1] for f in found):
            continue
        extra.append(Found(source, content, Cue(cue[0], cue[0], cue[1], "verb", toks[cue[0]].lower), False))
    return extra


def _stance_lemma(lemma: str) -> bool:
    """A lexicon verb of stance or intent whose forms the string rules leave out as too often nouns ("support",
    "plans"): where the parse shows it a verb ("she is supporting Smith"), it reports a stance."""
    lex = lexicon()
    return (bool(lex.frames.get(lemma, frozenset()) & {"stance"}) or lemma in lex.raw["verbs_on_the_parse"]) \
        and lemma not in lex.raw["needs_a_clause"]


def _that_clause(parsed: Parsed, i: int) -> bool:
    token = parsed.tokens[i]
    return token.dep == "ccomp" and any(parsed.tokens[c].dep == "mark" and parsed.tokens[c].lower == "that"
                                        for c in parsed.children(i))


def judged(toks: list[Token], cue: Cue, found: Found | None, parsed: Parsed) -> Found | None:
    """The grammar's reading where the string rules found nothing, or took as the source a phrase that is not
    the cue's subject ("..., said they had no problem": "they" is the reported clause's subject)."""
    if cue.kind == "colon" and found is not None and found.chars is None and not has_verb(
            parsed, toks[found.content[0]].start, toks[found.content[1] - 1].end):
        return None  # "Analysis: Jon Sopel, BBC News, Washington": a byline, not a statement
    if cue.kind == "verb" and is_reduced_relative(parsed, toks[cue.head].start):
        return None  # "intelligence reports seen by Reuters suggest ...": "seen" describes the reports
    if cue.kind == "verb" and is_copular_complement(parsed, toks[cue.head].start):
        return None  # "Climate change is to blame too": no one blames anything
    if cue.kind == "verb" and (is_obligation(parsed, toks[cue.head].start) or is_bidden(parsed, toks[cue.head].start)):
        return None  # "EU countries must identify products", "allowed Epstein to plead": no statement made
    if cue.kind == "verb" and is_noun_use(parsed, toks[cue.head].start):
        return None  # "Waiting lists for hip operations": "lists" is the subject, not a reporting verb
    if cue.kind == "verb" and is_modifier_use(parsed, toks[cue.head].start):
        return None  # "demanding answers about ... alleged secret Chinese police stations"
    if cue.kind == "verb" and names_a_thing(parsed, toks[cue.start].start, toks[cue.end - 1].end):
        return None  # "what Nemo calls Zerofiber insulation"
    if found is not None and found.chars is None and not found.left \
            and not opens_quote(toks, found.content[0]) and takes_no_statement(parsed, toks[cue.start].start,
                                                                                toks[cue.end - 1].end):
        return None  # "Haniyeh, who ruled in exile from Qatar": a relative clause that reports nothing
    if found is not None and cue.lemma in lexicon().raw["needs_a_clause"] and not found.left \
            and names_only_a_thing(parsed, toks[cue.start].start, toks[cue.end - 1].end):
        return None  # "got to know the hoodlums": an acquaintance, not knowledge of a statement
    if found is not None and _only_the_listener(toks, cue, found, parsed):
        return Found(found.source, PREVIOUS_QUOTE, cue, True)  # "“...?” Todd asked the mogul.": the quote
    if found is not None and _where_not_what(toks, cue, found, parsed):
        return None  # "spoke to reporters Thursday", "spoke at the forum": no statement
    if found is not None and _other_sense(toks, cue, found):
        return None  # "struggled to contend with 10 million users", "sports are found on cable channels"
    if found is not None and found.source is None and cue.kind == "verb" and cue.end < len(toks) \
            and toks[cue.end].lower == "by":
        return _asked_by(toks, cue, found, parsed) or found
    if found is not None and found.source is None and cue.lemma in lexicon().raising:
        return _raised(toks, cue, found, parsed)
    if found is not None and not found.left and found.chars is None:
        found = _within_relative_clause(toks, cue, found, parsed)
    clause = noun_clause(parsed, toks[cue.head].start) if found is not None and cue.kind == "noun" else None
    if clause is not None and token_range(toks, *clause) is not None:  # "Hale's claim that the bridge is safe"
        found = Found(found.source, token_range(toks, *clause), cue, False)  # type: ignore[union-attr,arg-type]
    if found is not None and _lead_in_only(toks, cue, found, parsed):
        right = right_content(toks, Cue(cue.start, cue.head, cue.end + 1, cue.kind, cue.lemma), lexicon())
        return Found(found.source, right, cue, False) if right is not None else None  # "In 2008, he said, ..."
    if found is not None and _lead_in_before_colon(toks, cue, found, parsed):
        return Found(found.source, NEXT_PARAGRAPH, cue, False)
    grammar = _from_parse(toks, cue, parsed)
    if grammar is not None and found is None and _other_sense(toks, cue, grammar):
        return None  # "tensions continued to run hot": the grammar's reading of a verb in its other sense
    if grammar is None:
        distant = _distant_subject(toks, cue, parsed) if found is None else None
        if distant is not None and _other_sense(toks, cue, distant):
            distant = None
        return _relative_elsewhere(toks, cue, found, parsed) or _whole_subject(toks, cue, found, parsed) or found \
            or distant
    if found is None or found.source is None or found.chars is not None:
        return found or grammar
    (start, end), (g_start, g_end) = found.source, grammar.source  # type: ignore[misc]
    if not (start < g_end and g_start < end) and g_end <= start and toks[g_end].lower in _RELATIVES:
        found = Found(grammar.source, found.content, cue, found.left)  # "A spokesperson who did not wish to be
    elif not (start < g_end and g_start < end):  # named because of agency policy said": not "agency policy"
        shared = cue.participle or cue.start > 0 and toks[cue.start - 1].lower in ("and", "but")
        if shared and in_reported_clause(parsed, toks[g_start].start, toks[g_end - 1].end):
            return found  # "X said Clinton will have to choose, saying ..." / "... and said ...": X says it
        return found if end == cue.start or _with_aside(toks, start, end, cue.start) else grammar  # "..., Medrano
        # told": a subject right before its verb, or its relative clause between ("..., the source, who said he
        # had spoken to people inside, told Reuters", where the parse took a name in the statement instead)
    if g_start < start and g_end == end and _in_a_modifier(toks, found.source, grammar.source, parsed):
        found = Found(grammar.source, found.content, cue, found.left)  # "Lawmakers on the House Select Committee
    elif g_start > start and g_end == end and _foreign_lead(toks, found.source, grammar.source, parsed):  # ..."
        found = Found(grammar.source, found.content, cue, found.left)  # "after legal consultation Washington had
    elif g_start < start < g_end < end and end <= cue.start:  # concluded": the subject is Washington
        found = Found(grammar.source, found.content, cue, found.left)  # "Zimbabwean intelligence reports seen by
    c_start, c_end = found.content  # Reuters suggest": the reports, not "reports seen by Reuters"
    g_c_start, g_c_end = grammar.content
    if not found.left and c_start < g_c_start < c_end and toks[g_c_start - 1].lower == "that":
        return Found(found.source, (g_c_start, c_end), cue, False)  # "told CBC's reporter that ...": the clause
    if found.left != grammar.left and not opens_quote(toks, c_start):
        return Found(found.source, grammar.content, cue, grammar.left)  # "X said Sunday, marking ...": the
    return found  # reported clause is on the other side


def _distant_subject(toks: list[Token], cue: Cue, parsed: Parsed) -> Found | None:
    """Where the string rules found no subject next to a main-clause verb ("he used the speech to try to refute
    ...", "The State Department less than two weeks ago said ..."): the subject the parse gives the verb, or the
    verb it is chained to, and what the verb takes after it. A verb in another's clause or a relative clause
    is left alone (its subject is too often someone else's), and so are stance verbs, which clausal() reads."""
    lex = lexicon()
    if cue.kind != "verb" or cue.passive or cue.participle or cue.lemma in lex.raising or _stance_lemma(cue.lemma):
        return None
    verb = parsed.token_at(toks[cue.head].start)
    for _ in range(4):
        if verb is None or verb.dep not in ("xcomp", "conj") or verb.head == verb.i:
            break
        verb = parsed.tokens[verb.head]
    if verb is None or verb.dep != "ROOT":
        return None
    span = grammatical_source(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    source = token_range(toks, *span) if span is not None and not is_fragment(parsed, *span) else None
    if source is None or source[1] > cue.start or any(t.quoted for t in toks[source[0]:cue.end]) \
            or left_source(toks, cue, lex) is not None:
        return None  # (a subject next to the verb the string rules judged already)
    following = toks[cue.end].lower if cue.end < len(toks) else ""
    phrase = " ".join(t.text for t in toks[source[0]:source[1]])
    if cue.lemma in lex.data_only and (following in lex.raw["not_data_particles"] or following in _REFLEXIVES
                                       or not is_document(phrase) and classify_source(phrase) == "person"):
        return None  # "showed up", "found himself in Dingess", "Toyota showed a plug-in version"
    right = right_content(toks, cue, lex)
    return Found(source, right, cue, False) if right is not None else None


def _whole_subject(toks: list[Token], cue: Cue, found: Found | None, parsed: Parsed) -> Found | None:
    """As in judged, where the grammar sees no reported clause ("... requested more information"): the cue's
    subject, when the string rules took only the end of a preposition's phrase inside it."""
    if found is None or found.source is None or found.chars is not None:
        return None
    span = grammatical_source(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    subject = token_range(toks, *span) if span is not None and not is_fragment(parsed, *span) else None
    if subject is None or not subject[0] < found.source[0] or subject[1] != found.source[1] \
            or not _in_a_modifier(toks, found.source, subject, parsed):
        return None
    return Found(subject, found.content, cue, found.left)


def _in_a_modifier(toks: list[Token], source: tuple[int, int], subject: tuple[int, int], parsed: Parsed) -> bool:
    """The string rules' source is the end of a preposition's phrase inside the cue's subject ("the Chinese
    Communist Party" in "Lawmakers on the Committee on ... Between the United States and the Chinese Communist
    Party requested"): the subject's head, not the last noun before the cue, is the one who speaks."""
    token = parsed.token_at(toks[source[1] - 1].start)
    low, high = toks[subject[0]].start, toks[subject[1] - 1].end
    for _ in range(12):
        if token is None or token.head == token.i or not low <= parsed.tokens[token.head].start < high:
            return False
        if token.dep in ("pobj", "prep"):
            return True
        token = parsed.tokens[token.head]
    return False


def _foreign_lead(toks: list[Token], source: tuple[int, int], subject: tuple[int, int], parsed: Parsed) -> bool:
    """Words the string rules put before the cue's subject that belong to another phrase (a preposition's object:
    "legal consultation" in "after legal consultation Washington had concluded"), not to the subject itself."""
    head = parsed.token_at(toks[subject[1] - 1].start)
    while head is not None and head.head != head.i and toks[subject[0]].start <= parsed.tokens[head.head].start \
            < toks[subject[1] - 1].end:
        head = parsed.tokens[head.head]
    if head is None:
        return False
    first, _ = parsed.subtree(head.i)
    lead = [parsed.token_at(t.start) for t in toks[source[0]:subject[0]] if t.is_word]
    return bool(lead) and all(t is not None and t.i < first for t in lead)


def _within_relative_clause(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> Found | None:
    """A relative clause's statement ends with the clause ("who called these stories dull, wants ...")."""
    end = relative_clause_end(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    if end is None or toks[found.content[1] - 1].end <= end or opens_quote(toks, found.content[0]):
        return found
    last = max((k for k in range(found.content[0], found.content[1]) if toks[k].end <= end), default=None)
    if last is None or sum(1 for t in toks[found.content[0]:last + 1] if t.is_word) < 2:
        return None
    return Found(found.source, (found.content[0], last + 1), cue, False)


def _relative_elsewhere(toks: list[Token], cue: Cue, found: Found | None, parsed: Parsed) -> Found | None:
    """"Clinton, who announced a plan on Monday, plans to focus on jobs": the string rules took the relative
    pronoun of a clause before the cue; the cue's own subject is the phrase the clause hangs on."""
    if found is None or found.source is None or found.chars is not None or found.source[1] - found.source[0] != 1 \
            or toks[found.source[0]].lower not in ("who", "which", "that"):
        return None
    pronoun, verb = parsed.token_at(toks[found.source[0]].start), parsed.token_at(toks[cue.head].start)
    if pronoun is None or verb is None or pronoun.head == verb.i:
        return None
    span = grammatical_source(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    source = token_range(toks, *span) if span is not None and not is_fragment(parsed, *span) else None
    if source is None or source[0] <= found.source[0] < source[1] or source[1] > cue.start:
        return None
    return Found(source, found.content, cue, found.left)


def _asked_by(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> Found | None:
    """"When asked by a reporter whether ...": the passive's agent put the question, and the question runs
    from after the agent to the clause's comma."""
    span = grammatical_source(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    source = token_range(toks, *span) if span is not None and not is_fragment(parsed, *span) else None
    if source is None or source[0] != cue.end + 1 or not found.content[0] <= source[1] < found.content[1]:
        return None
    return Found(source, (source[1], found.content[1]), cue, False)


def _raised(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> Found:
    """"Rubio seemed to urge ...", "Rubio seemed hopeful that ...": a raising verb before a reporting verb or a
    stance names its subject as the one who urged or hoped; "the economy appears to be slowing" names nobody."""
    lex = lexicon()
    verb = parsed.token_at(toks[cue.end - 1].start)
    after = toks[cue.end].lower if cue.end < len(toks) else ""
    stance = after in lex.stance_adjectives and cue.end + 1 < len(toks) and toks[cue.end + 1].lower in ("that", "to")
    if not stance and (verb is None or verb.lemma == cue.lemma or verb.lemma not in lex.frames):
        return found
    span = grammatical_source(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    source = token_range(toks, *span) if span is not None and not is_fragment(parsed, *span) else None
    if source is None or source[1] > cue.start or toks[source[0]].lower in _EMPTY_SUBJECTS:
        return found
    end = cue.end + 1 if stance else cue.end
    right = right_content(toks, Cue(cue.start, cue.head, end, cue.kind, cue.lemma), lex)
    return Found(source, right, Cue(cue.start, cue.head, end, cue.kind, cue.lemma), False) if right else found


def _only_the_listener(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> bool:
    """A sentence that is only "Todd asked the mogul." (after a quote the sentence splitter closed at "?”"): what
    follows "told"/"asked" is the person spoken to, and what was said is the quote before."""
    if cue.kind != "verb" or found.left or found.chars is not None or found.source is None \
            or "tell" not in lexicon().frames.get(cue.lemma, ()) or any(t.is_word for t in toks[:found.source[0]]):
        return False
    inside = parsed.tokens_in(toks[found.content[0]].start, toks[found.content[1] - 1].end)
    return not any(t.pos in ("VERB", "AUX", "ADP") for t in inside) \
        and not any(t.quoted for t in toks[found.content[0]:found.content[1]])  # ("asked him about X": a topic)


def _where_not_what(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> bool:
    """A cue followed by a preposition of its own and nothing said ("spoke to reporters Thursday", "reported
    from Washington", "responded by pointing a finger"): where, to whom or how, not what. A verb that reports
    speech only with its particle ("spoke about") drops it whatever follows the preposition."""
    lex = lexicon()
    if cue.kind != "verb" or cue.end != cue.head + 1 or found.left or found.chars is not None \
            or found.content[0] >= len(toks) or opens_quote(toks, found.content[0]):
        return False
    first = parsed.token_at(toks[found.content[0]].start)
    if first is None or first.pos not in ("ADP", "ADV"):
        return False
    if cue.lemma in lex.raw["needs_particle"]:
        return True
    verb = parsed.token_at(toks[cue.head].start)
    if verb is None or first.head != verb.i or first.dep != "prep" or first.lower not in _SETTINGS:
        return False
    inside = parsed.tokens_in(toks[found.content[0]].start, toks[found.content[1] - 1].end)
    return not any(t.tag in _FINITE or t.text in ("“", '"') for t in inside)


def _other_sense(toks: list[Token], cue: Cue, found: Found) -> bool:
    prepositions = lexicon().raw["other_sense_before"].get(cue.lemma, ())
    if cue.kind != "verb" or found.left or found.chars is not None or cue.end >= len(toks):
        return False
    content = toks[found.content[0]:found.content[1]]  # but "found in a survey that most voters ..." reports
    return toks[cue.end].lower in prepositions and not any(t.lower == "that" for t in content)


def _lead_in_only(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> bool:
    """"In 2008, Trump said, the donation had ...": what stands before the interrupting cue is a time or a
    manner phrase with no verb of its own, and the statement is the clause after the cue's comma."""
    if not found.left or found.chars is not None or cue.kind != "verb" or cue.end + 1 >= len(toks) \
            or toks[cue.end].text != "," or toks[cue.end + 1].quoted:
        return False
    before = parsed.tokens_in(toks[found.content[0]].start, toks[found.content[1] - 1].end)
    after = parsed.tokens_in(toks[cue.end + 1].start, toks[-1].end)
    return bool(before) and before[0].pos in _LEAD_INS and not any(t.tag in _FINITE for t in before) \
        and any(t.pos in ("VERB", "AUX") for t in after)


def _lead_in_before_colon(toks: list[Token], cue: Cue, found: Found, parsed: Parsed) -> bool:
    """"In a speech last July, he said:" and the statement is the next paragraph, not the time phrase."""
    if not found.left or found.chars is not None or cue.kind != "verb" or cue.end >= len(toks) \
            or toks[cue.end].text != ":" or any(t.is_word for t in toks[cue.end:]):
        return False
    before = parsed.tokens_in(toks[found.content[0]].start, toks[found.content[1] - 1].end)
    return bool(before) and before[0].pos in _LEAD_INS and not any(t.tag in _FINITE for t in before)


def _from_parse(toks: list[Token], cue: Cue, parsed: Parsed) -> Found | None:
    """The cue's grammatical subject and its reported clause, where the string rules could not find them
    ("numerous veterans interviewed at rallies, including Mr. Jebens, said they had no problem")."""
    spans = grammatical_attribution(parsed, toks[cue.start].start, toks[cue.end - 1].end)
    if spans is None:
        return None
    source, content = (token_range(toks, *span) for span in spans)
    if source is None or content is None:
        return None
    return Found(source, content, cue, content[0] < cue.start)


def token_range(toks: list[Token], start: int, end: int) -> tuple[int, int] | None:
    inside = [k for k, t in enumerate(toks) if start <= t.start and t.end <= end]
    return (inside[0], inside[-1] + 1) if inside else None


def _with_aside(toks: list[Token], start: int, end: int, cue_start: int) -> bool:
    """"the source, who said he had spoken to people inside, told": the phrase and its relative clause, set off by
    commas, run up to the cue."""
    inside = [t.lower for t in toks[start:end]]
    return end == cue_start - 1 and toks[end].lower == "," and "," in inside \
        and inside[inside.index(",") + 1:inside.index(",") + 2] in (["who"], ["which"]) \
        and not any(t.lower in ("“", "”", '"') for t in toks[start:cue_start])
