"""Results: HR releases them, each person reads and acknowledges (or asks for a review), and what follows:
a results one-to-one, an improvement plan prompt at 2 or below, a development plan from the lowest competencies."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access, directory
from bot.record import plans
from bot.reviews import notices
from bot.reviews.competencies import competency_label, setup_for
from bot.reviews.timeline import Timeline, local_day, require
from bot.text import escape, mention
from storage.cycles import Cycle
from storage.org import Person
from storage.plans import ActionKind, Plan, PlanAction, PlanKind, Rhythm
from storage.reviews import Review, ReviewKind, ReviewRating, ReviewResult

IMPROVEMENT_AT_OR_BELOW = 2
SEEDED_COMPETENCIES = 2
SEED_KINDS = (ActionKind.TRAINING, ActionKind.MENTORING)
SEED_DUE_DAYS = 90


def result_of(session: Session, cycle: Cycle, person: Person) -> ReviewResult | None:
    return session.exec(
        select(ReviewResult).where(ReviewResult.cycle_id == cycle.id, ReviewResult.person_id == person.id)
    ).first()


def get(session: Session, team_id: str, result_id: int) -> ReviewResult:
    result = session.get(ReviewResult, result_id)
    if result is None or result.team_id != team_id:
        raise NotFound("review.not_found")
    return result


def visible_result(session: Session, viewer: Person, cycle: Cycle, subject: Person) -> ReviewResult | None:
    result = result_of(session, cycle, subject)
    if result is None:
        return None
    if not access.can_see_score(session, viewer, subject, released=result.released_at is not None):
        raise Forbidden("review.score_hidden", person=subject.slack_id)
    return result


def release(session: Session, *, actor: Person, cycle: Cycle, department: str | None, now: datetime) -> int:
    """HR releases results (one department or all) in the results phase; returns how many were released.

    One UPDATE and nothing per person: the result DMs, the managers' prompts and the results talking points are
    planned by the next tick (`bot.reviews.release.plan_released_results`), at each recipient's working hours."""
    access.require_hr(actor)
    require(Timeline.of(session, cycle).results_open(local_day(actor, now)), "results")
    conditions = [
        ReviewResult.cycle_id == cycle.id,
        ReviewResult.team_id == actor.team_id,
        ReviewResult.released_at.is_(None),
    ]
    if department:
        conditions.append(
            ReviewResult.person_id.in_(
                select(Person.id).where(Person.team_id == actor.team_id, Person.department == department)
            )
        )
    released = session.execute(update(ReviewResult).where(*conditions).values(released_at=now)).rowcount
    if not released:
        raise Invalid("review.nothing_to_release")
    session.flush()
    session.expire_all()
    return released


def breakdown_lines(lang: str, result: ReviewResult) -> list[str]:
    """One line per component: its value, weight, the share it carried, and how it was computed."""
    lines = []
    for row in result.breakdown.get("components", []):
        value = "–" if row.get("value") is None else f"{row['value']:.2f}"
        if row["name"] == "goals":
            how_key = "review.how.goals_ratings" if row.get("basis") == "ratings" else "review.how.goals"
            detail = row.get("rated", 0) if row.get("basis") == "ratings" else row.get("progress", 0)
        else:
            how_key, detail = f"review.how.{row['name']}", row.get("reviews", 0)
        lines.append(
            t(
                lang,
                "review.breakdown_line",
                component=t(lang, f"review.component.{row['name']}"),
                value=value,
                weight=row.get("weight", 0),
                share=row.get("share", 0),
                how=t(lang, how_key, detail=detail),
            )
        )
    return lines


SEED_ACTION = "review_seed_plan"  # the button on the manager's results one-to-one prompt


def acknowledge(session: Session, *, actor: Person, result: ReviewResult, comment: str, now: datetime) -> ReviewResult:
    _require_own_released(actor, result)
    if result.acknowledged_at is not None:
        raise Invalid("review.already_acknowledged")
    result.acknowledged_at, result.ack_comment = now, (comment or "").strip()[:2000] or None
    session.flush()
    return result


def request_review(
    session: Session, *, actor: Person, result: ReviewResult, reason: str, now: datetime
) -> ReviewResult:
    """The person asks HR to review the rating, with the case; every HR admin is told."""
    _require_own_released(actor, result)
    reason = (reason or "").strip()
    if len(reason.split()) < 3:
        raise Invalid("review.request_reason_needed", field="reason")
    if result.review_requested_at is not None:
        raise Invalid("review.already_requested")
    result.review_requested_at, result.review_request_reason = now, reason[:2000]
    session.flush()
    cycle = session.get(Cycle, result.cycle_id)
    for hr in session.exec(select(Person).where(Person.team_id == actor.team_id, Person.is_active)):
        if access.is_hr(hr):
            notices.notify(
                session,
                hr,
                kind="review_request",
                period=f"result{result.id}",
                key="review.notice.review_requested",
                person=mention(actor.slack_id),
                cycle=cycle.name,
                rating=result.rating,
                reason=escape(reason[:500]),
            )
    return result


def _require_own_released(actor: Person, result: ReviewResult) -> None:
    if result.person_id != actor.id or result.team_id != actor.team_id:
        raise Forbidden("review.not_yours")
    if result.released_at is None:
        raise Invalid("review.not_released")


def lowest_competencies(session: Session, cycle: Cycle, person: Person) -> list[tuple[str, int]]:
    """The manager's lowest competency ratings for the person, lowest first (ties by the cycle's order)."""
    setup = setup_for(session, cycle)
    order = [c["key"] for c in setup.competencies]
    rows = session.exec(
        select(ReviewRating.item, ReviewRating.rating)
        .join(Review, Review.id == ReviewRating.review_id)
        .where(Review.cycle_id == cycle.id, Review.subject_id == person.id, Review.kind == ReviewKind.MANAGER)
    )
    found = [(item.split(":", 1)[1], rating) for item, rating in rows if item.startswith("competency:")]
    found = [(key, rating) for key, rating in found if key in order]
    return sorted(found, key=lambda pair: (pair[1], order.index(pair[0])))[:SEEDED_COMPETENCIES]


def seed_development_plan(session: Session, *, actor: Person, result: ReviewResult, now: datetime) -> Plan:
    """The manager opens a development plan whose actions work on the lowest-rated competencies."""
    person = session.get(Person, result.person_id)
    cycle = session.get(Cycle, result.cycle_id)
    if result.released_at is None:
        raise Invalid("review.not_released")
    lang = language_for(actor.locale)
    labels = {c["key"]: competency_label(c, lang) for c in setup_for(session, cycle).competencies}
    lowest = lowest_competencies(session, cycle, person)
    if not lowest:
        raise Invalid("review.nothing_to_seed")
    plan = plans.open_plan(
        session,
        manager=actor,
        owner=person,
        kind=PlanKind.DEVELOPMENT,
        title=t(lang, "review.plan_title", cycle=cycle.name),
        now=now,
    )
    due = now.date() + timedelta(days=SEED_DUE_DAYS)
    for (key, _), kind in zip(lowest, SEED_KINDS, strict=False):
        action = plans.add_action(
            session,
            actor=actor,
            plan=plan,
            text=t(lang, f"review.seed.{kind}", skill=labels[key]),
            rhythm=Rhythm.MONTHLY,
            now=now,
        )
        action.skill, action.action_kind, action.due_on = labels[key], kind, due
    session.flush()
    return plan


def seeded_actions(session: Session, plan: Plan) -> list[PlanAction]:
    return list(session.exec(select(PlanAction).where(PlanAction.plan_id == plan.id).order_by(PlanAction.id)))


# Every App Home shows the person's past results: built once.
_HISTORY = (
    select(Cycle, ReviewResult)
    .join(ReviewResult, ReviewResult.cycle_id == Cycle.id)
    .where(ReviewResult.person_id == bindparam("person_id"), ReviewResult.released_at.is_not(None))
    .order_by(Cycle.starts_on.desc())
)


def history(session: Session, person: Person) -> list[tuple[Cycle, ReviewResult]]:
    """The person's released results, newest cycle first (closed cycles stay readable)."""
    return list(session.exec(_HISTORY, params={"person_id": person.id}))


def manager_of(session: Session, person: Person) -> Person | None:
    return directory.manager_of(session, person)
