"""Builds a large organisation with bulk inserts (seconds, not minutes), and the moments each planner is busiest.

Used by `bench/scale.py` and by the tests that count statements at two sizes. The shape: one HR admin, one
manager per ten people (each with about nine reports), three goals per person (two agreed, one proposed, each
with a KPI), weekly check-ins for four weeks, two pieces of feedback per person (one of them kudos), and per
manager a peer-feedback request, a one-to-one with an action due and a meeting tomorrow, and a plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from bot.checkins.calendar import week_of
from bot.goals import cycles
from storage.checkins import Checkin, CheckinSchedule
from storage.db import Database
from storage.feedback import Feedback, FeedbackAsk, FeedbackRequest, RecognitionSetting
from storage.goals import Goal, Metric
from storage.oneonone import AgendaItem, Meeting, OneOnOne
from storage.org import Person, Workspace
from storage.outbox import Delivery
from storage.plans import Plan, PlanAction

TEAM = "TSCALE"
ZONE = "Europe/London"  # everyone in one zone: every prompt, reminder and digest falls due in the same minute
CYCLE_START = date(2027, 1, 1)
CHECKIN_WEEKS = ["2027-W01", "2027-W02", "2027-W03", "2027-W04"]


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}:00+00:00")


# When each planner has the most to do (London is on UTC in winter), and a quiet minute for all of them.
BUSIEST = {
    "prompts": at("2027-02-05", "16:05"),  # Friday 16:00: everyone is asked for week 5
    "reminders": at("2027-02-08", "09:05"),  # the next working morning: everyone who has not answered
    "digests": at("2027-02-08", "17:05"),  # Monday 17:00: every manager's digest of week 5
    "phase_reminders": at("2027-01-01", "10:05"),  # goal setting opens: everyone has goals to agree
    "peer_requests": at("2027-02-08", "10:05"),  # asks two days old, and requests that just closed
    "oneonone_due": at("2027-02-08", "10:05"),  # every pair's action item is due today
    "oneonone_agenda": at("2027-02-08", "10:05"),  # every pair meets tomorrow
    "plans": at("2027-02-05", "16:05"),  # Friday afternoon: every plan's owner, and the slips
    "kudos": at("2027-03-01", "09:05"),  # the 1st: managers' and HR's summaries of February
}
QUIET = at("2027-02-10", "11:07")  # a Wednesday minute when nothing is due


@dataclass
class Organisation:
    team_id: str
    people: int
    managers: int
    hr: str  # Slack ids of people worth looking at
    manager: str
    report: str  # one of the manager's reports


def _ids(session: Session, column, team_id: str) -> list[int]:
    return list(session.execute(select(column).where(column.table.c.team_id == team_id).order_by(column)).scalars())


def build(
    db: Database,
    people: int = 10_000,
    *,
    managers: int | None = None,
    team_id: str = TEAM,
    feedback_each: int = 2,
    goals_each: int = 3,
) -> Organisation:
    """The organisation, written in a handful of bulk statements; `people` includes HR and the `managers`
    (one in ten by default)."""
    team = team_id
    managers = managers or max(1, people // 10)
    created = datetime(2026, 12, 1, tzinfo=UTC)
    with db.session() as session:
        session.execute(insert(Workspace), [{"team_id": team, "name": "Scale", "created_at": created}])
        session.execute(
            insert(Person),
            [
                {
                    "team_id": team,
                    "slack_id": f"U{index:07d}",
                    "name": f"Person {index:05d}",
                    "email": f"p{index}@example.com",
                    "tz": ZONE,
                    "locale": "en-US",
                    "is_active": True,
                    "role": "hr_admin" if index == 0 else "manager" if index <= managers else "employee",
                    "is_primary_owner": index == 0,
                    "updated_at": created,
                }
                for index in range(people)
            ],
        )
        ids = _ids(session, Person.__table__.c.id, team)
        manager_ids = ids[1 : managers + 1]
        reports = {index: manager_ids[index % managers] for index in range(managers + 1, people)}
        session.execute(
            update(Person.__table__)
            .where(Person.__table__.c.id == bindparam("pid"))
            .values(manager_id=bindparam("mid")),
            [{"pid": ids[index], "mid": manager} for index, manager in reports.items()],
        )
        cycle, _ = cycles.create(
            session,
            team_id=team,
            actor=None,
            name="2027 Q1",
            cadence="quarterly",
            starts_on=CYCLE_START,
            ends_on=date(2027, 3, 31),
            timetable=cycles.suggested_timetable(CYCLE_START, date(2027, 3, 31)),
            now=created,
        )
        session.add(CheckinSchedule(team_id=team, scope="workspace", questions=[]))
        session.add(RecognitionSetting(team_id=team, channel_id="CKUDOS", summarised_month="2027-01"))
        session.flush()
        _goals(session, team, cycle.id, ids[1:], goals_each, created)
        _checkins(session, team, ids[1:])
        _feedback(session, team, ids, reports, feedback_each)
        _record(session, team, ids, reports)
    analyze(db)
    return Organisation(team, people, managers, hr="U0000000", manager=f"U{1:07d}", report=f"U{2 * managers:07d}")


def analyze(db: Database) -> None:
    """Fresh statistics after a bulk change, as autovacuum (PostgreSQL) would soon gather them."""
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _goals(session: Session, team: str, cycle_id: int, owners: list[int], each: int, created: datetime) -> None:
    session.execute(
        insert(Goal),
        [
            {
                "team_id": team,
                "cycle_id": cycle_id,
                "owner_kind": "person",
                "owner_person_id": owner,
                "title": f"Goal {number} of {owner}",
                "description": "",
                "perspective": ("financial", "customer", "internal", "learning")[number % 4],
                "goal_type": "kpi",
                "weight": 100 // each,
                "status": "proposed" if number == each - 1 else "agreed",
                "done": False,
                "created_at": created,
                "updated_at": created,
            }
            for owner in owners
            for number in range(each)
        ],
    )
    shared = max(1, len(owners) // 30)  # company goals, which everyone's /goal list shows
    session.execute(
        insert(Goal),
        [
            {
                "team_id": team,
                "cycle_id": cycle_id,
                "owner_kind": "company",
                "owner_person_id": None,
                "title": f"Company goal {number}",
                "description": "",
                "perspective": "financial",
                "goal_type": "kpi",
                "weight": 0,
                "status": "agreed",
                "done": False,
                "created_at": created,
                "updated_at": created,
            }
            for number in range(shared)
        ],
    )
    goal_ids = _ids(session, Goal.__table__.c.id, team)
    session.execute(
        insert(Metric),
        [
            {
                "team_id": team,
                "goal_id": goal_id,
                "name": "Done",
                "unit": "%",
                "start_value": 0.0,
                "target_value": 100.0,
                "current_value": 40.0,
                "direction": "higher",
            }
            for goal_id in goal_ids
        ],
    )


def _checkins(session: Session, team: str, people: list[int]) -> None:
    rows = []
    for week in CHECKIN_WEEKS:
        for number, person_id in enumerate(people):
            rows.append(checkin_row(team, person_id, week, number))
    session.execute(insert(Checkin), rows)


def checkin_row(team: str, person_id: int, week: str, number: int = 0) -> dict:
    moment = datetime.fromisocalendar(int(week[:4]), int(week[-2:]), 5).replace(hour=17, tzinfo=UTC)
    return {
        "team_id": team,
        "person_id": person_id,
        "week": week,
        "answers": [
            {"id": "progress", "type": "text", "value": "Shipped the importer."},
            {"id": "blockers", "type": "text", "value": "Waiting on review." if number % 5 == 0 else ""},
            {"id": "mood", "type": "scale", "value": 1 + number % 5},
            {"id": "goals", "type": "goals", "value": []},
        ],
        "mood": 1 + number % 5,
        "blockers": "Waiting on review." if number % 5 == 0 else None,
        "revision": 1,
        "submitted_at": moment,
        "updated_at": moment,
    }


def answer_week(db: Database, team: str, week: str, share: float = 2 / 3) -> None:
    """Most people answer `week` (so its digests have answers, moods and blockers to show)."""
    with db.session() as session:
        people = _ids(session, Person.__table__.c.id, team)[1:]
        chosen = people[: int(len(people) * share)]
        session.execute(insert(Checkin), [checkin_row(team, person_id, week, n) for n, person_id in enumerate(chosen)])


def mark_sent(db: Database, kind: str) -> None:
    """What the sender would have done with the planned rows of `kind` (reminders follow sent prompts)."""
    with db.session() as session:
        session.execute(
            update(Delivery.__table__)
            .where(Delivery.__table__.c.kind == kind)
            .values(status="sent", sent_at=BUSIEST["prompts"], channel="D1", ts="1.0")
        )


def _feedback(session: Session, team: str, ids: list[int], reports: dict[int, int], each: int) -> None:
    rows = []
    for index, manager_id in reports.items():
        for number in range(each):
            kudos = number == 1
            moment = at("2027-02-03" if kudos else "2027-01-20", "12:00")
            rows.append(
                {
                    "team_id": team,
                    "subject_id": ids[index],
                    "author_id": manager_id,
                    "kind": "praise",
                    "visibility": "shared" if kudos else "private",
                    "text": f"Note {number} about {index}: clear write-up of the migration plan.",
                    "source": "kudos" if kudos else "command",
                    "anonymous": False,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
    session.execute(insert(Feedback), rows)


def _record(session: Session, team: str, ids: list[int], reports: dict[int, int]) -> None:
    """Per manager: a peer request (asked three colleagues) still open and one just closed, a one-to-one with
    an action due and the next meeting tomorrow, and an improvement plan with two weekly actions."""
    first_report = {}
    for index, manager_id in reports.items():
        first_report.setdefault(manager_id, ids[index])
    pairs = [(manager_id, report_id) for manager_id, report_id in first_report.items()]
    asked = at("2027-02-06", "10:00")
    requests = []
    for manager_id, report_id in pairs:
        requests.append((manager_id, report_id, at("2027-02-12", "17:00")))
        requests.append((manager_id, report_id, at("2027-02-08", "09:00")))
    session.execute(
        insert(FeedbackRequest),
        [
            {"team_id": team, "about_id": about, "requester_id": manager, "deadline": deadline, "created_at": asked}
            for manager, about, deadline in requests
        ],
    )
    request_ids = _ids(session, FeedbackRequest.__table__.c.id, team)
    colleagues = [ids[index] for index in reports]
    session.execute(
        insert(FeedbackAsk),
        [
            {
                "team_id": team,
                "request_id": request_id,
                "responder_id": colleagues[(number * 3 + k) % len(colleagues)],
                "asked_at": asked,
            }
            for number, request_id in enumerate(request_ids)
            for k in range(3)
        ],
    )
    created = at("2027-01-04", "09:00")
    session.execute(
        insert(OneOnOne),
        [
            {"team_id": team, "manager_id": m, "report_id": r, "cadence_days": 14, "created_at": created}
            for m, r in pairs
        ],
    )
    pair_ids = _ids(session, OneOnOne.__table__.c.id, team)
    tomorrow = at("2027-02-09", "10:00")
    session.execute(
        insert(Meeting),
        [
            {"team_id": team, "pair_id": pair_id, "number": 1, "scheduled_for": tomorrow, "created_at": created}
            for pair_id in pair_ids
        ],
    )
    meeting_ids = _ids(session, Meeting.__table__.c.id, team)
    items = []
    for meeting_id, (manager_id, report_id) in zip(meeting_ids, pairs, strict=True):
        common = {"team_id": team, "meeting_id": meeting_id, "origin_meeting_id": meeting_id, "created_at": created}
        common |= {"owner_id": None, "due": None}
        items.append({**common, "kind": "talking_point", "author_id": report_id, "text": "Career path"})
        items.append({**common, "kind": "note", "author_id": manager_id, "text": "Going well"})
        items.append(
            {**common, "kind": "action", "author_id": manager_id, "text": "Draft the RFC"}
            | {"owner_id": report_id, "due": date(2027, 2, 8)}
        )
    session.execute(insert(AgendaItem), items)
    session.execute(
        insert(Plan),
        [
            {
                "team_id": team,
                "owner_id": r,
                "manager_id": m,
                "kind": "development",
                "title": "Grow into tech lead",
                "status": "open",
                "created_at": created,
            }
            for m, r in pairs
        ],
    )
    plan_ids = _ids(session, Plan.__table__.c.id, team)
    session.execute(
        insert(PlanAction),
        [
            {"team_id": team, "plan_id": plan_id, "text": text, "rhythm": "weekly", "created_at": created}
            for plan_id in plan_ids
            for text in ("Review two designs", "Pair with a junior")
        ],
    )


PLANNERS = [  # the names of bot.planners.planners(...), in its order
    "prompts",
    "reminders",
    "digests",
    "phase_reminders",
    "peer_requests",
    "oneonone_due",
    "oneonone_agenda",
    "plans",
    "kudos",
]


def scenario(db: Database, team: str, planners: list, run) -> None:
    """Each planner at its busiest moment, then (once everything due has been planned) a quiet minute:
    calls `run(label, planner, now)` for each measurement; the data between them moves as it would."""
    named = dict(zip(PLANNERS, planners, strict=False))
    # Planners added after this list are measured on the quiet minute only, under their own names.
    extra = {
        getattr(planner, "__name__", f"planner {n}"): planner for n, planner in enumerate(planners[len(PLANNERS) :])
    }
    for name in ("phase_reminders", "prompts", "plans"):
        run(name, named[name], BUSIEST[name])
    mark_sent(db, "checkin.prompt")
    for name in ("reminders", "peer_requests", "oneonone_due", "oneonone_agenda"):
        run(name, named[name], BUSIEST[name])
    answer_week(db, team, week_of(BUSIEST["prompts"].date()))
    for name in ("digests", "kudos"):
        run(name, named[name], BUSIEST[name])
    everyone = named | extra
    for planner in everyone.values():  # settle: whatever else is due at the quiet minute is planned once, unmeasured
        run(None, planner, QUIET)
    for name, planner in everyone.items():
        run(f"{name} (quiet)", planner, QUIET)
