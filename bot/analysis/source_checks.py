"""Go to the source: open the documents a key claim's sentence links to and say whether they say the claim.

The editor's first move with a claim is to open what the story cites. Here each linked document (a page, a
PDF, another outlet's story) is fetched with the same safe fetcher as articles (SSRF
rules, byte cap, deadline), at most `MAX_DOCUMENTS` an article, in parallel, all within one time budget: a slow
or huge link costs only its own line. Each URL is fetched once per analysis, and recent documents are kept in
memory so a re-check (the watch, another thread) does not fetch them again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from bot.analysis.models import Analysis, Claim, SourceCheck
from bot.analysis.source_match import judge
from bot.reading.addresses import AddressPolicy
from bot.reading.article import Article, Link
from bot.reading.errors import (BlockedURL, DamagedDocument, EncryptedDocument, FetchFailed, FetchTimeout,
                                NoTextLayer, NotAnArticle, ReadError, TooLarge, UnsupportedContent)
from bot.reading.fetch import Fetcher
from bot.reading.reader import Reader
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 5  # per article: the first five distinct linked documents, in the order of the claims
_CACHE_SIZE = 64
_CACHED_CHARS = 1_000_000  # a longer document is not kept: the cache stays under ~64 MB of text
_JUDGING_RESERVE = 0.25  # seconds of the budget kept for matching the claims against the documents read
_SKIPPED = "Only the first"


@cache
def document_nouns() -> frozenset[str]:
    lines = resources.files("bot.analysis").joinpath("lexicon/document_nouns.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in lines.splitlines() if w.strip() and not w.startswith("#"))


class SourceChecker:
    """Shared by the pipeline's threads; `check` fills `Claim.source_checks` and returns the analysis."""

    def __init__(self, settings: Settings, policy: AddressPolicy | None = None) -> None:
        self.budget = settings.source_check_seconds
        # a linked statement may be a few lines long: no article-length gate; no single fetch outlives the budget
        doc_settings = settings.model_copy(update={"min_article_words": 1,
                                                   "fetch_timeout": min(settings.fetch_timeout, self.budget)})
        self.reader = Reader(doc_settings, Fetcher(doc_settings, policy))
        # for an analysis cached for every workspace: a document on an allowed private host is not fetched, or
        # one newsroom's intranet sentence would be shown to another
        self.public_reader = Reader(doc_settings, Fetcher(doc_settings, AddressPolicy([])))
        self._ttl = settings.cache_ttl_hours * 3600
        self._cache: OrderedDict[str, tuple[float, Article | ReadError]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, analysis: Analysis, budget: float | None = None, fresh: bool = False,
              private_ok: bool = True) -> Analysis:
        """`fresh` fetches every document again (the watch, looking for changed documents); `private_ok` False
        refuses the hosts NEWSBOT_ALLOW_PRIVATE_HOSTS allows (for analyses shared by every workspace)."""
        budget = self.budget if budget is None else budget
        started = time.monotonic()
        urls, skipped = _documents(analysis)
        # the budget covers the judging too: what is left after the wait is kept for it
        wait = max(0.0, budget - min(_JUDGING_RESERVE, budget / 10) - (time.monotonic() - started))
        results = self._read_all(urls, wait, fresh, private_ok) if urls else {}
        for claim in analysis.claims:
            claim.source_checks = [_check(claim, link, results[link.url], budget)
                                   for link in _unique(claim.links) if link.url in results]
        if skipped:
            analysis.warnings.append(f"{_SKIPPED} {len(urls)} linked documents were checked against the claims "
                                     f"({len(urls) + skipped} linked in the claims' sentences).")
        analysis.sources_checked = True
        return analysis

    # --- fetching --------------------------------------------------------------------------------
    def _read_all(self, urls: list[str], budget: float, fresh: bool,
                  private_ok: bool) -> dict[str, Article | ReadError | None]:
        """Every URL read in parallel; None for one still running when the budget ran out."""
        pool = ThreadPoolExecutor(max_workers=len(urls), thread_name_prefix="newsbot-source")
        futures: dict[str, Future[Article | ReadError]] = {url: pool.submit(self._read, url, fresh, private_ok)
                                                         for url in urls}
        futures_wait(list(futures.values()), timeout=budget)
        pool.shutdown(wait=False, cancel_futures=True)  # a straggler ends at its own fetch deadline
        return {url: f.result() if f.done() else None for url, f in futures.items()}

    def _read(self, url: str, fresh: bool = False, private_ok: bool = True) -> Article | ReadError:
        now = time.monotonic()
        key = url if private_ok else "public:" + url
        with self._lock:
            hit = None if fresh else self._cache.get(key)
            if hit is not None and now - hit[0] <= self._ttl:
                return hit[1]
        try:
            result: Article | ReadError = (self.reader if private_ok else self.public_reader).read_url(url)
        except ReadError as exc:
            result = exc
        except Exception as exc:  # noqa: BLE001 - one broken document must not lose the others
            log.warning("source check of %s failed: %s", url, type(exc).__name__)
            result = ReadError("the document could not be read")
        too_big = isinstance(result, Article) and len(result.text) > _CACHED_CHARS
        if not isinstance(result, FetchTimeout) and not too_big:  # a slow server may answer next time
            with self._lock:
                self._cache[key] = (now, result)
                self._cache.move_to_end(key)
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return result


def changed_checks(before: Analysis, after: Analysis) -> list[tuple[int, SourceCheck, SourceCheck]]:
    """(claim number, old check, new check) for each linked document whose verdict or sentence changed."""
    old = {(n, c.url): c for n, claim in enumerate(before.claims, 1) for c in claim.source_checks}
    changes = []
    for n, claim in enumerate(after.claims, 1):
        for check in claim.source_checks:
            was = old.get((n, check.url))
            if was is not None and (was.verdict, was.evidence, was.detail) != (check.verdict, check.evidence,
                                                                               check.detail):
                changes.append((n, was, check))
    return changes


def has_links(analysis: Analysis) -> bool:
    return any(claim.links for claim in analysis.claims)


def without_source_checks(analysis: Analysis) -> Analysis:
    """A copy without the checks, for where they are turned off (a channel, the CLI switch)."""
    if not analysis.sources_checked:
        return analysis
    copy = analysis.model_copy(deep=True)
    for claim in copy.claims:
        claim.source_checks = []
    copy.warnings = [w for w in copy.warnings if not w.startswith(_SKIPPED)]
    copy.sources_checked = False
    return copy


def _documents(analysis: Analysis) -> tuple[list[str], int]:
    """The distinct linked URLs to check (not the article itself), and how many more there were."""
    own = _same_document_key(analysis.article.url)
    urls: list[str] = []
    extra = 0
    for claim in analysis.claims:
        for link in claim.links:
            if own is not None and _same_document_key(link.url) == own:
                continue  # a link back to the article is not a source
            if link.url in urls:
                continue
            if len(urls) < MAX_DOCUMENTS:
                urls.append(link.url)
            else:
                extra += 1
        extra += max(0, claim.links_total - len(claim.links))
    return urls, extra


def _unique(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    return [link for link in links if not (link.url in seen or seen.add(link.url))]  # type: ignore[func-returns-value]


def _same_document_key(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}?{parts.query}"


def _check(claim: Claim, link: Link, result: Article | ReadError | None, budget: float) -> SourceCheck:
    is_pdf = urlsplit(link.url).path.lower().endswith(".pdf")
    if not isinstance(result, Article):
        why = f"no answer within the {budget:g} s budget" if result is None else unreadable_reason(result)
        return SourceCheck(url=link.url, title=link.text, kind="pdf" if is_pdf else "page", verdict="unreadable",
                           detail=why, noun=_noun(link.text, "pdf" if is_pdf else "page"))
    pages = result.paragraph_pages  # a PDF's page for each paragraph; None for a web page
    kind = "pdf" if pages is not None or is_pdf else "page"
    match = judge(claim.claim, claim.quote, result.text)
    if match.verdict == "not_found" and claim.grounded and claim.quote:
        match = judge(claim.quote, claim.quote, result.text)  # a model's paraphrase: the article's own words
    page = None
    if match.paragraph is not None and pages:
        page = pages[match.paragraph] if match.paragraph < len(pages) else None
    return SourceCheck(url=link.url, title=result.title or link.text, kind=kind,
                       verdict=match.verdict, evidence=match.evidence, page=page, detail=match.detail,
                       noun=_noun(link.text, kind))


# The reason a line gives for a document it could not read, by the reader's error class (first match wins).
_SHORT_REASONS: tuple[tuple[type[ReadError], str], ...] = (
    (BlockedURL, "refused address"), (FetchTimeout, "timeout"), (UnsupportedContent, "not a document"),
    (NoTextLayer, "a scan with no text to read"), (EncryptedDocument, "password-protected"),
    (DamagedDocument, "a damaged PDF"), (TooLarge, "larger than the size limit"),
)


def unreadable_reason(error: ReadError) -> str:
    """Short, for a line in the reply: "HTTP 404", "refused address", "timeout", "not a document"."""
    message = str(error)
    short = next((reason for kind, reason in _SHORT_REASONS if isinstance(error, kind)), None)
    if short is not None:
        return short
    if isinstance(error, FetchFailed):
        http = message.rfind("HTTP ")
        return message[http:].split(")")[0] if http >= 0 else message
    if isinstance(error, NotAnArticle):
        return message.removeprefix("the page ").removeprefix("the site ")
    return message


def _noun(anchor: str, kind: str) -> str:
    """How the line names the document: "report", "budget papers"; else "document" for a PDF, "page"."""
    words = [w.strip(".,;:!?()“”\"'’").lower() for w in anchor.split()]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in document_nouns():
            before = words[i - 1] if i else ""
            if before.isalpha() and before in document_nouns() | {"budget", "court", "police", "annual", "press"}:
                return f"{before} {words[i]}"
            return words[i]
    return "document" if kind == "pdf" else "page"
