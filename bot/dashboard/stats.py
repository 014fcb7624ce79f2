"""Source audits, counted from stored ledgers: what newsroom audits (BBC 50:50, GenderGapTracker) count by hand.

Sources are counted once per article (a spokesman quoted five times in one story is one source of that
story), so the shares say how often the desk's reading rests on each kind of source.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from bot.analysis.models import Analysis
from bot.analysis.sourcing import source_key

WINDOWS_DAYS = (7, 30)
TOP = 5
LATEST = 8
KINDS = ("person", "organisation", "anonymous", "outlet", "document", "unattributed")


@dataclass(frozen=True)
class Posted:
    """One analysis the bot posted: where, when, and the ledger itself."""

    channel: str
    thread_ts: str
    posted_at: datetime
    analysis: Analysis


class Named(BaseModel):
    name: str
    articles: int


class LatestItem(BaseModel):
    title: str
    url: str | None
    channel: str
    thread_ts: str
    posted_at: datetime
    sources: int
    anonymous: int


class WindowStats(BaseModel):
    days: int
    articles: int = 0
    sources_by_kind: dict[str, int] = Field(default_factory=lambda: {kind: 0 for kind in KINDS})
    anonymous_share: float = 0.0  # of all sources counted (unattributed claims excluded)
    key_claims: int = 0
    single_source_claims: int = 0
    top_outlets: list[Named] = Field(default_factory=list)
    top_people: list[Named] = Field(default_factory=list)


class Dashboard(BaseModel):
    windows: list[WindowStats]
    latest: list[LatestItem]
    weekly_kinds: list[tuple[str, dict[str, int]]] = Field(default_factory=list)  # (week starting, counts)


def dashboard(posted: list[Posted], now: datetime, channels: set[str] | None = None) -> Dashboard:
    """Counts for the channels given (those the viewer can see the bot in); None means every channel."""
    items = [p for p in posted if channels is None or p.channel in channels]
    unique = _one_per_article(items)
    windows = [_window(days, [p for p in unique if p.posted_at >= now - timedelta(days=days)])
               for days in WINDOWS_DAYS]
    latest = [_latest(p) for p in sorted(items, key=lambda p: p.posted_at, reverse=True)[:LATEST]]
    return Dashboard(windows=windows, latest=latest, weekly_kinds=_weekly(unique, now))


def _one_per_article(items: list[Posted]) -> list[Posted]:
    """The same link posted in three channels is one article read, counted at its first posting."""
    first: dict[str, Posted] = {}
    for item in sorted(items, key=lambda p: p.posted_at):
        key = item.analysis.article.url or item.analysis.article.title or str(id(item))
        first.setdefault(key, item)
    return list(first.values())


def _sources(analysis: Analysis) -> dict[str, tuple[str, str]]:
    """Distinct sources of one article: key → (name as written, kind)."""
    found: dict[str, tuple[str, str]] = {}
    for item in [*analysis.attributions, *analysis.claims]:
        if item.source and item.source_type != "unattributed":
            found.setdefault(source_key(item.source), (item.source, item.source_type))
    return found


def _window(days: int, items: list[Posted]) -> WindowStats:
    stats = WindowStats(days=days, articles=len(items))
    outlets: Counter[str] = Counter()
    people: Counter[str] = Counter()
    names: dict[str, str] = {}
    for item in items:
        for key, (name, kind) in _sources(item.analysis).items():
            stats.sources_by_kind[kind] += 1
            names.setdefault(key, name)
            if kind == "outlet":
                outlets[key] += 1
            elif kind == "person":
                people[key] += 1
        claims = item.analysis.claims
        stats.key_claims += len(claims)
        stats.sources_by_kind["unattributed"] += sum(1 for c in claims if c.source_type == "unattributed")
        stats.single_source_claims += len(item.analysis.sourcing.single_source_claims)
    counted = sum(n for kind, n in stats.sources_by_kind.items() if kind != "unattributed")
    stats.anonymous_share = round(stats.sources_by_kind["anonymous"] / counted, 3) if counted else 0.0
    stats.top_outlets = [Named(name=names[k], articles=n) for k, n in outlets.most_common(TOP)]
    stats.top_people = [Named(name=names[k], articles=n) for k, n in people.most_common(TOP)]
    return stats


def _latest(item: Posted) -> LatestItem:
    sources = _sources(item.analysis)
    article = item.analysis.article
    return LatestItem(title=article.title or article.url or "Untitled article", url=article.url,
                      channel=item.channel, thread_ts=item.thread_ts, posted_at=item.posted_at,
                      sources=len(sources), anonymous=sum(1 for _, kind in sources.values() if kind == "anonymous"))


def _weekly(items: list[Posted], now: datetime, weeks: int = 8) -> list[tuple[str, dict[str, int]]]:
    """Source kinds per week, oldest first, for the chart."""
    start = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    buckets = [(start - timedelta(weeks=w)) for w in reversed(range(weeks))]
    out = []
    for begin in buckets:
        counts = {kind: 0 for kind in KINDS if kind != "unattributed"}
        for item in items:
            if begin <= item.posted_at < begin + timedelta(weeks=1):
                for _, kind in _sources(item.analysis).values():
                    counts[kind] += 1
        out.append((begin.date().isoformat(), counts))
    return out
