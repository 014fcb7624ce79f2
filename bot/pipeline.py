"""URL in, analysis out: the core the Slack app and the CLI share, with a cache and one analysis per URL.

The same link dropped in five channels is read and analysed once: concurrent requests for one URL wait
for the first (single flight, across replicas too), and later ones are answered from the store's cache.
"""

from __future__ import annotations

import ipaddress
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from bot.analysis import Analysis, Analyzer, Answer, ModelError, Turn
from bot.analysis.analyzer import fell_back
from bot.analysis.source_checks import SourceChecker
from bot.reading import Reader
from bot.reading.article import Article
from bot.reading.errors import ReadError
from bot.reading.message import article_from_message
from bot.reading.addresses import is_public
from bot.observability import metrics
from bot.settings import Settings
from bot.store import Store


TEXT_KEY_PREFIX = "pasted-text:"  # the cache key of a pasted text: not a URL, never fetched
_FLIGHT_LEASE_SECONDS = 10.0  # renewed while reading; a replica that dies mid-read blocks others this long


class KeyedLocks:
    """One lock per key in use, dropped when its last holder or waiter leaves.

    A stuck fetch holds only its own URL's lock (fixed stripes made unrelated URLs in its stripe wait), and
    the table never holds more entries than there are requests in flight.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, list[int]]] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.setdefault(key, (threading.Lock(), [0]))
            users[0] += 1
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users[0] -= 1
                if users[0] == 0:
                    del self._locks[key]

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)


class Pipeline:
    def __init__(self, settings: Settings, store: Store, reader: Reader | None = None,
                 analyzer: Analyzer | None = None, source_checker: SourceChecker | None = None) -> None:
        self.settings = settings
        self.store = store
        self.reader = reader or Reader(settings)
        self.analyzer = analyzer or Analyzer(settings)
        self.source_checker = source_checker or SourceChecker(settings)
        self._locks = KeyedLocks()  # single flight per URL within this process
        self._holder = uuid.uuid4().hex  # our name on the store's single-flight leases

    def analyze_url(self, url: str, workspace: str = "", source_checks: bool | None = None,
                    on_quick: Callable[[Analysis], None] | None = None) -> Analysis:
        """Raises ReadError or ModelError with a user-facing message.

        `source_checks` (default: the setting) checks the linked documents before answering; Slack passes
        False, posts the ledger, then calls `check_sources`, so the first answer never waits for them.

        `on_quick`, when a model is used and the article is not cached, gets the built-in analysis as soon as
        the article is read (milliseconds, where the model takes 10-110 s), so a caller can show it first.
        If the model then fails, that quick analysis comes back labelled with the reason, fallback or not:
        it has been shown already, and an error in its place would take back what the reader has seen.

        Single flight twice over: a lock per URL in this process, and a lease in the store across replicas
        (the replica that waited then finds the analysis in the cache).
        """
        scope = cache_scope(self.settings, url, workspace)
        max_age = self.settings.cache_ttl_hours * 3600
        with self._locks.hold(url):
            checks = self.settings.source_checks if source_checks is None else source_checks
            cached = self.store.cached_analysis(url, max_age, scope)
            if cached is not None:
                metrics.count(lambda m: m.cache_hits)
                return self._checked(url, cached, scope) if checks else cached
            flight = self.settings.fetch_timeout * (self.settings.max_redirects + 1) + self.settings.llm_max_wait + 30
            with self.store.hold(f"read:{scope}:{url}", self._holder, ttl_seconds=_FLIGHT_LEASE_SECONDS,
                                 wait_seconds=flight) as held:
                cached = self.store.cached_analysis(url, max_age, scope) if held else None
                if cached is not None:
                    metrics.count(lambda m: m.cache_hits)
                    return self._checked(url, cached, scope) if checks else cached
                metrics.count(lambda m: m.cache_misses)
                if is_text_key(url):  # a comparison or re-read of a pasted text the cache no longer holds
                    raise ReadError("that pasted text is no longer stored; paste it again")
                article = self.reader.read_url(url, workspace)
                analysis = self._analyze(url, scope, article, on_quick)
                if checks:
                    self.source_checker.check(analysis, private_ok=self.private_documents_ok(scope))
                if not _is_fallback(analysis, self.analyzer):
                    self.store.save_analysis(url, analysis, scope)  # a fallback is not cached: the model gets another go
                else:
                    self.store.save_analysis_if_absent(url, analysis, scope)
                return analysis

    def analyze_text(self, key: str, text: str, workspace: str = "",
                     on_quick: Callable[[Analysis], None] | None = None) -> Analysis:
        """Pasted text (a press release, a wire flash, a whole article) analysed like a page, and cached under
        `key` (see `text_key`) so that questions and comparisons in its thread find it the way they find a page.
        Raises ReadError when the text has no words."""
        article = article_from_message(text, "pasted text")
        scope = cache_scope(self.settings, key, workspace)
        with self._locks.hold(key):
            metrics.count(lambda m: m.cache_misses)
            analysis = self._analyze(key, scope, article, on_quick)
            if not _is_fallback(analysis, self.analyzer):
                self.store.save_analysis(key, analysis, scope)
            else:
                self.store.save_analysis_if_absent(key, analysis, scope)
            return analysis

    def _analyze(self, url: str, scope: str, article: Article,
                 on_quick: Callable[[Analysis], None] | None) -> Analysis:
        if on_quick is None or not self.analyzer.uses_model():
            return self.analyzer.analyze(article)
        quick = self.analyzer.analyze(article, offline=True)
        self.store.save_analysis_if_absent(url, quick, scope)  # a question on the quick answer has its article
        on_quick(quick)
        try:
            return self.analyzer.analyze(article)
        except ModelError as exc:  # no fallback configured, but the built-in reading is out: it stays, labelled
            return fell_back(self.analyzer.analyze(article, offline=True), exc)

    def check_sources(self, url: str, analysis: Analysis, workspace: str = "") -> Analysis:
        """The linked documents checked, and the cached analysis updated so later requests reuse them."""
        with self._locks.hold(f"sources:{url}"):
            return self._checked(url, analysis, cache_scope(self.settings, url, workspace))

    def _checked(self, url: str, analysis: Analysis, scope: str) -> Analysis:
        if analysis.sources_checked:
            return analysis
        self.source_checker.check(analysis, private_ok=self.private_documents_ok(scope))
        if not _is_fallback(analysis, self.analyzer):
            self.store.save_analysis(url, analysis, scope)
        return analysis

    def private_documents_ok(self, scope: str) -> bool:
        """A linked document on an allowed private host may be checked for an analysis cached for one workspace
        (or in a single-workspace install), never for one every workspace is served."""
        return bool(scope) or not self.settings.oauth_enabled

    def ask(self, url: str, question: str, history: list[Turn], workspace: str = "") -> Answer | None:
        """Answer a question about a cached article; None if the article is no longer known."""
        analysis = self.store.any_analysis(url, cache_scope(self.settings, url, workspace))
        if analysis is None:
            return None
        return self.analyzer.ask(analysis, question, history)


def text_key(workspace: str, channel: str, ts: str) -> str:
    """The cache key of a text pasted in one message: one per message, never shared across workspaces."""
    return f"{TEXT_KEY_PREFIX}{workspace}/{channel}/{ts}"


def is_text_key(url: str) -> bool:
    return url.startswith(TEXT_KEY_PREFIX)


def cache_scope(settings: Settings, url: str, workspace: str) -> str:
    """"" (shared by every workspace) for public pages; the workspace for pages only reachable because of
    NEWSBOT_ALLOW_PRIVATE_HOSTS, so one newsroom's intranet page is never served to another.

    Decided without DNS (a second lookup could answer differently from the fetcher's): the fetcher reaches a
    private address only for a host allowed by name, or inside an allowed network; so with networks allowed,
    any name that could resolve into one stays with its workspace.
    """
    if is_text_key(url):
        return workspace  # a pasted text belongs to the workspace it was pasted in
    allowed = settings.private_hosts_for(workspace)
    if not allowed:
        return ""  # private addresses are never fetched, so nothing private can be cached
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return workspace
    if host in allowed:
        return workspace
    networks = [ipaddress.ip_network(a, strict=False) for a in allowed if "/" in a]
    if not networks:
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return workspace  # a name: it may resolve into an allowed network
    inside = any(address.version == n.version and address in n for n in networks)
    return "" if is_public(address) and not inside else workspace


def _is_fallback(analysis: Analysis, analyzer: Analyzer) -> bool:
    return analyzer.uses_model() and analysis.backend == "offline"
