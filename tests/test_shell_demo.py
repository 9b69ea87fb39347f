"""The demo organisation: loaded idempotently, kept apart from real workspaces, removed completely."""

import uuid

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlmodel import select

from bot import org
from bot.outbox import enqueue, message
from bot.shell import demo
from bot.shell.launch import DEMO_START, write_clock
from storage.org import Person, Role, Workspace
from storage.outbox import Delivery
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
        people = org.people(session, demo.DEMO_TEAM)
        roles = sorted(person.role for person in people)
        managers = {person.name: org.manager_of(session, person) for person in people}
        workspace = session.get(Workspace, demo.DEMO_TEAM)
    assert roles.count(Role.HR_ADMIN) == 1 and roles.count(Role.MANAGER) == 2 and roles.count(Role.EMPLOYEE) == 6
    assert {person.tz for person in people} == {"Europe/London", "America/New_York", "Asia/Shanghai"}
    assert all(demo.is_demo_id(p.slack_id) and p.email.endswith("@demo.example.com") for p in people)
    assert managers["Ken"].name == "Maria" and managers["Sam"].name == "Omar" and managers["Hana"] is None
    assert workspace.name == "Perf Co (demo)"


def test_loading_again_restores_the_demo_without_duplicates(db):
    demo.load(db, DEMO_START)
    with db.session() as session:
        ken = org.get(session, demo.DEMO_TEAM, "UDEMOKEN")
        org.set_department(ken, "Moved")
    demo.load(db, DEMO_START)
    with db.session() as session:
        assert len(org.people(session, demo.DEMO_TEAM)) == 9
        assert org.get(session, demo.DEMO_TEAM, "UDEMOKEN").department == "Engineering"


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
        real = org.ensure_workspace(session, "TREAL1", "Real Co")
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
