"""HR's nudge thresholds (with sensible defaults) and each manager's choice to receive the weekly digest."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session, select

from bot.errors import Invalid
from bot.org import access
from storage.coaching import CoachingPreference, CoachingSettings
from storage.org import Person


class Thresholds(BaseModel):
    """When a nudge is raised; HR tunes these per workspace with `/perf coaching set name=value …`."""

    mood: int = Field(2, ge=1, le=4, description="a mood at or below this, twice running")
    mood_drop: int = Field(2, ge=1, le=4, description="a fall of this much from the average of the weeks before")
    oneonone_days: int = Field(21, ge=7, le=90, description="days without a one-to-one when the pair has no cadence")
    goal_margin: int = Field(25, ge=5, le=90, description="percentage points progress may lag the time elapsed")
    goal_stale_days: int = Field(21, ge=7, le=90, description="days without an update to a goal")
    feedback_days: int = Field(30, ge=7, le=180, description="days without feedback from the manager")
    blockers: int = Field(2, ge=2, le=4, description="check-ins with blockers among the last three")
    snooze_days: int = Field(28, ge=7, le=90, description="how long a snooze lasts")

    model_config = {"extra": "forbid"}


NAMES = tuple(Thresholds.model_fields)


def thresholds(session: Session, team_id: str) -> Thresholds:
    row = session.get(CoachingSettings, team_id)
    return Thresholds(**(row.values if row else {}))


def thresholds_of(session: Session, team_ids: list[str]) -> dict[str, Thresholds]:
    """Every workspace's thresholds in one query."""
    rows = session.exec(select(CoachingSettings).where(CoachingSettings.team_id.in_(team_ids))) if team_ids else []
    found = {row.team_id: Thresholds(**row.values) for row in rows}
    return {team_id: found.get(team_id, Thresholds()) for team_id in team_ids}


def parse_changes(text: str) -> dict[str, int]:
    """`mood=2 oneonone_days=14` -> {"mood": 2, "oneonone_days": 14}; unknown names and bad numbers are refused."""
    changes: dict[str, int] = {}
    for token in text.split():
        name, sep, value = token.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or name not in NAMES or not value.strip().isdigit():
            raise Invalid("coaching.settings.usage", names=", ".join(NAMES))
        changes[name] = int(value)
    if not changes:
        raise Invalid("coaching.settings.usage", names=", ".join(NAMES))
    return changes


def update(session: Session, *, actor: Person, changes: dict[str, int], now: datetime) -> Thresholds:
    access.require_hr(actor)
    current = thresholds(session, actor.team_id).model_dump()
    try:
        validated = Thresholds(**{**current, **changes})
    except ValidationError as error:
        problem = error.errors()[0]
        raise Invalid("coaching.settings.out_of_range", name=str(problem["loc"][0])) from None
    row = session.get(CoachingSettings, actor.team_id)
    if row is None:
        row = CoachingSettings(team_id=actor.team_id)
        session.add(row)
    row.values = {
        name: value for name, value in validated.model_dump().items() if value != Thresholds().model_dump()[name]
    }
    row.updated_at = now
    return validated


def set_digest(session: Session, *, person: Person, enabled: bool, now: datetime) -> None:
    """The manager's own choice: their weekly digest on or off."""
    row = session.exec(
        select(CoachingPreference).where(
            CoachingPreference.team_id == person.team_id, CoachingPreference.person_id == person.id
        )
    ).first()
    if row is None:
        row = CoachingPreference(team_id=person.team_id, person_id=person.id)
        session.add(row)
    row.digest_enabled = enabled
    row.updated_at = now


def digest_enabled(session: Session, person: Person) -> bool:
    row = session.exec(
        select(CoachingPreference.digest_enabled).where(
            CoachingPreference.team_id == person.team_id, CoachingPreference.person_id == person.id
        )
    ).first()
    return True if row is None else bool(row)
