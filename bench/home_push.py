#!/usr/bin/env python3
"""How soon a Home tab is republished after a new analysis (issue 21, item 3: target within 10 s).

Usage:
  python bench/home_push.py --viewers 50 --channels 5

`newsbot serve --http` runs as a child process against a fake Slack Web API and a local article server (no
model: the reference is the analysis's post). Every viewer opens the Home tab once (each is a member of one to
three of the channels); then one link is posted in each channel, one a second. For each viewer, the time from
the first analysis posted in one of their channels to the views.publish that pushed their tab; viewers in none
of those channels, and a second push within 5 minutes, must not happen.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from fakes.slack_api import FakeSlack  # noqa: E402
from fakes.slack_events import EventSender, message_event  # noqa: E402
from slack_load import SECRET, ArticleServer, free_port, percentile, stop_apps, wait_for_port  # noqa: E402


def home_opened(user: str) -> dict:
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": f"EvHome{user}", "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home",
                      "event_ts": f"{time.time():.6f}"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--channels", type=int, default=5)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    channels = [f"C{n}" for n in range(args.channels)]
    members = {f"U{n}": rng.sample(channels, rng.randint(1, min(3, len(channels)))) for n in range(args.viewers)}
    members["UOUT"] = ["CQUIET"]  # opened the tab, in no channel that gets an analysis

    with FakeSlack() as slack, ArticleServer() as articles, tempfile.TemporaryDirectory() as tmp:
        slack.memberships.update(members)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "OPENAI_", "SLACK_"))}
        env.update({"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
                    "NEWSBOT_ALLOW_PRIVATE_HOSTS": "127.0.0.1", "NEWSBOT_WATCH": "false", "PORT": str(port),
                    "NEWSBOT_DB": str(Path(tmp) / "bench.sqlite3"), "PYTHONPATH": str(ROOT)})
        app = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1"], env=env,
                               cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port)
            send = EventSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
            for user in members:
                send.event(home_opened(user))
            deadline = time.monotonic() + 60
            while len(slack.calls_to("views.publish")) < len(members) and time.monotonic() < deadline:
                time.sleep(0.05)
            opened = len(slack.calls_to("views.publish"))
            posted_at: dict[str, float] = {}
            for n, channel in enumerate(channels):
                body = message_event(f"<{articles.base_url}/story/{n}>", channel=channel)
                send.event(body)
                while not any(c.params.get("thread_ts") == body["event"]["ts"] for c in slack.calls_to("chat.postMessage")):
                    time.sleep(0.02)
                post = next(c for c in slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == body["event"]["ts"])
                posted_at[channel] = post.at
                time.sleep(1.0)
            expected = {u for u, cs in members.items() if set(cs) & set(channels)}
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                pushed = slack.calls_to("views.publish")[opened:]
                if {c.params.get("user_id") for c in pushed} >= expected:
                    break
                time.sleep(0.05)
            time.sleep(3.0)  # let a wrong second push show itself
            pushed = slack.calls_to("views.publish")[opened:]
        finally:
            stop_apps([app])

    delays = []
    for user in expected:
        first_analysis = min(posted_at[c] for c in members[user] if c in posted_at)
        mine = [c.at for c in pushed if c.params.get("user_id") == user]
        if mine:
            delays.append(mine[0] - first_analysis)
    per_user = {u: sum(1 for c in pushed if c.params.get("user_id") == u) for u in members}
    print(json.dumps({"viewers": len(members), "channels": len(channels), "analyses": len(posted_at)}))
    print("| measure | value |")
    print("|---|---|")
    print(f"| viewers to push (share a channel with an analysis) | {len(expected)} |")
    print(f"| pushed | {len(delays)} |")
    print(f"| analysis posted -> Home tab republished, p50 / p95 / max | {percentile(delays, .5):.2f} / "
          f"{percentile(delays, .95):.2f} / {max(delays, default=float('nan')):.2f} s |")
    print(f"| viewers pushed twice within 5 min | {sum(1 for u in expected if per_user[u] > 1)} |")
    print(f"| viewers in no such channel pushed | {sum(per_user[u] for u in members if u not in expected)} |")
    ok = len(delays) == len(expected) and all(per_user[u] <= 1 for u in members) and per_user["UOUT"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
