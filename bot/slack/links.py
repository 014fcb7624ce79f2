"""Article links in Slack messages: find them in `<url|label>` markup and blocks, and canonicalise them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SLACK_LINK = re.compile(r"<((?:https?)://[^>|\s]+)(?:\|[^>]*)?>", re.I)
_BARE_LINK = re.compile(r"(?<![<|\w])(https?://[^\s<>|]+)", re.I)
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|at_\w+|s_cid|smid|igshid|"
                       r"ref_src|ncid|guccounter|_ga|yclid|wt\.mc_id|cid|sr_share)$", re.I)
_NOT_ARTICLES = re.compile(r"\.(png|jpe?g|gif|webp|svg|bmp|ico|heic|mp4|mov|webm|m4v|avi|mp3|m4a|wav|ogg|"
                           r"zip|gz|tgz|rar|7z|docx?|xlsx?|pptx?|csv|json|xml|exe|dmg|apk)$", re.I)
_SLACK_HOSTS = ("slack.com", "slack-edge.com", "slack-files.com", "slack-redir.net", "slackb.com")


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def links_in_text(text: str) -> list[str]:
    """URLs from Slack's escaped message text, in order, unescaped."""
    found = [_unescape(m.group(1)) for m in _SLACK_LINK.finditer(text or "")]
    stripped = _SLACK_LINK.sub(" ", text or "")
    found += [_unescape(m.group(1)).rstrip(".,;:!?)]'\"") for m in _BARE_LINK.finditer(stripped)]
    return found


def links_in_blocks(blocks: Sequence[dict] | None) -> list[str]:
    """`link` elements of rich_text blocks carry the clean URL."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "link" and isinstance(node.get("url"), str):
                found.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(blocks or [])
    return found


def canonical_url(url: str) -> str:
    """One key per article: lower-case host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port and parts.port != {"http": 80, "https": 443}.get(scheme) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def is_article_candidate(url: str, deny_domains: Iterable[str] = ()) -> bool:
    """Skip quietly what is plainly not an article: Slack's own URLs, media and files, deny-listed sites."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    if _host_in(host, _SLACK_HOSTS) or _host_in(host, deny_domains):
        return False
    return not _NOT_ARTICLES.search(parts.path)


def article_links(text: str, blocks: Sequence[dict] | None, deny_domains: Iterable[str], limit: int) -> list[str]:
    """Distinct canonical article URLs in a message, in order, at most `limit`."""
    deny = [d.lower().lstrip(".") for d in deny_domains]
    seen: dict[str, None] = {}
    for url in [*links_in_blocks(blocks), *links_in_text(text)]:
        try:
            canonical = canonical_url(url)
        except ValueError:
            continue
        if is_article_candidate(canonical, deny) and canonical not in seen:
            seen[canonical] = None
    return list(seen)[:limit]


def _host_in(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)
