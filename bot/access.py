"""The one access policy: who may see or change whose records. Handlers ask; they never re-implement it."""

from __future__ import annotations

from sqlmodel import Session

from bot import org
from bot.errors import Forbidden, NotFound
from storage.goals import Goal, OwnerKind
from storage.org import Person, Role


def is_hr(person: Person) -> bool:
    return person.role == Role.HR_ADMIN and person.is_active


def is_in_line_above(session: Session, manager: Person, subject: Person) -> bool:
    """True when `manager` is the subject's manager, or their manager's manager, and so on."""
    return manager.team_id == subject.team_id and manager in org.manager_chain(session, subject)


def can_view_person_records(session: Session, viewer: Person, subject: Person) -> bool:
    """Own records; the manager line's; HR's within the workspace. Nothing crosses workspaces."""
    if viewer.team_id != subject.team_id:
        return False
    return viewer.id == subject.id or is_hr(viewer) or is_in_line_above(session, viewer, subject)


def require_hr(person: Person) -> None:
    if not is_hr(person):
        raise Forbidden("access.hr_only")


def require_view(session: Session, viewer: Person, subject: Person) -> None:
    if not can_view_person_records(session, viewer, subject):
        raise Forbidden("access.not_in_line", person=subject.slack_id)


# --- Check-ins (issue 4) -------------------------------------------------------------------------------
def require_checkin_team_schedule(session: Session, actor: Person) -> None:
    """A team's check-in schedule is set by its manager (someone with direct reports) or by HR."""
    if not (is_hr(actor) or org.direct_reports(session, actor)):
        raise Forbidden("checkin.schedule.managers_only")


def can_see_checkin(session: Session, viewer: Person, subject: Person) -> bool:
    """A check-in is seen by its author, their manager line and HR (the general records rule)."""
    return can_view_person_records(session, viewer, subject)


def require_checkin_reply(session: Session, author: Person, subject: Person) -> None:
    """Replying to a check-in is for the person's manager line (or HR), never the author themself."""
    if author.id == subject.id or not can_view_person_records(session, author, subject):
        raise Forbidden("access.not_in_line", person=subject.slack_id)


# -- goals and cycles ---------------------------------------------------------------------------


def can_view_goal(session: Session, viewer: Person, goal: Goal) -> bool:
    """Team and company goals are visible to everyone in the workspace; a person's goals to the
    person, their manager line and HR."""
    if viewer.team_id != goal.team_id:
        return False
    if goal.owner_kind != OwnerKind.PERSON:
        return True
    owner = session.get(Person, goal.owner_person_id)
    return owner is not None and can_view_person_records(session, viewer, owner)


def require_view_goal(session: Session, viewer: Person, goal: Goal) -> None:
    if not can_view_goal(session, viewer, goal):
        raise NotFound("goal.not_found")
