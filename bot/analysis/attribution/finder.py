"""Put the parts together: for every cue in every sentence, its source (as written and resolved) and content.

The order is the sub-editor's: find the cue (cues.py), the source on one side of it (sources.py), the
statement on the other (content.py), then who the source phrase names (source_names.py, pronouns.py) and the
kind of source (kinds.py).
"""

from __future__ import annotations

from bot.analysis.models import Attribution
from bot.analysis.sentences import DATELINE
from bot.language import Parsed

from .content import extend_over_quote, left_content, right_content
from .credit_lines import credit_lines
from .cues import Cue, find_cues
from .embedded_posts import embedded_posts
from .kinds import classify_source, is_document
from .lexicon import Lexicon, lexicon
from .names import body_names
from .source_repair import named_before_descriptions, repaired_source
from .grammar import (after_leading_time, is_adverbial, participle_subject, relative_antecedent, subject_at,
                      without_time)
from .judgement import Found as _Found
from .judgement import NEXT_PARAGRAPH, PREVIOUS_QUOTE, clausal, judged, opens_quote as _opens_quote, token_range
from .passives import passive, reduced_passive
from .pronouns import Resolver
from .publisher_credits import split_publisher_credits
from .quote_runs import WRITTEN, all_quoted, continued_quote, next_paragraph, previous_quote
from .segmentation import QuoteMap, Span, Token, paragraphs, sentences, tokens, word_count
from .source_names import (after_opening_participle, is_a_phrase, last_name, name_of, names_a_speaker, resolve,
                           subject_after)
from .sources import left_source, right_source, sentence_subject

MAX_SENTENCE_TOKENS = 400  # a longer "sentence" is a list or a broken page: look at its start only
_CLOSING = {"”", '"', "'"}
_NEGATIONS = {"not", "never", "n't", "hasn't", "hasn’t", "haven't", "haven’t", "didn't", "didn’t", "hadn't", "hadn’t"}
_DOCUMENT_SUBJECT_REACH = 16  # tokens looked back for the poll or record a data verb speaks for
_QUESTION_LEADS = {"when", "if", "after", "before", "while", "once", "as", "until"}
_BEFORE = PREVIOUS_QUOTE  # content span meaning "the quoted sentence before this one"
_AFTER = NEXT_PARAGRAPH  # content span meaning "the paragraph after this one" (a cue ending in a colon)


def find_attributions(text: str, parsed: Parsed | None = None, host: str | None = None) -> list[Attribution]:
    """Every attributed statement in text, with offsets of its content, written source and cue.

    Agentless ones ("it was reported that") have an empty source; a pronoun the text does not resolve
    ("I", or "he" before any name) is left out, since nobody could check such a source. With the article's
    parse, a source the string rules took wrongly (a clause, a number, a fragment) is replaced by the cue's
    grammatical subject, or the attribution dropped when the grammar names nobody.
    """
    lex = lexicon()
    quotes = QuoteMap(text)
    resolver = Resolver(author=lex.raw["first_person_source"], bodies=body_names(parsed))
    results: list[Attribution] = []
    last_open: tuple[Attribution, int] | None = None  # an attribution whose quote the paragraph left open
    last_said: tuple[Attribution, int] | None = None  # the paragraph's last attribution, whoever it quotes
    whole = False  # the next paragraph is one quotation, with no one named: the last speaker's
    previous: Span | None = None
    paras = paragraphs(text)
    all_sentences = sentences(text)
    for index, sentence in enumerate(all_sentences):
        toks = tokens(sentence, quotes)[:MAX_SENTENCE_TOKENS]
        para_start, para_end = paras[sentence.paragraph].start, paras[sentence.paragraph].end
        found_here: list[_Found] = []
        for cue in find_cues(toks, lex):
            if _refused(toks, cue, lex):
                continue  # "has not responded to a request for comment": nobody said anything
            found = _attribute(toks, cue, lex, found_here)
            if parsed is not None and sentence.end <= parsed.parsed_chars:
                found = judged(toks, cue, found, parsed)
            if found is not None and found.content == _BEFORE:
                found = previous_quote(found, previous, para_start)
            elif found is not None and found.content == _AFTER:
                following = all_sentences[index + 1] if index + 1 < len(all_sentences) else None
                found = next_paragraph(text, found, following, quotes, paras)
            if found is None or any(f.content == found.content and f.source == found.source for f in found_here):
                continue
            found_here.append(found)
        if parsed is not None and sentence.end <= parsed.parsed_chars:
            found_here.extend(clausal(toks, parsed, found_here))
        found_here = [_before_outer_cue(toks, f, found_here) for f in found_here]
        alone = [f for f in found_here if f.cue.kind != "survey"] or found_here  # a poll only where nobody speaks
        for found in _outermost(alone):
            attribution = _to_attribution(text, toks, found, lex, resolver, quotes, para_start, para_end, parsed)
            if attribution is not None:
                results.append(attribution)
        if not found_here:
            taken = any(a.start <= sentence.start < a.end for a in results[-3:])  # "Ana Ruiz said:" took it
            continued = continued_quote(text, sentence, last_open) or continued_quote(
                text, sentence, last_said if whole and not taken else None)
            if continued is not None:
                results.append(continued)
        previous = sentence
        if sentence.end >= para_end - 1:  # the paragraph's last sentence: does it leave a quote open?
            paragraph = text[para_start:para_end]
            mine = bool(results) and results[-1].start >= para_start
            last_open = (results[-1], sentence.paragraph) if mine and paragraph.count("“") > paragraph.count("”") else None
            speakers = [a for a in results if a.start >= para_start and a.source and a.source_type not in WRITTEN]
            last_said = (speakers[-1], sentence.paragraph) if speakers else None  # the speaker, not the transcript
            following = paras[sentence.paragraph + 1] if sentence.paragraph + 1 < len(paras) else None
            whole = following is not None and all_quoted(text[following.start:following.end])
    for post in embedded_posts(text, paras) + credit_lines(text, paras):  # in article order, among the others
        at = next((i for i, a in enumerate(results) if a.start > post.start), len(results))
        results.insert(at, post)
    return split_publisher_credits(results, parsed, host)


def _before_outer_cue(toks: list[Token], inner: _Found, found: list[_Found]) -> _Found:
    """"Moore denied being in a relationship with Cotham, according to The Assembly.": the denial ends where the
    cue that reports it begins (the outer statement, before its cue, holds the inner one's cue)."""
    if inner.left or inner.chars is not None or inner.content in (_BEFORE, _AFTER):
        return inner
    for outer in found:
        if outer is inner or not outer.left or outer.chars is not None or \
                not outer.content[0] <= inner.cue.start < outer.content[1] <= inner.content[1]:
            continue
        end = min(outer.cue.start, outer.source[0] if outer.source else outer.cue.start)
        while end > inner.content[0] and not toks[end - 1].is_word and toks[end - 1].text not in _CLOSING:
            end -= 1
        if word_count(toks, inner.content[0], end) >= 2:
            return _Found(inner.source, (inner.content[0], end), inner.cue, inner.left)
    return inner


def _refused(toks: list[Token], cue: Cue, lex: Lexicon) -> bool:
    """"has not responded", "wouldn't confirm", "has not claimed responsibility": a negated cue of those that
    then say nothing."""
    objects = lex.raw["not_when_negated_before"].get(cue.lemma, ())
    refusing = cue.lemma in lex.raw["not_when_negated"] or cue.end < len(toks) and toks[cue.end].lower in objects
    return refusing and any(t.lower in _NEGATIONS or t.lower.endswith(("n't", "n’t"))
                            for t in toks[cue.start:cue.head])


def _outermost(found: list[_Found]) -> list[_Found]:
    """A cue inside another's statement ("Smith said she wants to run") is part of what is said: one attribution,
    the outer one, as annotators and the ledger count it (each word has one role)."""
    def within(inner: _Found, outer: _Found) -> bool:
        return outer is not inner and outer.chars is None and outer.cue.kind != "hearsay" \
            and outer.content[0] <= inner.cue.head < outer.content[1]  # "reportedly" spans its whole sentence
    lex = lexicon()
    def says(f): return "speech" in lex.frames.get(f.cue.lemma, ()) or "tell" in lex.frames.get(f.cue.lemma, ())
    return [f for f in found if not any(within(f, g) and not within(g, f) and not says(f) for g in found)]


def _attribute(toks: list[Token], cue: Cue, lex: Lexicon, earlier: list[_Found]) -> _Found | None:
    if cue.kind == "colon":
        return _Found((0, cue.head), (cue.end, len(toks)), cue, False)
    if cue.kind == "hearsay":
        return _Found(None, (0, len(toks)), cue, False) if word_count(toks, 0, len(toks)) >= 4 else None
    if cue.kind == "survey":
        return _survey(toks, cue)
    if cue.kind == "according":
        source = right_source(toks, cue, lex)
        if source is None:
            return None
        content = left_content(toks, cue.start) if word_count(toks, 0, cue.start) >= 3 else None
        if content is not None:
            return _Found(source, content, cue, True)
        after = source[1]
        comma = next((k for k in range(after, min(after + 10, len(toks))) if toks[k].text == ","), None)
        if after < len(toks) and toks[after].text not in (",", ":") and comma is not None:
            source, after = (source[0], comma), comma  # a long source the scan cut short ("... through the
            # Access to Information Act, the department was ..."): the statement starts after its comma
        while after < len(toks) and toks[after].text in (",", ":"):
            after += 1
        return _Found(source, (after, len(toks)), cue, False) if word_count(toks, after, len(toks)) >= 2 else None
    if cue.kind == "noun":
        content = right_content(toks, cue, lex)
        return _Found((cue.head - 1, cue.head), content, cue, False) if content else None
    if cue.participle:
        source = earlier[-1].source if earlier else sentence_subject(toks, lex, cue.start)
        if source is None:
            return _leading_participle(toks, cue, lex)
        content = right_content(toks, cue, lex)
        return _Found(source, content, cue, False) if source and content else None
    if toks[cue.head].lower == "asked" and (cue.head == 0 or toks[cue.head - 1].lower in _QUESTION_LEADS):
        # "Asked whether ..., Smith said" / "When asked about ...,": the question, put by nobody named
        comma = next((k for k in range(cue.end, len(toks)) if toks[k].text == "," and not toks[k].quoted), len(toks))
        return _Found(None, (cue.end, comma), cue, False) if comma > cue.end + 1 else None
    if cue.passive or cue.lemma in lex.raising:
        return passive(toks, cue, lex)
    if cue.end < len(toks) and toks[cue.end].lower == "by" and cue.start > 0 and toks[cue.start - 1].lower == "and":
        return reduced_passive(toks, cue, lex)  # "an appearance arranged by X and criticized by Y for ...": Y's
    if cue.start > 0 and toks[cue.start - 1].lower in ("and", "but") and not toks[cue.start - 1].quoted:
        source = earlier[-1].source if earlier else sentence_subject(toks, lex, cue.start - 1)
        content = right_content(toks, cue, lex)
        return _Found(source, content, cue, False) if source and content else None
    return _subject_verb(toks, cue, lex)


def _survey(toks: list[Token], cue: Cue) -> _Found | None:
    """`In a poll released Monday, 50 percent chose X` / `X leads in the polls`: the poll speaks for the clause."""
    if cue.start == 0 or not any(t.is_word for t in toks[:cue.start]):
        comma = next(k for k in range(cue.end, len(toks)) if toks[k].text == ",")
        if word_count(toks, comma, len(toks)) < 3:
            return None
        return _Found((cue.end, comma), (comma + 1, len(toks)), cue, False)
    end = next((k for k in range(cue.end, len(toks)) if not toks[k].is_word), len(toks))
    return _Found((cue.end, end), (0, cue.start), cue, True) if word_count(toks, 0, cue.start) >= 3 else None


def _leading_participle(toks: list[Token], cue: Cue, lex: Lexicon) -> _Found | None:
    """`While saying that ..., he continued`: the participle's clause runs to its comma; the main clause's
    subject, right after that comma, is the speaker."""
    comma = next((k for k in range(cue.end, len(toks)) if toks[k].text == "," and not toks[k].quoted), None)
    if comma is None or comma + 1 >= len(toks):
        return None
    subject = sentence_subject(toks[comma + 1:], lex, len(toks) - comma - 1)
    content = right_content(toks, cue, lex, stop=comma)
    if subject is None or content is None:
        return None
    return _Found((subject[0] + comma + 1, subject[1] + comma + 1), content, cue, False)


def _subject_verb(toks: list[Token], cue: Cue, lex: Lexicon) -> _Found | None:
    """The common case, a subject and its reporting verb: the statement after the verb, or before the subject."""
    source = left_source(toks, cue, lex)
    if cue.lemma in lex.frames and "data" in lex.frames[cue.lemma]:
        source = _document_subject(toks, cue, lex) or source  # "the polling done before Tuesday showed"
    if source is None:
        return _inverted(toks, cue, lex)
    if cue.lemma in lex.data_only and not _data_like(toks, source, cue):
        return None
    right = right_content(toks, cue, lex, stop=_participle_stop(toks, cue, lex))
    before = source[0] - 1
    if before >= 2 and toks[before].lower == "as" and toks[before - 1].text == ",":
        before -= 1  # "..., as The Times reported on Tuesday": the statement is the clause before "as"
    left_ok = before >= 1 and (toks[before].text in (",", "—", "–") or toks[before].text in _CLOSING) \
        and (word_count(toks, 0, before) >= 2 or toks[0].quoted)
    if left_ok and cue.end < len(toks) and toks[cue.end].text == "," and not _explicit_after(toks, cue):
        content = left_content(toks, before)  # "X, Sanders said, a policy that ...": X is the statement
        if content is not None:
            return _Found(source, content, cue, True)
    explicit = right is not None and ((right[0] > cue.end and toks[right[0] - 1].lower in ("that", ":"))
                                      or toks[right[0]].text in ("“", '"'))
    first_word = next((t for t in toks if t.is_word), None)
    trailing_quote = (toks[before].text in _CLOSING or toks[before - 1].text in _CLOSING) and first_word is not None \
        and first_word.quoted if left_ok else False  # a quote opening the sentence, not a title (on “The Show,”)
    opens_quote = right is not None and _opens_quote(toks, right[0])
    if left_ok and not opens_quote and (right is None or word_count(toks, *right) < 3
                                        or (trailing_quote and not explicit)):
        content = left_content(toks, before + 1)
        if content is not None:
            return _Found(source, content, cue, True)
    if right is not None:
        return _Found(source, right, cue, False)
    if toks[-1].text == ":" and all(not t.is_word for t in toks[cue.end:]):
        return _Found(source, _AFTER, cue, False)  # "Smith said:" and the quote is the next paragraph
    if source[0] == 0 or not any(t.is_word for t in toks[:source[0]]):
        return _Found(source, _BEFORE, cue, True)  # "Biden said." after a quote ending in "?”": the quote before
    return None


def _inverted(toks: list[Token], cue: Cue, lex: Lexicon) -> _Found | None:
    """`“...,” said Smith.` / `The talks collapsed, said a spokesman.`"""
    if cue.start > 0 and toks[cue.start - 1].text not in (",", "—", "–") and toks[cue.start - 1].text not in _CLOSING:
        return None
    if cue.start != cue.head or toks[cue.head].lower == cue.lemma or "speech" not in lex.frames.get(cue.lemma, ()) \
            or cue.lemma in lex.raw["never_inverted"]:
        return None  # only a bare "said"/"says"/"added" inverts; "told POLITICO", "say taxing ...", "retweeted
        # an article by Vulture" take objects
    source = right_source(toks, cue, lex)
    if source is not None and cue.start == 0:  # "Said Jane Roe, a neighbour, “We were proud.”"
        after = next((k for k in range(source[1], len(toks)) if toks[k].text in ("“", '"', ":")), None)
        if after is None or word_count(toks, after, len(toks)) < 2:
            return None
        return _Found(source, (after + (toks[after].text == ":"), len(toks)), cue, False)
    content = left_content(toks, cue.start) if source else None
    return _Found(source, content, cue, True) if content else None


def _explicit_after(toks: list[Token], cue: Cue) -> bool:
    """A quote or a colon right after the cue's comma (`said, “...”`) is the statement."""
    return cue.end + 1 < len(toks) and (toks[cue.end + 1].text == ":" or _opens_quote(toks, cue.end + 1))


def _participle_stop(toks: list[Token], cue: Cue, lex: Lexicon) -> int | None:
    """`... said, adding that ...`: the first statement ends where the participle's begins."""
    for k in range(cue.end, len(toks) - 1):
        if toks[k].text == "," and toks[k + 1].lower in lex.participles and not toks[k + 1].quoted:
            return k
    return None


def _document_subject(toks: list[Token], cue: Cue, lex: Lexicon) -> tuple[int, int] | None:
    """A poll, survey, records or video as the subject of "showed"/"found", however long the phrase after it."""
    documents = lex.raw["kinds"]["document_words"]
    k = cue.start - 1
    while k >= 0 and cue.start - k <= _DOCUMENT_SUBJECT_REACH and toks[k].text not in (",", ";", ":", "(", ")") \
            and not toks[k].quoted:
        if toks[k].lower in documents or toks[k].lower in ("polling", "footage", "article", "records", "numbers"):
            start = k
            while start > 0 and (toks[start - 1].is_word and not toks[start - 1].quoted) and (
                    toks[start - 1].lower in lex.determiners or toks[start - 1].capitalised
                    or toks[start - 1].lower not in lex.boundaries and start - 1 > 0
                    and toks[start - 2].lower in lex.determiners):
                start -= 1
            while start > 1 and toks[start - 1].text in ("/", "-") and toks[start - 2].capitalised:
                start -= 2  # "A CNN/ORC poll"
            end = cue.start
            while end - 1 > k and toks[end - 1].lower in lex.time_tail and not toks[end - 1].capitalised:
                end -= 1  # "the poll last month showed": the time is not the source
            return (start, end)
        k -= 1
    return None


def _data_like(toks: list[Token], source: tuple[int, int], cue: Cue) -> bool:
    """"shows", "found", "reads" attribute for a poll, a study, figures, a sign ("the poll found"), or a that-clause;
    a person who "found himself" or "showed up" is saying nothing."""
    lex = lexicon()
    following = toks[cue.end].lower if cue.end < len(toks) else ""
    if following in lex.raw["not_data_particles"]:
        return False  # "showed up", "showed no sign"
    if source[1] - source[0] == 1 and toks[source[0]].lower in lex.pronouns:
        return toks[source[0]].lower in ("it", "which", "that")
    phrase = " ".join(t.text for t in toks[source[0]:source[1]])
    return following == "that" or is_document(phrase) or classify_source(phrase) not in ("person", "organisation")
    # ("Toyota showed a plug-in version of its SUV": a company showing a product says nothing)


def _to_attribution(text: str, toks: list[Token], found: _Found, lex: Lexicon, resolver: Resolver, quotes: QuoteMap,
                    para_start: int, para_end: int, parsed: Parsed | None = None) -> Attribution | None:
    if found.chars is not None:
        start, end = found.chars
    else:
        start, end = toks[found.content[0]].start, toks[found.content[1] - 1].end
    start, end = extend_over_quote(text, start, end, quotes, para_start, para_end, backwards=found.left)
    cue = found.cue
    cue_text = text[toks[cue.head].start:toks[cue.end - 1].end].lower()
    content = text[start:end]
    if content.lower().lstrip().startswith(tuple(lex.raw["anonymity_requests"])) or any(
            request in cue_text for request in lex.raw["anonymity_requests"]):
        return None  # "who asked not to be named": the request for anonymity, not what was said
    direct = content.lstrip().startswith(("“", '"', "‘")) or "“" in content
    common = dict(cue=cue_text, content=content, start=start, end=end, direct=direct,
                  cue_start=toks[cue.start].start, cue_end=toks[cue.end - 1].end)
    if found.source is None:
        return Attribution(source="", source_type="unattributed", source_text="", **common)
    s_start, s_end = toks[found.source[0]].start, toks[found.source[1] - 1].end
    if parsed is not None and s_end <= parsed.parsed_chars:  # a fragment repaired, or None
        span = repaired_source(parsed, cue.kind == "noun", s_start, s_end, common["cue_start"], common["cue_end"])
        source = token_range(toks, *span) or found.source if span is not None else None  # ("Trump's": Trump)
        if span is None or source is None:
            return None
        s_start, s_end = span
        found = _Found(source, found.content, found.cue, found.left, found.chars)
        named = named_before_descriptions(parsed, s_start, s_end, common["cue_start"])
        named_at = token_range(toks, *named) if named is not None else None
        if named is not None and named_at is not None:
            s_start, s_end = named
            found = _Found(named_at, found.content, found.cue, found.left, found.chars)
            said = text[start:s_start].rstrip(" ,") if found.left and start < s_start < end else None
            if said:  # what was said ends before the name: '"...," Chad Hawk, vice president of PMG, a ... told'
                common.update(content=said, end=start + len(said))
    dateline = DATELINE.match(text, toks[0].start) if toks else None
    if dateline is not None and s_start < dateline.end() and parsed is not None and s_end <= parsed.parsed_chars:
        span = subject_at(parsed, dateline.end()) or subject_after(toks, dateline.end(), cue, lex)
        if span is not None and cue.participle and is_adverbial(parsed, span[0]):
            span = participle_subject(parsed, toks[cue.head].start) or span  # "BUFFALO — Hours before ..., coach
            # Bruce Boudreau expressed ..., saying": the coach, not "Hours"
        if span is None:  # "KATHMANDU, April 25 (Reuters) - Nepal's civil aviation authority disputed ...,
            return None  # calling": the subject after the dateline, not the place
        s_start, s_end = span
    if parsed is not None and s_end <= parsed.parsed_chars:
        s_end = without_time(parsed, s_start, s_end)  # "Russia's Defense Ministry on Sunday": the ministry
        s_start = after_leading_time(parsed, s_start, s_end)  # "Last week the group": the group
    if cue.kind == "colon" and parsed is not None and s_end <= parsed.parsed_chars and not names_a_speaker(
            parsed, s_start, s_end, lex):
        return None  # "Attendance: 93,103", "Verdict: the plan ...": a label before a colon, not a speaker
    s_start = after_opening_participle(text, s_start, s_end, lex)
    written = text[s_start:s_end].rstrip(" ,")
    name = name_of(written)
    if not is_a_phrase(name, lex):
        return None  # "at", "Indeed": a preposition or adverbial the parse took for a subject
    if name.lower() in lex.raw["nobody"] or name.lower().split()[0] == "no":
        return None  # "No group claimed responsibility", "Nobody said": no one says anything
    if name.lower() in lex.raw["expletives"] or name.lower() in lex.raw["writer_told"] and cue.lemma == "tell":
        return Attribution(source="", source_type="unattributed", source_text="", **common)  # "It's expected
        # that", "We're told that": no one named
    antecedent = relative_antecedent(parsed, s_start, s_end) if parsed is not None and s_end <= parsed.parsed_chars \
        else None
    phrase = name_of(text[antecedent[0]:antecedent[1]].rstrip(" ,")) if antecedent is not None else ""
    if phrase and is_a_phrase(phrase, lex) and phrase.lower() not in lex.pronouns:
        resolved = resolve(toks, found.source, phrase, lex, resolver)
    else:
        resolved = resolve(toks, found.source, name, lex, resolver) \
            or last_name(text, s_start, name, lex, parsed)
    if resolved is None:
        return None
    source, kind = resolved
    return Attribution(source=source, source_type=kind, source_text=written, source_start=s_start,
                       source_end=s_end, **common)
