"""Which workspace a stored reply, thread session or watched thread belongs to, and whether an event may use it.

Every reply, session and watch is owned by the installation (team, and enterprise for Enterprise Grid) whose
event created it. An interaction or follow-up delivered through another installation is refused quietly: it
would otherwise read one workspace's ledger, cached private page or feedback under another's token.

Slack Connect: a channel shared by two organisations has one channel id in both. What the bot posted there is
seen by every member of the channel, from either side, and either side's members may click its buttons and ask
in its thread *through the installation that posted it* (Slack delivers those events to that installation).
The same thread reached through the other side's installation is refused, so neither installation answers from
the other's cache scope (private pages) or files feedback under the other's workspace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def same_workspace(owner_team: str, owner_enterprise: str, where: Mapping[str, Any]) -> bool:
    """True when `where` (the event's team and enterprise, see listeners.workspace) is the owner.

    An empty stored enterprise (rows from before enterprise ids were kept, or a plain workspace) matches on the
    team alone; an org-wide install keeps no team, so the enterprise alone decides.
    """
    team, enterprise = str(where.get("team") or ""), str(where.get("enterprise") or "")
    if owner_enterprise and owner_enterprise != enterprise:
        return False
    if owner_team and owner_team != team:
        return False
    return bool(owner_team or owner_enterprise) or not (team or enterprise)
