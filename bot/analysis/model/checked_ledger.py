"""Turn the model's cited answer (prompt v2) into the ledger, checking everything it says against the text.

Quotes and statements are cut from the article by sentence offsets, so they are verbatim by construction.
Sentence numbers out of range are dropped; a claim whose cited sentences do not contain its words is re-cited to
the sentence that does, or shown as unsupported; a source must be in the evidence (`source_check.py`); kinds
follow the text; the summary keeps only sentences the article supports. Each correction is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from bot.analysis.attribution import has_hedge, hedges, is_denial, lexicon
from bot.analysis.model.cited_ledger import AddedSource, CitedClaim, CitedLedger
from bot.analysis.leaks import leaks_prompt
from bot.analysis.models import Analysis, Attribution, Claim, SourceType, Status
from bot.analysis.numbering import NumberedArticle
from bot.analysis.quotes import ground_claims
from bot.analysis.model.source_check import check_kind, check_source, same_source
from bot.analysis.sourcing import assess
from bot.analysis.model.support import Evidence, has_url, links_in, supported, supported_sentences
from bot.reading.article import Article


_QUOTE_CHARS = 320
_LEAD_WORDS = 25
_PROMPTS = ("analyze", "analyze_user")


@dataclass
class _Report:
    """What the checks changed, turned into the reply's warnings."""

    version: int
    out_of_range: int = 0
    recited: int = 0
    unsupported: int = 0
    sources_fixed: list[str] = field(default_factory=list)
    sources_dropped: int = 0
    kinds_fixed: list[str] = field(default_factory=list)
    unreviewed: int = 0
    ignored: bool = False
    leaked: bool = False
    summary_dropped: int = 0
    summary_replaced: str | None = None  # why the article's opening stands in for the model's summary

    def leaks(self, text: str) -> bool:
        found = leaks_prompt(text, *_PROMPTS, version=self.version)
        self.leaked = self.leaked or found
        return found

    def warnings(self) -> list[str]:
        out = []
        if self.leaked:
            out.append("Parts of the model's answer repeated its instructions and were removed; "
                       "the article may contain a prompt-injection attempt.")
        if self.summary_replaced:
            out.append(f"{self.summary_replaced}, so the article's opening is shown instead.")
        elif self.summary_dropped:
            out.append(f"{_n(self.summary_dropped, 'sentence')} of the model's summary {_was(self.summary_dropped)} "
                       "not found in the article's text and left out.")
        if self.unsupported:
            out.append(f"{_n(self.unsupported, 'claim')} written by the model {_was(self.unsupported)} not found in "
                       "the article's text: shown as not supported by the article, without a quote.")
        if self.out_of_range or self.recited:
            count = self.out_of_range + self.recited
            out.append(f"The model cited {_n(count, 'sentence number')} that did not hold the claim or source; "
                       "those were re-cited from the article's text or left out.")
        if self.sources_fixed:
            out.append("Sources corrected from the article's text: " + "; ".join(self.sources_fixed) + ".")
        if self.sources_dropped:
            out.append(f"{_n(self.sources_dropped, 'source')} named by the model {_was(self.sources_dropped)} not "
                       "found in the article's text where it was cited, and left out.")
        if self.kinds_fixed:
            out.append("Source kinds corrected from the article's text (the text wins): "
                       + "; ".join(dict.fromkeys(self.kinds_fixed)) + ".")
        if self.ignored:
            out.append("The model did not review the rule-based finder's attributions; they are shown as the "
                       "finder found them.")
        elif self.unreviewed:
            out.append(f"{_n(self.unreviewed, 'attribution')} the model did not review {_is(self.unreviewed)} shown "
                       "as the rule-based finder found them.")
        return out


def to_checked_analysis(article: Article, numbered: NumberedArticle, ledger: CitedLedger, backend: str,
                        version: int) -> Analysis:
    report = _Report(version)
    attributions = _check_sources(numbered, ledger, report)
    claims = [c for c in (_check_claim(item, numbered, report) for item in ledger.claims) if c is not None]
    claims.sort(key=lambda c: not c.supported)  # supported first: the verdict is computed from those
    _same_names(claims, attributions, numbered)
    evidence = sorted({n for c in claims if c.supported for n in c.evidence})
    summary = _check_summary(ledger, numbered, evidence, report)
    not_heard = [" ".join(n.split()) for n in ledger.not_heard
                 if n.strip() and not has_url(n) and not report.leaks(n)]
    sent = {s.start for s in numbered.sentences}
    caveats = [s.text for s in hedges(article.text) if s.start in sent][:5]
    checked = [c for c in claims if c.supported]
    analysis = Analysis(article=article, summary=summary, claims=claims, attributions=attributions,
                        sourcing=assess(checked, attributions, caveats, not_heard), backend=backend,
                        prompt_version=version)
    ground_claims(analysis)  # quotes are cut by offset, so this holds by construction; checked all the same
    analysis.warnings.extend(report.warnings())
    return analysis


def _same_names(claims: list[Claim], attributions: list[Attribution], numbered: NumberedArticle) -> None:
    """A claim's source takes the reviewed attribution's wording in its sentences, so one source counts once."""
    for claim in claims:
        spans = [s for n in claim.evidence if (s := numbered.sentence(n)) is not None]
        match = next((a for a in attributions if same_source(a.source, claim.source)
                      and any(a.start < s.end and s.start < a.end for s in spans)), None)
        if claim.source and match is not None:
            claim.source, claim.source_type = match.source, match.source_type


def _check_sources(numbered: NumberedArticle, ledger: CitedLedger, report: _Report) -> list[Attribution]:
    """The finder's candidates as the model typed, renamed or rejected them, plus what it added."""
    kept: dict[int, Attribution] = {}
    for number, (candidate, kind) in enumerate(zip(numbered.candidates, ledger.kinds), 1):
        if kind != "unattributed":  # unattributed: the model says it is not an attributed statement
            found = candidate.attribution
            kept[number] = found.model_copy(update={
                "source_type": _checked_kind(found.source, kind, report, found.source_type)})
    report.out_of_range += max(0, len(ledger.kinds) - len(numbered.candidates))
    for item in ledger.renamed:
        if item.n not in kept:
            report.out_of_range += not 1 <= item.n <= len(numbered.candidates)
            continue
        candidate = numbered.candidates[item.n - 1]
        source = _reviewed_source(item.source, candidate.attribution.source, candidate.sentence, numbered, report)
        if source != kept[item.n].source:
            kept[item.n] = kept[item.n].model_copy(update={
                "source": source, "source_type": _checked_kind(source, kept[item.n].source_type, report)})
    unreviewed = [c.attribution for c in numbered.candidates[len(ledger.kinds):]]
    if numbered.candidates and not ledger.kinds:
        report.ignored = True
    else:
        report.unreviewed += len(unreviewed)
    attributions = [*kept.values(), *unreviewed]
    for added in ledger.added:
        if attribution := _added_source(added, numbered, attributions, report):
            attributions.append(attribution)
    return sorted(attributions, key=lambda a: a.start)


def _reviewed_source(name: str, found: str, sentence: int, numbered: NumberedArticle, report: _Report) -> str:
    name = " ".join(name.split())
    if not name or same_source(name, found):
        named = any(word[:1].isupper() for word in name.split()[1:] or name.split())
        return name if name and named and len(name) <= len(found) else found  # shortened to the name is fine
    verdict = check_source(name, [sentence], numbered)
    if verdict.source is None or verdict.note:
        report.sources_fixed.append(f"sentence {sentence}: “{name}” is not there; the text has {found}")
        return found
    return verdict.source


def _added_source(item: AddedSource, numbered: NumberedArticle, kept: list[Attribution],
                  report: _Report) -> Attribution | None:
    span = numbered.sentence(item.sentence)
    if span is None:
        report.out_of_range += 1
        return None
    if not item.source.strip() or item.source_type == "unattributed":
        return None
    verdict = check_source(item.source, [item.sentence], numbered)
    if verdict.source is None or verdict.note:
        report.sources_dropped += 1
        return None
    if any(a.start < span.end and span.start < a.end and same_source(a.source, verdict.source) for a in kept):
        return None  # already there
    cue = _cue_pattern().search(span.text)
    return Attribution(source=verdict.source, source_type=_checked_kind(verdict.source, item.source_type, report),
                       cue=cue.group(0) if cue else "attributed", content=span.text, start=span.start, end=span.end,
                       direct=any(mark in span.text for mark in "“\""))


@cache
def _cue_pattern() -> re.Pattern[str]:
    """The finder's reporting-verb forms, for the cue of an attribution the model added."""
    forms = sorted(lexicon().cue_forms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b|\baccording to\b", re.I)


def _checked_kind(source: str, model_kind: SourceType, report: _Report,
                  text_kind: SourceType | None = None) -> SourceType:
    kind, note = check_kind(source, model_kind if model_kind != "unattributed" else "anonymous", text_kind)
    if note and model_kind != "unattributed":
        report.kinds_fixed.append(note)
    return kind


def _check_claim(item: CitedClaim, numbered: NumberedArticle, report: _Report) -> Claim | None:
    text = " ".join(item.claim.split())
    if not text or report.leaks(f"{text} {item.source or ''}"):
        return None
    cited = list(dict.fromkeys(n for n in item.sentences if numbered.sentence(n) is not None))
    report.out_of_range += len(set(item.sentences)) - len(cited)
    if not cited or not supported(text, _evidence(cited, numbered)):
        better = _best_support(text, numbered)
        if not better:
            report.unsupported += 1
            notes = ["not supported by the article's text"]
            notes += [f"the model credited it to “{item.source}”"] if item.source else []
            return Claim(claim=text, source_type="unattributed", status=item.status, supported=False,
                         evidence=cited, notes=notes)
        report.recited += bool(cited)
        cited = better
    claim = Claim(claim=text, evidence=cited, status=item.status)
    verdict = check_source(item.source, cited, numbered)
    if verdict.note:
        claim.notes.append(verdict.note)
        if verdict.source:
            report.sources_fixed.append(f"claim “{_short(text)}”: {verdict.note}")
        else:
            report.sources_dropped += 1
    in_cited = [c.attribution for c in numbered.candidates if c.sentence in cited]
    if not item.source and in_cited:
        verdict.source = in_cited[0].source
        claim.notes.append(f"the article attributes this to {verdict.source}")
    found = next((a for a in in_cited if same_source(a.source, verdict.source)), None)
    if verdict.source:
        model_kind = item.source_type
        if model_kind == "unattributed" or not item.source:
            model_kind = found.source_type if found else "anonymous"
        text_kind = found.source_type if found else None
        claim.source, (claim.source_type, note) = verdict.source, check_kind(verdict.source, model_kind, text_kind)
        if note:
            claim.notes.append(note)
            report.kinds_fixed.append(note)
    claim.cue = found.cue if found else None
    claim.status = _checked_status(claim, found, cited, numbered)
    first, last = numbered.sentence(cited[0]), numbered.sentence(max(cited) if _contiguous(cited) else cited[0])
    assert first is not None and last is not None
    quote = numbered.text[first.start:last.end]
    claim.quote = quote if len(quote) <= _QUOTE_CHARS else quote[:_QUOTE_CHARS].rsplit(" ", 1)[0]
    return claim


def _checked_status(claim: Claim, found: Attribution | None, cited: list[int], numbered: NumberedArticle) -> Status:
    """The text's own signals win: a denial is disputed, a hedge is unverified, a source is not the article's fact."""
    if found is not None and is_denial(found.cue):
        return "disputed"
    if claim.status != "disputed" and any(has_hedge(s.text) for n in cited if (s := numbered.sentence(n))):
        return "unverified"
    if claim.status == "fact" and claim.source:
        return "attributed"
    if claim.status == "attributed" and not claim.source:
        return "fact"
    return claim.status


def _check_summary(ledger: CitedLedger, numbered: NumberedArticle, claim_evidence: list[int],
                   report: _Report) -> str:
    summary = " ".join(ledger.summary.split())
    if summary and report.leaks(summary):
        report.summary_replaced = "The model's summary repeated its instructions"
        return _lead(numbered)
    cited = [n for n in ledger.summary_sentences if numbered.sentence(n) is not None]
    around = sorted({m for n in cited for m in (n - 1, n, n + 1)} | set(claim_evidence))
    kept, dropped = (supported_sentences(summary, _evidence(around, numbered), links=False) if summary
                     else ([], 0))
    if kept:
        report.summary_dropped = dropped
        return " ".join(kept)
    report.summary_replaced = ("The model gave no summary" if not summary else
                               "The model's summary was not found in the article's text (it may have followed "
                               "instructions in the page, or answered in another language)")
    return _lead(numbered)


def _evidence(numbers: list[int], numbered: NumberedArticle) -> str:
    return " ".join(s.text for n in numbers if (s := numbered.sentence(n)) is not None)


def _best_support(text: str, numbered: NumberedArticle) -> list[int]:
    """The sentence (or pair of neighbours) that holds the claim's words, when the model cited the wrong one."""
    for width in (1, 2):
        for number in range(1, len(numbered.sentences) - width + 2):
            numbers = list(range(number, number + width))
            if supported(text, Evidence(_evidence(numbers, numbered))):
                return numbers
    return []


def _lead(numbered: NumberedArticle) -> str:
    words: list[str] = []
    for span in numbered.sentences:
        if links_in(span.text):
            continue  # a page's "verify at https://..." is not how we open a summary
        words.extend(span.text.split())
        if len(words) >= _LEAD_WORDS:
            break
    return " ".join(words[:60]) + (" …" if len(words) > 60 else "")


def _contiguous(numbers: list[int]) -> bool:
    return len(numbers) <= 2 and sorted(numbers) == list(range(min(numbers), max(numbers) + 1))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def _is(count: int) -> str:
    return "is" if count == 1 else "are"
