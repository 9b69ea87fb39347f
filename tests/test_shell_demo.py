"""The demo organisation: loaded idempotently, kept apart from real workspaces, removed completely."""

import uuid

import pytest
from sqlalchemy import create_engine, func, make_url, text
from sqlmodel import SQLModel, select

from bot.checkins import schedules
from bot.delivery.outbox import enqueue, message
from bot.goals import cycles, reads, tracking
from bot.org import directory
from bot.shell import demo
from bot.shell.launch import DEMO_START, write_clock
from storage.checkins import WORKSPACE_SCOPE, Checkin
from storage.feedback import Feedback, Kind, Visibility
from storage.goals import Goal, GoalStatus
from storage.org import Person, Role, Workspace
from storage.outbox import Delivery, DeliveryStatus
from storage.shell import ShellClock
from tests.conftest import POSTGRES_URL


@pytest.fixture
def postgresql_url():
    """A fresh PostgreSQL database, dropped afterwards.

    conftest's `database_url` asks for a `postgresql_url` fixture (it has `postgres_url`), and the
    schema-per-test URL that one builds holds a `%`, which Alembic's config cannot take; a whole
    database per test needs neither.
    """
    if not POSTGRES_URL:
        pytest.skip("PERFBOT_TEST_POSTGRES_URL is not set")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_demo_has_hr_two_managers_and_six_employees_in_three_zones(db):
    assert demo.load(db, DEMO_START) == 9
    with db.session() as session:
        people = directory.people(session, demo.DEMO_TEAM)
        roles = sorted(person.role for person in people)
        managers = {person.name: directory.manager_of(session, person) for person in people}
        workspace = session.get(Workspace, demo.DEMO_TEAM)
    assert roles.count(Role.HR_ADMIN) == 1 and roles.count(Role.MANAGER) == 2 and roles.count(Role.EMPLOYEE) == 6
    assert {person.tz for person in people} == {"Europe/London", "America/New_York", "Asia/Shanghai"}
    assert all(demo.is_demo_id(p.slack_id) and p.email.endswith("@demo.example.com") for p in people)
    assert managers["Ken"].name == "Maria" and managers["Sam"].name == "Omar" and managers["Hana"] is None
    assert workspace.name == "Perf Co (demo)"


def test_loading_again_restores_the_demo_without_duplicates(db):
    demo.load(db, DEMO_START)
    with db.session() as session:
        ken = directory.get(session, demo.DEMO_TEAM, "UDEMOKEN")
        directory.set_department(ken, "Moved")
    demo.load(db, DEMO_START)
    with db.session() as session:
        assert len(directory.people(session, demo.DEMO_TEAM)) == 9
        assert directory.get(session, demo.DEMO_TEAM, "UDEMOKEN").department == "Engineering"


def test_removal_takes_every_row_of_the_demo_workspace_and_nothing_else(db):
    demo.load(db, DEMO_START)
    with db.session() as session:
        write_clock(session, DEMO_START)
        enqueue(
            session,
            team_id=demo.DEMO_TEAM,
            recipient="UDEMOKEN",
            kind="demo",
            period="1",
            message=message("hello"),
        )
        real = directory.ensure_workspace(session, "TREAL1", "Real Co")
        session.add(Person(team_id=real.team_id, slack_id="UREAL1", name="Real"))
        enqueue(session, team_id="TREAL1", recipient="UREAL1", kind="real", period="1", message=message("hi"))

    assert demo.remove(db) == 9
    assert demo.remove(db) == 0
    with db.session() as session:
        assert [p.slack_id for p in session.exec(select(Person))] == ["UREAL1"]
        assert [d.team_id for d in session.exec(select(Delivery))] == ["TREAL1"]
        assert session.get(Workspace, demo.DEMO_TEAM) is None
        assert session.get(ShellClock, demo.DEMO_TEAM) is None
    assert not demo.is_loaded(db)


def test_demo_has_a_cycle_goals_check_ins_and_feedback_made_by_the_features(db):
    demo.load(db, DEMO_START)
    demo.load(db, DEMO_START)  # again: nothing twice
    with db.session() as session:
        cycle = cycles.active(session, demo.DEMO_TEAM)
        ken = directory.get(session, demo.DEMO_TEAM, "UDEMOKEN")
        statuses = {g.title: g.status for g in session.exec(select(Goal).where(Goal.team_id == demo.DEMO_TEAM))}
        latency = next(g for g in reads.goals_of(session, cycle, ken) if g.title == "Cut API p95 latency")
        metric = reads.metrics_of(session, latency)[0]
        points = [p.value for p in tracking.points(session, metric)]
        schedule = schedules.find(session, demo.DEMO_TEAM, WORKSPACE_SCOPE)
        weeks = [c.week for c in session.exec(select(Checkin).where(Checkin.team_id == demo.DEMO_TEAM))]
        notes = [
            (f.kind, f.visibility) for f in session.exec(select(Feedback).where(Feedback.team_id == demo.DEMO_TEAM))
        ]
        waiting = [(d.kind, d.status) for d in session.exec(select(Delivery)) if d.status == DeliveryStatus.PENDING]
        maria = directory.get(session, demo.DEMO_TEAM, "UDEMOMARIA")
        awaiting = [g.title for g in reads.awaiting_approval(session, cycle, maria)]
    assert (cycle.name, cycle.weights) == ("2027 Q1", {"financial": 40, "customer": 30, "internal": 20, "learning": 10})
    assert statuses == {
        "Cut API p95 latency": GoalStatus.AGREED,
        "Onboard two new engineers": GoalStatus.AGREED,
        "Grow renewals revenue": GoalStatus.AGREED,
        "Publish the public API guide": GoalStatus.PROPOSED,
        "Move billing to the v2 API": GoalStatus.AGREED,  # agreed a month ago and not updated since
    }
    assert awaiting == ["Publish the public API guide"]
    assert (metric.current_value, points[-2:]) == (360, [390, 360])
    assert (schedule.enabled, schedule.weekdays, schedule.local_time) == (True, "4", "16:00")
    assert sorted(weeks) == ["2026-W50", "2026-W51", "2026-W52", "2026-W53", "2026-W53"]  # Aisha's mood fell
    assert sorted(notes) == [
        (Kind.COACHING, Visibility.PRIVATE),
        (Kind.COACHING, Visibility.PRIVATE),
        (Kind.PRAISE, Visibility.SHARED),
        (Kind.PRAISE, Visibility.SHARED),
    ]
    assert waiting == []  # demo history is not announced when the shell starts


def test_removal_leaves_no_row_of_the_demo_in_any_table_and_keeps_a_real_workspace(db):
    with db.session() as session:
        real = directory.ensure_workspace(session, "TREAL1", "Real Co")
        session.add(Person(team_id=real.team_id, slack_id="UREAL1", name="Real"))
    demo.load(db, DEMO_START)
    with db.session() as session:
        before = {t.name: session.exec(select(func.count()).select_from(t)).one() for t in tables_with_team()}
    assert all(before[name] > 0 for name in ("cycle", "goal", "goalevent", "metric", "metricpoint", "checkin"))
    assert all(before[name] > 0 for name in ("checkinschedule", "feedback", "cyclephase", "delivery"))

    assert demo.remove(db) == 9
    with db.session() as session:
        left = {
            t.name: session.exec(select(func.count()).select_from(t).where(t.c.team_id == demo.DEMO_TEAM)).one()
            for t in tables_with_team()
        }
        assert [p.slack_id for p in session.exec(select(Person))] == ["UREAL1"]
        assert session.get(Workspace, "TREAL1").name == "Real Co"
    assert {name: count for name, count in left.items() if count} == {}


def tables_with_team():
    return [t for t in SQLModel.metadata.sorted_tables if "team_id" in t.c]
