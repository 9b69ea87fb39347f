"""Review reminders and escalation, planned set-based; and the statement counts of scores, calibration, the
planner, `/perf release` and the release planner, which must not grow with the number of people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from bench.reviews import CALIBRATION, SELF_REVIEW, TEAM, seed
from bot.goals import cycles
from bot.reviews import calibration, results, scoring
from bot.reviews.forms import RatingInput, ReviewInput
from bot.reviews.planner import plan_review_tasks
from bot.reviews.release import plan_released_results
from storage.oneonone import AgendaItem
from storage.org import Person, Role
from storage.outbox import Delivery
from tests.people import build
from tests.reviewkit import MANAGER_REVIEW, RESULTS, q1

SELF_DUE = datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


def deliveries(session, kind=None):
    rows = session.exec(select(Delivery)).all()
    return [(d.recipient, d.kind, d.period) for d in rows if kind is None or d.kind == kind]


def test_the_self_review_invitation_goes_out_once_at_nine_local_time(db):
    with db.session() as session:
        org = build(session)
        org.ken.tz, org.pia.tz = "Asia/Shanghai", "America/New_York"
        cycle = q1(session, org.hr.team_id, org.hr, now=datetime(2027, 2, 23, tzinfo=UTC))
        # 02:00 UTC on the first day: 10:00 in Shanghai, the night before in New York.
        assert plan_review_tasks(session, datetime(2027, 2, 24, 2, 0, tzinfo=UTC)) >= 1
        invited = {r for r, k, _ in deliveries(session, "review_self_open")}
        assert "UKEN" in invited and "UPIA" not in invited
        assert plan_review_tasks(session, datetime(2027, 2, 24, 2, 30, tzinfo=UTC)) == 0  # exactly once
        plan_review_tasks(session, datetime(2027, 2, 24, 14, 0, tzinfo=UTC))  # 09:00 in New York
        invited = {r for r, k, _ in deliveries(session, "review_self_open")}
        assert {"UKEN", "UPIA", "UZOE", "UOMAR", "UMARIA"} <= invited and "UHR" not in invited
        assert cycle.id


def test_reminders_before_the_deadline_and_the_manager_told_after_it(db):
    with db.session() as session:
        org = build(session)
        cycle = q1(session, org.hr.team_id, org.hr)
        from bot.reviews import forms
        from bot.reviews.evidence import record_items
        from storage.reviews import ReviewKind

        pia = org.pia
        review = forms.start(session, actor=pia, cycle=cycle, subject=pia, kind=ReviewKind.SELF, now=SELF_REVIEW)
        items = forms.items_to_rate(session, cycle, pia, ReviewKind.SELF)
        data = ReviewInput(
            [RatingInput(i, 3, [], "Shipped the billing export on time and documented it") for i in items], summary="ok"
        )
        forms.save(
            session,
            actor=pia,
            review=review,
            data=data,
            available=record_items(session, cycle, pia, pia, SELF_REVIEW),
            submit=True,
            now=SELF_REVIEW,
        )
        plan_review_tasks(session, datetime(2027, 2, 27, 10, 0, tzinfo=UTC))  # three days before 2 March
        reminded = {r for r, k, p in deliveries(session, "review_remind") if p.endswith(":self:3d")}
        assert "UKEN" in reminded and "UPIA" not in reminded  # Pia has submitted
        plan_review_tasks(session, datetime(2027, 3, 3, 10, 0, tzinfo=UTC))  # the day after the deadline
        overdue = {(r, p) for r, k, p in deliveries(session, "review_overdue")}
        assert ("UMARIA", f"cycle{cycle.id}:self:{org.ken.id}") in overdue
        assert not any(p.endswith(f":self:{pia.id}") for _, p in overdue)


def test_hr_gets_a_daily_completion_digest_per_manager_during_review_phases(db):
    with db.session() as session:
        org = build(session)
        q1(session, org.hr.team_id, org.hr)
        plan_review_tasks(session, MANAGER_REVIEW)
        digest = session.exec(select(Delivery).where(Delivery.kind == "review_hr_digest")).one()
        assert digest.recipient == "UHR" and "<@UMARIA>: self 0/3, peers 0/0, manager 0/3" in digest.message["text"]
        plan_review_tasks(session, CALIBRATION)  # no review phase runs in calibration
        assert len(deliveries(session, "review_hr_digest")) == 1


def statements(database_url: str, size: int, tmp_path) -> dict[str, int]:
    from storage import migrate
    from storage.counting import statements_sent
    from storage.db import Database

    db = Database(database_url)
    migrate.upgrade(db.engine)
    cycle_id = seed(db, size)
    found = {}
    with db.session() as session, statements_sent(db) as sent:
        scoring.compute_cycle(session, cycles.get(session, TEAM, cycle_id), CALIBRATION)
        found["scores"] = len(sent)
    with db.session() as session, statements_sent(db) as sent:
        hr = session.exec(select(Person).where(Person.role == Role.HR_ADMIN)).first()
        calibration.view(session, viewer=hr, cycle=cycles.get(session, TEAM, cycle_id))
        found["calibration"] = len(sent)
    with db.session() as session, statements_sent(db) as sent:
        plan_review_tasks(session, SELF_REVIEW)
        found["planner"] = len(sent)
    with db.session() as session, statements_sent(db) as sent:
        hr = session.exec(select(Person).where(Person.role == Role.HR_ADMIN)).first()
        assert results.release(
            session, actor=hr, cycle=cycles.get(session, TEAM, cycle_id), department=None, now=RESULTS
        )
        found["release"] = len(sent)
    with db.session() as session, statements_sent(db) as sent:
        assert plan_released_results(session, RESULTS) == size - 1
        found["release planner"] = len(sent)
    with db.session() as session:
        told = session.exec(select(Delivery.kind, Delivery.recipient)).all()
        assert sum(kind == "review_result" for kind, _ in told) == size - 1
        assert sum(kind == "review_results_one_on_one" for kind, _ in told) == size - 1
        assert session.exec(select(func.count()).select_from(AgendaItem)).one() == size - 1
        assert plan_released_results(session, RESULTS) == 0  # exactly once
    db.dispose()
    return found


@pytest.mark.parametrize("backend", ["sqlite"])
def test_statement_counts_do_not_grow_with_the_number_of_people(tmp_path, backend):
    small = statements(f"sqlite:///{tmp_path / 'small.db'}", 10, tmp_path)
    large = statements(f"sqlite:///{tmp_path / 'large.db'}", 100, tmp_path)
    assert small == large
