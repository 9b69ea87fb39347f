"""The one access policy: who may see or change whose records. Handlers ask; they never re-implement it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, null
from sqlmodel import Session, func, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.org import directory
from bot.text import escape
from storage.feedback import Feedback, Source, Visibility
from storage.goals import Goal, OwnerKind
from storage.org import Person, Role
from storage.reviews import ReviewKind


def is_hr(person: Person) -> bool:
    return person.role == Role.HR_ADMIN and person.is_active


def is_in_line_above(session: Session, manager: Person, subject: Person) -> bool:
    """True when `manager` is the subject's manager, or their manager's manager, and so on (walked up only as
    far as needed)."""
    if manager.team_id != subject.team_id:
        return False
    seen = {subject.id}
    current = directory.manager_of(session, subject)
    while current is not None and current.id not in seen:
        if current.id == manager.id:
            return True
        seen.add(current.id)
        current = directory.manager_of(session, current)
    return False


def line_of(manager_id: int, reports: dict[int, list[int]]) -> set[int]:
    """Everyone in a manager's line, inactive people too (chains pass through them), as `is_in_line_above`
    decides it one by one; `reports` holds every person's direct reports by id, for a whole workspace at once.
    Found a level at a time; a chain that loops back to the manager ends there."""
    line: set[int] = set()
    level: set[int] = {manager_id}
    while level:
        reached = set()
        for person_id in level:
            reached.update(reports.get(person_id, ()))
        reached -= line
        reached.discard(manager_id)
        line |= reached
        level = reached & reports.keys()  # only those with reports of their own lead further down
    return line


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


# --- Check-ins -------------------------------------------------------------------------------
def require_checkin_team_schedule(session: Session, actor: Person) -> None:
    """A team's check-in schedule is set by its manager (someone with direct reports) or by HR."""
    if not (is_hr(actor) or directory.direct_reports(session, actor)):
        raise Forbidden("checkin.schedule.managers_only")


def can_see_checkin(session: Session, viewer: Person, subject: Person) -> bool:
    """A check-in is seen by its author, their manager line and HR (the general records rule)."""
    return can_view_person_records(session, viewer, subject)


def require_checkin_reply(session: Session, author: Person, subject: Person) -> None:
    """Replying to a check-in is for the person's manager line (or HR), never the author themself."""
    if author.id == subject.id or not can_view_person_records(session, author, subject):
        raise Forbidden("access.not_in_line", person=subject.slack_id)


# -- goals and cycles ---------------------------------------------------------------------------


def manages_department(session: Session, person: Person, department: str) -> bool:
    """A manager of that team: someone with direct reports, in that department or managing people in it."""
    reports = directory.direct_reports(session, person)
    wanted = department.strip().casefold()
    in_it = [p for p in [person, *reports] if (p.department or "").strip().casefold() == wanted]
    return bool(reports) and bool(in_it)


def require_team_goal(session: Session, actor: Person, department: str | None) -> None:
    """A team's (department's) goals are set by that team's manager or by HR; everyone else is refused."""
    if is_hr(actor):
        return
    if not (department or "").strip():
        raise Invalid("cycle.department_required", field="owner")
    if not manages_department(session, actor, department):
        raise Forbidden("goal.team_goal_forbidden", department=escape(department.strip()))


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


# --- Feedback, one-to-ones and development plans ---------------------------------------------------
# Feedback: the author always sees what they wrote; the manager line and HR see everything about their
# people; the subject sees shared feedback only. An anonymous peer answer never names its author to anyone
# but the author, and reaches the subject only once its request has ANONYMITY_THRESHOLD anonymous answers;
# until then only the manager line and HR see it. Counting anonymous answers (not all answers) matters: with
# two signed answers and one anonymous from three people asked, the subject could name the anonymous author.

ANONYMITY_THRESHOLD = 3
# The author may edit or delete a note for this long after logging it; a shared note reaches its subject (in
# their DMs, their App Home and `/feedback show`) only once this window is over.
FEEDBACK_GRACE = timedelta(minutes=10)


def is_line_or_hr(session: Session, viewer: Person, subject: Person) -> bool:
    """HR in the subject's workspace, or anyone above the subject in the reporting line."""
    return viewer.team_id == subject.team_id and (is_hr(viewer) or is_in_line_above(session, viewer, subject))


def anonymous_answer_count(session: Session, request_id: int) -> int:
    query = select(func.count()).select_from(Feedback).where(Feedback.request_id == request_id, Feedback.anonymous)
    return session.exec(query).one()


def anonymous_held_back(session: Session, feedback) -> bool:
    """True while an anonymous answer must stay hidden from its subject (too few anonymous answers alongside)."""
    if not feedback.anonymous:
        return False
    if feedback.request_id is None:
        return True
    return anonymous_answer_count(session, feedback.request_id) < ANONYMITY_THRESHOLD


def released_to_subject(feedback, now: datetime) -> bool:
    """A shared note reaches its subject when its author can no longer change it. Kudos (posted in a channel at
    once) and answers to a feedback request (never edited) reach them at once."""
    return feedback.source in (Source.KUDOS, Source.REQUEST) or now >= feedback.created_at + FEEDBACK_GRACE


def can_see_feedback(session: Session, viewer: Person, feedback, now: datetime) -> bool:
    if viewer.team_id != feedback.team_id:
        return False
    if viewer.id == feedback.author_id:
        return True
    subject = session.get(Person, feedback.subject_id)
    if subject is None:
        return False
    if viewer.id != subject.id:
        return is_line_or_hr(session, viewer, subject)
    held_back = anonymous_held_back(session, feedback)
    return can_see_feedback_about(viewer, feedback, now, line_or_hr=False, held_back=held_back)


def held_back_given(feedback, anonymous_answers: dict[int, int]) -> bool:
    """`anonymous_held_back`, with each request's anonymous answers counted beforehand (one query for a list)."""
    if not feedback.anonymous:
        return False
    return feedback.request_id is None or anonymous_answers.get(feedback.request_id, 0) < ANONYMITY_THRESHOLD


def can_see_feedback_about(viewer: Person, feedback, now: datetime, *, line_or_hr: bool, held_back: bool) -> bool:
    """`can_see_feedback` for feedback about a subject whose relation to the viewer is already known
    (`line_or_hr`: the viewer is HR or above the subject; otherwise the viewer is the subject)."""
    if viewer.team_id != feedback.team_id:
        return False
    if viewer.id == feedback.author_id or line_or_hr:
        return True
    return (
        viewer.id == feedback.subject_id
        and feedback.visibility == Visibility.SHARED
        and released_to_subject(feedback, now)
        and not held_back
    )


def shows_feedback_author(viewer: Person, feedback) -> bool:
    """An anonymous answer names its author to no one but the author."""
    return not feedback.anonymous or viewer.id == feedback.author_id


def can_change_feedback(viewer: Person, feedback) -> bool:
    return viewer.team_id == feedback.team_id and viewer.id == feedback.author_id


def can_request_feedback_about(session: Session, requester: Person, about: Person) -> bool:
    """People ask for feedback on themselves; the manager line and HR on their people."""
    return requester.team_id == about.team_id and (requester.id == about.id or is_line_or_hr(session, requester, about))


def can_see_one_on_one(session: Session, viewer: Person, manager: Person, report: Person) -> bool:
    """One-to-one notes: the pair, the report's manager line and HR."""
    if viewer.team_id != report.team_id:
        return False
    return viewer.id in (manager.id, report.id) or is_line_or_hr(session, viewer, report)


def may_nudge_about(manager: Person, subject_team_id: str, subject_manager_id: int | None) -> bool:
    """A coaching nudge about a person (their moods, blockers, goals, one-to-ones, plans) goes to their direct
    manager only: someone in their line, who may see all of it. A skip-level manager is nudged about their own direct
    reports, never about the people further down; a team-wide nudge (the manager themself) stays with them."""
    return manager.is_active and manager.team_id == subject_team_id and subject_manager_id == manager.id


def can_manage_plan(session: Session, viewer: Person, owner: Person) -> bool:
    """Plans are opened, extended and closed by the owner's manager line or HR."""
    return viewer.id != owner.id and is_line_or_hr(session, viewer, owner)


# --- Reports and exports -----------------------------------------------------------------------------
# A report covers people: a person (the general records rule), a team (everyone below the viewer in the
# reporting line), a department (HR: all of it; a manager: the part in their line), the organisation (HR).
# Reports show counts and averages, never who wrote an anonymous answer; an export (HR's) leaves anonymous
# authors out entirely.


def line_below(session: Session, manager: Person) -> set[int]:
    """Ids of everyone below `manager` in the reporting line, skip levels included (one query)."""
    rows = session.exec(
        select(Person.id, Person.manager_id).where(Person.team_id == manager.team_id, Person.is_active)
    ).all()
    children: dict[int, list[int]] = {}
    for person_id, manager_id in rows:
        if manager_id is not None:
            children.setdefault(manager_id, []).append(person_id)
    return line_of(manager.id, children)


def require_org_report(viewer: Person) -> None:
    if not is_hr(viewer):
        raise Forbidden("report.org_hr_only")


def team_report_people(session: Session, viewer: Person) -> set[int]:
    """A team report is about the viewer's line; someone with nobody below them has no team report."""
    below = line_below(session, viewer)
    if not below:
        raise Forbidden("report.no_team")
    return below


def department_report_people(session: Session, viewer: Person, members: set[int]) -> set[int] | None:
    """HR sees a whole department (None: no narrowing); a manager only the members in their line."""
    if is_hr(viewer):
        return None
    visible = members & line_below(session, viewer)
    if not visible:
        raise Forbidden("report.department_not_yours")
    return visible


def feedback_counted_for_subject(now: datetime):
    """Feedback a person's own report may count as received (SQL): what they may see themselves, shared notes
    released to them (see released_to_subject); anonymous answers are left out rather than checked one by one
    against ANONYMITY_THRESHOLD."""
    released = Feedback.source.in_([Source.KUDOS, Source.REQUEST]) | (Feedback.created_at <= now - FEEDBACK_GRACE)
    return (Feedback.visibility == Visibility.SHARED) & ~Feedback.anonymous & released


def exported_author(author, anonymous):
    """What an export (HR's view) says about who wrote feedback, as a SQL expression over the author and
    anonymous columns: nothing when the feedback was anonymous, so the name never leaves the database."""
    return case((anonymous, null()), else_=author)


# --- Reviews ----------------------------------------------------------------------------------------
# A self review is seen by its author, the manager line and HR. A manager review and the final score reach
# the person only once released; skip-level managers and HR read them before. A peer's ratings are seen by
# the subject's manager line and HR, never by the subject or other peers; the subject reads peer answers
# (text only) after release, anonymous ones only once ANONYMITY_THRESHOLD anonymous answers exist.
# Calibration: HR for the workspace, a manager for their own line; only HR adjusts a rating.


def can_see_review(session: Session, viewer: Person, review, subject: Person, *, released: bool) -> bool:
    if viewer.team_id != review.team_id or subject.team_id != review.team_id:
        return False
    if viewer.id == review.author_id:
        return True
    if viewer.id == subject.id:
        return review.kind == ReviewKind.MANAGER and released
    return is_line_or_hr(session, viewer, subject)


def can_write_manager_review(manager: Person, subject: Person) -> bool:
    """The manager review is written by the person's direct manager."""
    return manager.team_id == subject.team_id and subject.manager_id == manager.id and manager.id != subject.id


def can_see_score(session: Session, viewer: Person, subject: Person, *, released: bool) -> bool:
    if viewer.team_id != subject.team_id:
        return False
    if viewer.id == subject.id:
        return released
    return is_line_or_hr(session, viewer, subject)


def can_calibrate(session: Session, viewer: Person, subject: Person) -> bool:
    """HR calibrates everyone in the workspace; a manager sees the calibration of their own line."""
    return is_line_or_hr(session, viewer, subject) and viewer.id != subject.id


def can_manage_peer_nominations(session: Session, viewer: Person, subject: Person) -> bool:
    """The subject's manager line (or HR) approves or changes the peers the subject nominated."""
    return viewer.id != subject.id and is_line_or_hr(session, viewer, subject)


def subject_sees_peer_answer(review, *, released: bool, anonymous_answers: int) -> bool:
    """A peer's answers (never their ratings) reach the subject after release; anonymous ones only with
    ANONYMITY_THRESHOLD anonymous answers alongside."""
    if not released:
        return False
    return not review.anonymous or anonymous_answers >= ANONYMITY_THRESHOLD


def shows_review_author(viewer: Person, review) -> bool:
    return not review.anonymous or viewer.id == review.author_id


def token_may_feed(token_department: str | None, goal_department: str | None) -> bool:
    """An API token limited to a department feeds only that department's goals (its people's and its team
    goals); a workspace-wide token feeds every goal of its workspace (the caller looks goals up there only)."""
    if token_department is None:
        return True
    return goal_department is not None and goal_department.casefold() == token_department.casefold()
