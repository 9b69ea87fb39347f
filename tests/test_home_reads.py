"""Domain: the App Home's reads give what the separate reads gave, in fewer statements."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import select

from bot.checkins import answers
from bot.goals import cycles, reads
from bot.org import access
from bot.record import feedback_reads
from storage.checkins import Checkin
from storage.counting import statements_sent
from storage.feedback import Feedback, FeedbackRequest
from storage.goals import Goal, Metric
from tests import goalkit, reportkit
from tests.conftest import START
from tests.people import build

NOW = START + timedelta(days=90)


def note(o, author, hours: int, **fields) -> dict:
    at = START + timedelta(hours=hours)
    row = {"team_id": o.ken.team_id, "subject_id": o.ken.id, "author_id": author.id, "kind": "praise"}
    row |= {"visibility": "shared", "text": f"note {hours}", "source": "command", "anonymous": False}
    return row | {"created_at": at, "updated_at": at} | fields


def anonymous_answers(o, request_id: int | None, count: int, first_hour: int) -> list[dict]:
    return [
        note(o, o.zoe, first_hour + n, source="request", anonymous=True, request_id=request_id) for n in range(count)
    ]


SCENARIOS = {
    "a few of each": lambda o, asked: [
        note(o, o.maria, 1),
        note(o, o.pia, 2, visibility="private"),
        note(o, o.pia, 3),
        note(o, o.maria, 24 * 90 - 1),  # within its grace period at NOW
        *anonymous_answers(o, asked, 3, 5),
        *anonymous_answers(o, None, 1, 9),
    ],
    "the newest notes all private": lambda o, asked: [
        note(o, o.maria, 1),
        note(o, o.pia, 2),
        *(note(o, o.pia, 10 + n, visibility="private") for n in range(feedback_reads.RECEIVED_LOOKED_AT + 5)),
    ],
    "many anonymous answers, shown": lambda o, asked: [note(o, o.maria, 1), *anonymous_answers(o, asked, 14, 2)],
    "many anonymous answers, held back": lambda o, asked: [note(o, o.maria, 1), *anonymous_answers(o, None, 14, 2)],
    "nothing": lambda o, asked: [],
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_received_shows_what_about_shows_and_counts_what_the_person_may_see_of_the_newest(db, scenario):
    with db.session() as session:
        o = build(session)
        asked = session.execute(
            insert(FeedbackRequest).values(
                team_id=o.ken.team_id, about_id=o.ken.id, requester_id=o.ken.id, deadline=START, created_at=START
            )
        ).inserted_primary_key[0]
        rows = SCENARIOS[scenario](o, asked)
        if rows:
            session.execute(insert(Feedback), rows)
    assert_received_agrees_with_about(db, o.ken)


def test_received_reads_the_notes_once_for_both_sections_of_a_page(db):
    with db.session() as session:
        o = build(session)
        session.execute(insert(Feedback), [note(o, o.maria, n) for n in range(5)])
    with statements_sent(db) as statements, db.read(o.ken, o.maria) as session:
        ken = session.merge(o.ken, load=False)
        shown, _ = feedback_reads.received(session, ken, now=NOW, latest=3)
        _, seen = feedback_reads.received(session, ken, now=NOW, latest=0)
    assert [s.feedback.id for s in shown] == [row.id for row in reversed(seen[:3])]
    assert len(statements) == 1


def test_check_in_stats_of_a_team_are_one_statement(db):
    with db.session() as session:
        o = build(session)
        session.add(Checkin(team_id=o.ken.team_id, person_id=o.ken.id, week="2027-W01", answers=[], revision=1))
    with statements_sent(db) as statements, db.read(o.maria, o.ken, o.pia) as session:
        team = [session.merge(p, load=False) for p in (o.maria, o.ken, o.pia)]
        found = answers.stats_for(session, team, START + timedelta(days=7))
    assert len(statements) == 1
    assert found[o.ken.id].streak == 1 and found[o.maria.id].streak == 0


def test_a_persons_goals_come_with_their_metrics_and_the_active_cycle_with_its_phases(db):
    with db.session() as session:
        people = goalkit.people(session)
        cycle = goalkit.q1(session, people.hana)
        for number, owner in enumerate((people.ken, people.ken, people.ken, people.maria)):
            reportkit.add_goal(session, cycle, owner, f"Goal {number}", "internal", start=0, target=10, current=number)
        session.add(
            Metric(
                team_id=cycle.team_id,
                goal_id=reportkit.add_goal(
                    session, cycle, people.ken, "Two metrics", "customer", start=0, target=5, current=1
                ).goal_id,
                name="Second",
                unit="u",
                start_value=0,
                target_value=1,
                current_value=0,
            )
        )
        session.add(
            Goal(
                team_id=cycle.team_id,
                cycle_id=cycle.id,
                owner_person_id=people.ken.id,
                title="No metric",
                perspective="learning",
                goal_type="okr",
                weight=0,
                status="proposed",
            )
        )
    with db.read() as session:
        ken = session.merge(people.ken, load=False)
        expected_phases = [(p.kind, p.opens_on) for p in cycles.phases(session, cycle)]
        expected_goals = reads.goals_of(session, cycle, ken)
        expected = {
            goal_id: [m.id for m in found] for goal_id, found in reads.metrics_for(session, expected_goals).items()
        }
    with statements_sent(db) as statements, db.read(people.ken) as session:
        ken = session.merge(people.ken, load=False)
        active = cycles.active(session, ken.team_id)
        assert [(p.kind, p.opens_on) for p in cycles.phases(session, active)] == expected_phases
        goals, metrics = reads.goals_with_metrics(session, active, ken)
        assert [g.id for g in goals] == list(expected) == [g.id for g in reads.goals_of(session, active, ken)]
        assert {goal_id: [m.id for m in found] for goal_id, found in metrics.items()} == expected
        assert reads.metrics_for(session, goals).keys() == expected.keys()
    assert len(statements) == 2


@pytest.mark.parametrize("seed", range(6))
def test_received_agrees_with_about_on_random_mixes_of_notes(db, seed):
    chance = random.Random(seed)
    with db.session() as session:
        o = build(session)
        asked = [
            session.execute(
                insert(FeedbackRequest).values(
                    team_id=o.ken.team_id, about_id=o.ken.id, requester_id=o.ken.id, deadline=START, created_at=START
                )
            ).inserted_primary_key[0]
            for _ in range(2)
        ]
        rows = []
        for _ in range(chance.randint(0, 80)):
            author = chance.choice([o.maria, o.pia, o.zoe, o.vp])
            hours = chance.choice([chance.randint(0, 24 * 90), 24 * 90 - 1])  # some still in their grace period
            if chance.random() < 0.3:
                request = chance.choice([*asked, None])
                rows.append(note(o, author, hours, source="request", anonymous=True, request_id=request))
            else:
                visibility = chance.choice(["shared", "private"])
                rows.append(note(o, author, hours, visibility=visibility, source=chance.choice(["command", "kudos"])))
        if rows:
            session.execute(insert(Feedback), rows)
    assert_received_agrees_with_about(db, o.ken)


def assert_received_agrees_with_about(db, person) -> None:
    """`received` shows what `about(latest=3)` shows, and counts the notes the person may see among the newest,
    as the dashboard's rule (`access.can_see_feedback`) tells them one by one."""
    with db.read() as session:
        ken = session.merge(person, load=False)
        expected = feedback_reads.about(session, viewer=ken, subject=ken, now=NOW, latest=3)
        about_ken = session.exec(select(Feedback).where(Feedback.subject_id == ken.id)).all()
        newest = sorted(about_ken, key=lambda f: (f.created_at, f.id), reverse=True)
        counted = [
            f.id for f in newest[: feedback_reads.RECEIVED_LOOKED_AT] if access.can_see_feedback(session, ken, f, NOW)
        ]
    with db.read() as session:
        ken = session.merge(person, load=False)
        shown, seen = feedback_reads.received(session, ken, now=NOW, latest=3)

    def ids(items):
        return [(s.feedback.id, s.author.id if s.author else None, s.held_back) for s in items]

    assert ids(shown) == ids(expected)
    assert [row.id for row in seen] == counted
