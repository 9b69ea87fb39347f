"""Which replica sends for which workspace: a short lease in the database, renewed while it sends.

One sender per workspace at a time makes the workspace's pace one budget however many replicas run, and a
429 it records (`paused_until`) holds for whoever sends next. A lease not renewed lapses, and any replica
with due work for that workspace takes it over.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from storage.db import Database
from storage.outbox import Delivery, DeliveryStatus, SenderLease
from storage.upsert import insert_for

_LEASES = SenderLease.__table__
_ROWS = Delivery.__table__.c
# Built once: a sender runs these every few posts, and building them cost more than running them.
_DUE_TEAMS = (
    select(_ROWS.team_id).where(_ROWS.status == DeliveryStatus.PENDING, _ROWS.not_before <= bindparam("now")).distinct()
)
_LEASES_OF = select(_LEASES).where(_LEASES.c.team_id.in_(bindparam("teams", expanding=True)))
_RENEW = (
    update(_LEASES)
    .where(_LEASES.c.holder == bindparam("replica"), _LEASES.c.team_id.in_(bindparam("teams", expanding=True)))
    .values(expires_at=bindparam("until"))
    .returning(_LEASES.c.team_id, _LEASES.c.token)
)
LAPSED = datetime(2000, 1, 1, tzinfo=UTC)  # what a released lease expires at: long ago


def replica_id() -> str:
    """Names this process in leases, logs and /healthz: host, pid and a random tail (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def new_token() -> int:
    return secrets.randbits(62)


@dataclass
class Lease:
    token: int
    expires_at: datetime


class WorkspaceLeases:
    """The workspaces this replica sends for, as far as it knows; the database has the last word."""

    def __init__(self, db: Database, replica: str, length: timedelta) -> None:
        self.db, self.replica, self.length = db, replica, length
        self.held: dict[str, Lease] = {}

    def live(self, now: datetime) -> list[str]:
        held = dict(self.held)  # a snapshot: /healthz reads this while the sender thread changes it
        return [team for team, lease in held.items() if lease.expires_at > now]

    def take_due(self, connection: Connection, now: datetime) -> dict[str, datetime | None]:
        """Take the lease of every workspace with due work that nobody holds (or whose holder let it lapse).

        Returns the workspaces taken just now, each with the pause Slack last asked for (or None)."""
        due = set(connection.execute(_DUE_TEAMS, {"now": now}).scalars())
        if not due:
            return {}
        current = {row.team_id: row for row in connection.execute(_LEASES_OF, {"teams": sorted(due)})}
        taken: dict[str, datetime | None] = {}
        for team in sorted(due):
            lease = current.get(team)
            # A lease ending further ahead than one length was taken on a clock since moved back: lapsed.
            if lease is not None and now < lease.expires_at <= now + self.length:
                if lease.holder == self.replica and lease.token == self._token(team):
                    continue  # ours already
                self.held.pop(team, None)
                continue  # another replica sends for this workspace
            token, expires_at = new_token(), now + self.length
            values = {"holder": self.replica, "token": token, "expires_at": expires_at}
            if lease is None:
                insert = insert_for(connection.dialect.name)(_LEASES).values(team_id=team, **values)
                got = connection.execute(insert.on_conflict_do_nothing().returning(_LEASES.c.team_id)).first()
            else:  # compare-and-set on the lapsed lease's token: of two replicas trying, one wins
                result = connection.execute(
                    update(_LEASES).where(_LEASES.c.team_id == team, _LEASES.c.token == lease.token).values(**values)
                )
                got = result.rowcount == 1
            if got:
                self.held[team] = Lease(token, expires_at)
                taken[team] = lease.paused_until if lease is not None else None
        return taken

    def renew(self, connection: Connection, now: datetime) -> set[str]:
        """Extend every lease still ours; returns the workspaces kept (the others were taken over)."""
        if not self.held:
            return set()
        expires_at = now + self.length
        renewed = connection.execute(_RENEW, {"replica": self.replica, "teams": list(self.held), "until": expires_at})
        kept = {(team, token) for team, token in renewed}
        self.held = {team: Lease(token, expires_at) for team, token in kept if self._token(team) == token}
        return set(self.held)

    def pause(self, team_id: str, until: datetime) -> None:
        """Record Slack's Retry-After for the workspace, so that whoever sends next waits it out too."""
        with self.db.engine.begin() as connection:
            connection.execute(
                update(_LEASES)
                .where(
                    _LEASES.c.team_id == team_id,
                    (_LEASES.c.paused_until.is_(None)) | (_LEASES.c.paused_until < until),
                )
                .values(paused_until=until)
            )

    def release(self) -> None:
        """Let the leases go at once (a clean shutdown), so another replica need not wait for them to lapse."""
        if not self.held:
            return
        with self.db.engine.begin() as connection:
            connection.execute(
                update(_LEASES)
                .where(_LEASES.c.holder == self.replica, _LEASES.c.team_id.in_(list(self.held)))
                .values(expires_at=LAPSED)
            )
        self.held = {}

    def _token(self, team: str) -> int | None:
        lease = self.held.get(team)
        return lease.token if lease else None
