"""When to re-read a watched article: delays after the first reply, NewsDiffs-style (15 min, 1 h, 3 h, 3 days)."""

from __future__ import annotations

import re

DEFAULT_SCHEDULE = "15m,1h,3h,3d"
MAX_STEPS = 20
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_schedule(value: str) -> list[float]:
    """'30s,15m,1h,3d' → seconds after the reply, ascending. Raises ValueError with the offending item."""
    delays = []
    for item in value.split(","):
        if not item.strip():
            continue
        match = _DURATION.match(item)
        if match is None:
            raise ValueError(f"{item.strip()!r} is not a duration such as 30s, 15m, 1h or 3d")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
        if seconds <= 0:
            raise ValueError(f"{item.strip()!r} must be longer than zero")
        delays.append(seconds)
    if len(delays) > MAX_STEPS:
        raise ValueError(f"at most {MAX_STEPS} re-reads")
    if delays != sorted(delays):
        raise ValueError("durations must be in ascending order (each is the time since the reply)")
    return delays
