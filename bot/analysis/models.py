"""The claim–source ledger: one typed model shared by every backend and every renderer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.reading.article import Article, Link

SourceType = Literal["person", "organisation", "anonymous", "outlet", "document", "unattributed"]
Status = Literal["fact", "attributed", "disputed", "unverified"]

SOURCE_TYPE_LABELS: dict[str, str] = {
    "person": "named person",
    "organisation": "organisation or official body",
    "anonymous": "anonymous or unnamed",
    "outlet": "another outlet or wire",
    "document": "document or data",
    "unattributed": "unattributed (the article's own assertion)",
}
SOURCE_KIND_SHORT: dict[str, str] = {  # the kind as a claim line shows it
    "person": "person",
    "organisation": "organisation",
    "anonymous": "unnamed",
    "outlet": "other outlet",
    "document": "document",
    "unattributed": "unattributed",
}

STATUS_LABELS: dict[str, str] = {
    "fact": "stated as fact",
    "attributed": "attributed",
    "disputed": "disputed or denied",
    "unverified": "explicitly unverified",
}


Verdict = Literal["found", "differs", "not_found", "unreadable"]


HEADLINE_NOTE = "headline"  # a claim taken from the headline, which the story's opening never says
REPORTED_BY_NOTE = "reported by "  # + the publisher that passes a source's claim on (never its corroboration)


class SourceCheck(BaseModel):
    """What a document the claim's sentence links to says about the claim (source_checks.py)."""

    url: str
    title: str | None = None  # the document's title, else the link's anchor text
    kind: Literal["page", "pdf"] = "page"
    verdict: Verdict
    evidence: str | None = None  # the document's sentence (found, differs)
    page: int | None = None  # 1-based, for a PDF
    detail: str | None = None  # differs: both figures; unreadable: why
    noun: str = "document"  # how the reply names it: "report", "budget papers", "story"


class Claim(BaseModel):
    claim: str
    source: str | None = None
    source_role: str | None = None  # what the article says the source is ("a spokeswoman for California ISO")
    source_type: SourceType = "unattributed"
    cue: str | None = None
    status: Status = "attributed"
    quote: str = ""
    grounded: bool = False  # set only by the quote check, never by a backend
    quote_start: int | None = None
    quote_end: int | None = None
    evidence: list[int] = Field(default_factory=list)  # 1-based sentence numbers the model cited (prompt v2)
    supported: bool = True  # False: the cited sentences do not contain the claim's words (support.py)
    notes: list[str] = Field(default_factory=list)  # corrections by the source check, shown with the claim
    links: list[Link] = Field(default_factory=list)  # links in the evidence sentence (linked_sources.py)
    links_total: int = 0  # links in the evidence sentences, before the cap on `links`
    source_checks: list[SourceCheck] = Field(default_factory=list)  # the linked documents, checked


class SourceMember(BaseModel):
    """One of two sources speaking together ("both Roscosmos and NASA"): counted and listed on its own."""

    name: str
    kind: SourceType
    entity: str | None = None  # the member's own entity, where the article quotes it on its own too


class Attribution(BaseModel):
    """One attributed statement: who, the attribution cue, what they said, where it is in article.text.

    `source` is the resolved name the ledger counts ("Jane Doe" for a later "she"); `source_text` is the source
    as written in the article ("she"), and `source_start`/`source_end` are that written span's offsets. An
    agentless attribution ("it was reported that") has source "" and type "unattributed". `start`/`end` are the
    content's offsets; `cue_start`/`cue_end` the cue's (auxiliaries included: "has also said").
    """

    source: str
    source_type: SourceType
    cue: str
    content: str
    start: int
    end: int
    direct: bool = False  # a direct (quoted) statement rather than reported speech
    source_text: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    entity: str | None = None  # the source's entity within the article ("e3"): one per real-world source
    role: str | None = None  # the source's role as the article gives it ("a spokeswoman for California ISO")
    members: list[SourceMember] = Field(default_factory=list)  # a joint source's members, each its entity's name


class Sourcing(BaseModel):
    source_counts: dict[str, int] = Field(default_factory=dict)  # by SourceType
    sources: list[str] = Field(default_factory=list)  # distinct sources, in order of appearance
    other_outlets: list[str] = Field(default_factory=list)
    single_source_claims: list[int] = Field(default_factory=list)  # 1-based claim numbers
    caveats: list[str] = Field(default_factory=list)  # verbatim hedges from the article
    not_heard: list[str] = Field(default_factory=list)  # sides or parties the article does not hear from
    assessment: str = ""


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Analysis(BaseModel):
    article: Article
    summary: str
    claims: list[Claim] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    sourcing: Sourcing = Field(default_factory=Sourcing)
    backend: str  # "offline" or "openai:<model>"
    prompt_version: int | None = None  # the analyze prompt the model was given (feedback stores it)
    fallback_reason: str | None = None  # why the model was not used, when the offline analysis stood in
    warnings: list[str] = Field(default_factory=list)
    truncated: bool = False  # the article was shortened to fit the model's budget
    usage: Usage | None = None
    sources_checked: bool = False  # the linked documents were checked (source_checks.py), even if none were found
