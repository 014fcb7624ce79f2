"""The Home tab and its chart, as jobs: counted from the replies the bot posted, never by re-reading."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.dashboard import Dashboard, dashboard
from bot.dashboard.chart import source_kinds_png
from bot.dashboard.stats import WINDOWS_DAYS
from bot.rendering.home import render_home
from bot.store import Store

HOME_JOB, CHART_JOB = "home", "chart"
MAX_CHANNELS = 1000  # users.conversations pages read for one viewer, at most
_WEEKS_OF_HISTORY = 8


class HomeTab:
    def __init__(self, store: Store) -> None:
        self.store = store

    def publish(self, p: dict[str, Any], client: WebClient) -> None:
        """The viewer's dashboard, when they open the tab or when it is pushed (bot/slack/home_push.py). The
        viewer and the channels just read are recorded, so later analyses there push the tab."""
        channels = member_channels(client, p["user"])
        self.store.saw_home(p.get("team", ""), p.get("enterprise", ""), p["user"], channels,
                            opened=not p.get("pushed"))
        board = self._board(p, channels, days=max(WINDOWS_DAYS))
        links = {}
        for item in board.latest:
            try:
                links[(item.channel, item.thread_ts)] = client.chat_getPermalink(
                    channel=item.channel, message_ts=item.thread_ts).get("permalink")
            except SlackApiError:
                continue  # the channel is shown instead
        client.views_publish(user_id=p["user"], view=render_home(board, {k: v for k, v in links.items() if v}))

    def post_chart(self, p: dict[str, Any], client: WebClient) -> None:
        """The weekly chart, as a PNG in the viewer's direct messages with the bot."""
        board = self._board(p, member_channels(client, p["user"]), days=7 * _WEEKS_OF_HISTORY)
        dm = client.conversations_open(users=p["user"])["channel"]["id"]
        client.files_upload_v2(channel=dm, content=source_kinds_png(board), filename="source-kinds-per-week.png",
                               title="Sources by kind, per week",
                               initial_comment="Sources by kind, per week, in the channels you share with newsbot.")

    def _board(self, p: dict[str, Any], channels: set[str], days: int) -> Dashboard:
        posted = self.store.posted_since(time.time() - days * 86400, team=p.get("team", ""),
                                         enterprise=p.get("enterprise") or None)
        return dashboard(posted, datetime.now(timezone.utc), channels)


def member_channels(client: WebClient, user: str) -> set[str]:
    """Channels the viewer is in that the bot can see (public ones, and private ones the bot shares)."""
    found: set[str] = set()
    cursor = None
    while len(found) < MAX_CHANNELS:
        page = client.users_conversations(user=user, types="public_channel,private_channel", limit=200,
                                          cursor=cursor, exclude_archived=True)
        found |= {c["id"] for c in page.get("channels", [])}
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return found
