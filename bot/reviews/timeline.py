"""Which review step a cycle's dated phases allow on a given day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.errors import Invalid, NotFound
from bot.goals import cycles
from storage.cycles import Cycle, CyclePhase, CycleStatus
from storage.org import Person


def local_day(person: Person, now: datetime) -> date:
    try:
        return now.astimezone(ZoneInfo(person.tz or "UTC")).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


class Timeline:
    """A cycle's phases by kind, and the rules for what is open on a day."""

    def __init__(self, cycle: Cycle, phases: list[CyclePhase]) -> None:
        self.cycle = cycle
        self.phases = {phase.kind: phase for phase in phases}

    @classmethod
    def of(cls, session: Session, cycle: Cycle) -> Timeline:
        return cls(cycle, cycles.phases(session, cycle))

    def phase(self, kind: str) -> CyclePhase | None:
        return self.phases.get(kind)

    def within(self, kind: str, day: date) -> bool:
        phase = self.phases.get(kind)
        return phase is not None and phase.opens_on <= day <= phase.due_on

    def after(self, kind: str, day: date) -> bool:
        phase = self.phases.get(kind)
        return phase is not None and day > phase.due_on

    def started(self, kind: str, day: date) -> bool:
        phase = self.phases.get(kind)
        return phase is not None and day >= phase.opens_on

    def due(self, kind: str) -> date | None:
        phase = self.phases.get(kind)
        return phase.due_on if phase else None

    @property
    def active(self) -> bool:
        return self.cycle.status == CycleStatus.ACTIVE

    def self_open(self, day: date) -> bool:
        return self.active and self.within("self_review", day)

    def peer_due(self) -> date | None:
        return self.due("peer_review") or self.due("self_review")

    def peers_open(self, day: date) -> bool:
        """Nominations and peer answers run from the self-review phase to the peer deadline."""
        due = self.peer_due()
        return self.active and self.started("self_review", day) and due is not None and day <= due

    def manager_open(self, day: date) -> bool:
        due = self.due("manager_review")
        return self.active and self.started("self_review", day) and due is not None and day <= due

    def calibration_open(self, day: date) -> bool:
        """Scores are computed and calibrated as manager reviews come in, until the results phase ends."""
        return self.active and self.started("self_review", day) and not self.after("results", day)

    def results_open(self, day: date) -> bool:
        return self.active and self.started("results", day)


def require(open_now: bool, step: str) -> None:
    if not open_now:
        raise Invalid("review.closed", phase=step)


def active_cycle(session: Session, team_id: str) -> Cycle:
    cycle = cycles.active(session, team_id)
    if cycle is None:
        raise NotFound("review.no_cycle")
    return cycle
