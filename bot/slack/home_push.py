"""The Home tab pushed, not only pulled: after an analysis is posted in a channel, the tab of each person who
has opened it before and shares that channel is republished, so the dashboard is current when they look.

A job, queued by the worker once the reply is out (never in the ack path): it reads the viewers of that
channel from the store (bot/store/home_viewers.py, no Slack call) and queues the ordinary Home publish
(bot/slack/home.py) for each one whose tab was not pushed in the last PUSH_EVERY_SECONDS. The throttle is
claimed in the store, so replicas finishing analyses together push a tab once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.slack.home import HOME_JOB
from bot.store import Store

log = logging.getLogger(__name__)

JOB_KIND = "home_push"
PUSH_EVERY_SECONDS = 300.0  # at most one push per viewer per 5 minutes (issue 21)


class HomePush:
    def __init__(self, store: Store) -> None:
        self.store = store

    def after_analysis(self, p: dict[str, Any], channel: str) -> None:
        """Queue the push for an analysis just posted in `channel`; it must never fail the reply."""
        try:
            self.store.add_job(JOB_KIND, {"channel": channel, "team": p.get("team", ""),
                                          "enterprise": p.get("enterprise", ""),
                                          "enterprise_install": p.get("enterprise_install", False)})
        except Exception:  # noqa: BLE001 - the reply is out; a stale Home tab is the worst outcome
            log.exception("could not queue the Home tab push for %s", channel)

    def run(self, p: dict[str, Any], _client: WebClient) -> None:
        """One Home publish job per viewer of the channel who is due one."""
        team = p.get("team", "")
        for user, enterprise in self.store.home_viewers_in(team, p["channel"]):
            if self.store.claim_home_push(team, user, PUSH_EVERY_SECONDS):  # the workspace as when they opened it
                self.store.add_job(HOME_JOB, {"user": user, "pushed": True, "team": team, "enterprise": enterprise,
                                              "enterprise_install": p.get("enterprise_install", False)})
