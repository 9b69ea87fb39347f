"""Benchmark (not a test): final scores and the calibration view for N people, against hand-written SQL that
reads the same rows and computes (and, for scores, writes) the same results, checked equal; the number of
statements each needs (which must not grow with N); and `/perf release all` with the release planner's tick.

    python -m bench.reviews [N]

Every person has an agreed KPI goal, a submitted self review and a submitted manager review rating five
competencies; teams of eight. Prints seconds, statements and the ratio to the raw SQL read.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, text, update
from sqlmodel import select

from bot.goals import cycles
from bot.goals.scorecard import PERSPECTIVES
from bot.org import directory
from bot.reviews import calibration, results, scoring
from bot.reviews.competencies import DEFAULT_COMPETENCIES, DEFAULT_COMPONENT_WEIGHTS
from bot.reviews.planner import plan_review_tasks
from bot.reviews.release import BATCH, plan_released_results
from storage import migrate
from storage.counting import statements_sent
from storage.db import Database
from storage.goals import Goal, GoalStatus, GoalType, Metric, OwnerKind
from storage.org import Person, Role
from storage.reviews import Review, ReviewKind, ReviewRating, ReviewStatus

TEAM = "TBENCH"
START, END = date(2027, 1, 1), date(2027, 3, 31)
CALIBRATION = datetime(2027, 3, 17, 10, 0, tzinfo=UTC)
SELF_REVIEW = datetime(2027, 2, 25, 10, 0, tzinfo=UTC)
RESULTS = datetime(2027, 3, 24, 10, 0, tzinfo=UTC)
REPEAT = 5  # scores and calibration: the best of five runs on each side (both are repeatable)
RAW_SCORES = """
WITH weights(item, weight) AS (VALUES {weights}),
per_review AS (
  SELECT r.id, r.subject_id, r.kind, SUM(w.weight * rr.rating) * 1.0 / SUM(w.weight) AS value
    FROM reviewrating rr JOIN review r ON r.id = rr.review_id JOIN weights w ON w.item = rr.item
   WHERE r.cycle_id = :cycle AND r.status = 'submitted' GROUP BY r.id, r.subject_id, r.kind)
SELECT subject_id, kind, AVG(value), COUNT(*) FROM per_review GROUP BY subject_id, kind;
SELECT g.owner_person_id, g.perspective, SUM(g.weight * g.progress), SUM(g.weight), SUM(g.progress), COUNT(*)
  FROM (SELECT g.owner_person_id, g.perspective, g.weight,
               CASE WHEN g.goal_type = 'milestone' THEN CASE WHEN g.done THEN 1.0 ELSE 0.0 END
                    ELSE COALESCE(p.progress, 0.0) END AS progress
          FROM goal g LEFT JOIN (
            SELECT goal_id, AVG(CASE
                WHEN target_value = start_value THEN CASE
                  WHEN (direction = 'higher' AND current_value >= target_value)
                    OR (direction <> 'higher' AND current_value <= target_value) THEN 1.0 ELSE 0.0 END
                WHEN (current_value - start_value) / (target_value - start_value) < 0 THEN 0.0
                WHEN (current_value - start_value) / (target_value - start_value) > 1 THEN 1.0
                ELSE (current_value - start_value) / (target_value - start_value) END) AS progress
              FROM metric GROUP BY goal_id) p ON p.goal_id = g.id
         WHERE g.cycle_id = :cycle AND g.status = 'agreed' AND g.owner_kind = 'person') g
 GROUP BY g.owner_person_id, g.perspective;
SELECT subject_id, overall, potential FROM review
 WHERE cycle_id = :cycle AND kind = 'manager' AND status = 'submitted'
"""
RAW_WRITE = """
UPDATE reviewresult SET score = :score, computed_rating = :band, rating = :band, breakdown = :breakdown,
       self_value = :self_value, manager_value = :manager_value, potential = :potential, computed_at = :now
 WHERE cycle_id = :cycle AND person_id = :person
"""
RAW_CALIBRATION = """
SELECT rr.id, rr.score, rr.rating, rr.computed_rating, rr.potential, rr.self_value, rr.manager_value,
       p.id, p.slack_id, p.name, p.department, p.manager_id
  FROM reviewresult rr JOIN person p ON p.id = rr.person_id WHERE rr.cycle_id = :cycle ORDER BY p.name;
SELECT m.id, m.slack_id FROM person m WHERE m.id IN (SELECT manager_id FROM person WHERE team_id = :team)
"""


def seed(db: Database, size: int, *, submitted: bool = True) -> int:
    """A workspace of `size` people (HR first, teams of eight) in a Q1 cycle; returns the cycle id."""
    with db.session() as session:
        directory.ensure_workspace(session, TEAM, "Bench")
        session.execute(
            insert(Person),
            [
                dict(
                    team_id=TEAM,
                    slack_id=f"U{i:06d}",
                    name=f"Person {i}",
                    email=f"p{i}@example.com",
                    tz="Europe/London",
                    locale="en-US",
                    is_active=True,
                    role=Role.HR_ADMIN if i == 0 else Role.EMPLOYEE,
                    department=None if i == 0 else f"Dept {i % 7}",
                    is_primary_owner=False,
                    updated_at=START_AT,
                )
                for i in range(size)
            ],
        )
        ids = [
            pid for (pid,) in session.execute(text("SELECT id FROM person WHERE team_id = :t ORDER BY id"), {"t": TEAM})
        ]
        session.execute(
            update(Person),
            [{"id": pid, "manager_id": ids[(index - 1) // 8]} for index, pid in enumerate(ids) if index > 0],
        )
        people = list(session.exec(select(Person).where(Person.team_id == TEAM).order_by(Person.id)))
        cycle, _ = cycles.create(
            session,
            team_id=TEAM,
            actor=people[0],
            name="Q1",
            cadence="quarterly",
            starts_on=START,
            ends_on=END,
            timetable=cycles.suggested_timetable(START, END),
            now=datetime(2027, 1, 1, tzinfo=UTC),
        )
        session.flush()
        reports = [p for p in people if p.manager_id is not None]
        goal_rows = [
            dict(
                team_id=TEAM,
                cycle_id=cycle.id,
                owner_kind=OwnerKind.PERSON,
                owner_person_id=p.id,
                title="KPI",
                description="",
                perspective="internal",
                goal_type=GoalType.KPI,
                weight=100,
                status=GoalStatus.AGREED,
                done=False,
                created_at=START_AT,
                updated_at=START_AT,
            )
            for p in reports
        ]
        session.execute(insert(Goal), goal_rows)
        goal_ids = session.execute(text("SELECT id, owner_person_id FROM goal WHERE cycle_id = :c"), {"c": cycle.id})
        session.execute(
            insert(Metric),
            [
                dict(
                    team_id=TEAM,
                    goal_id=gid,
                    name="KPI",
                    unit="",
                    start_value=0.0,
                    target_value=100.0,
                    current_value=float(owner % 100),
                    direction="higher",
                )
                for gid, owner in goal_ids
            ],
        )
        if submitted:
            status = ReviewStatus.SUBMITTED
            review_rows = [
                dict(
                    team_id=TEAM,
                    cycle_id=cycle.id,
                    subject_id=p.id,
                    author_id=author,
                    kind=kind,
                    status=status,
                    summary="ok",
                    overall=3,
                    potential="medium",
                    anonymous=False,
                    answers={},
                    created_at=START_AT,
                    updated_at=START_AT,
                    submitted_at=START_AT,
                )
                for p in reports
                for kind, author in ((ReviewKind.SELF, p.id), (ReviewKind.MANAGER, p.manager_id))
            ]
            session.execute(insert(Review), review_rows)
            reviews = session.execute(text("SELECT id, subject_id FROM review WHERE cycle_id = :c"), {"c": cycle.id})
            session.execute(
                insert(ReviewRating),
                [
                    dict(
                        team_id=TEAM,
                        review_id=rid,
                        item=f"competency:{c['key']}",
                        rating=1 + (rid + n) % 5,
                        evidence=[{"kind": "note", "ref": None, "text": "x"}],
                    )
                    for rid, _ in reviews
                    for n, c in enumerate(DEFAULT_COMPETENCIES)
                ],
            )
        return cycle.id


START_AT = datetime(2027, 1, 1, tzinfo=UTC)


def timed(db: Database, work, repeat: int = 1) -> tuple[float, int]:
    """The best of `repeat` runs (the machine is shared) and the statements of one run."""
    best, statements = float("inf"), 0
    for _ in range(repeat):
        with statements_sent(db) as sent:
            began = time.perf_counter()
            work()
            best, statements = min(best, time.perf_counter() - began), len(sent)
    return best, statements


def raw_scores(connection, cycle_id: int, bsc_enabled: bool, weights: dict, now: datetime) -> None:
    """The hand-written final scores: the same rows read and aggregated in SQL, combined as documented in
    `bot.reviews.scoring` and written back with one UPDATE per result (executemany)."""
    competency_weights = ", ".join(f"('competency:{c['key']}', {int(c['weight'])})" for c in DEFAULT_COMPETENCIES)
    reviews_sql, goals_sql, managers_sql = filter(str.strip, RAW_SCORES.format(weights=competency_weights).split(";"))
    params = {"cycle": cycle_id}
    kinds: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    for subject, kind, value, count in connection.execute(text(reviews_sql), params):
        kinds[subject][kind] = (value, count)
    goals: dict[int, dict[str, list[float]]] = defaultdict(dict)
    for owner, perspective, weighted, weight, plain, count in connection.execute(text(goals_sql), params):
        key = perspective if bsc_enabled else ""
        if bsc_enabled and key not in PERSPECTIVES:
            continue
        sums = goals[owner].setdefault(key, [0.0, 0, 0.0, 0])
        sums[0], sums[1], sums[2], sums[3] = sums[0] + weighted, sums[1] + weight, sums[2] + plain, sums[3] + count
    managers = {
        subject: (overall, potential) for subject, overall, potential in connection.execute(text(managers_sql), params)
    }
    updates = []
    for person, (overall, potential) in managers.items():
        parts = [
            ((int(weights.get(key, 0)) if bsc_enabled else 100), (w / t if t else p / n))
            for key, (w, t, p, n) in goals.get(person, {}).items()
        ]
        total = sum(w for w, _ in parts)
        progress = (
            (sum(w * v for w, v in parts) / total if total else sum(v for _, v in parts) / len(parts))
            if parts
            else None
        )
        components = [
            (
                "goals",
                1 + 4 * progress if progress is not None else None,
                {"basis": "progress", "progress": round(progress * 100, 1)}
                if progress is not None
                else {"basis": "progress"},
            ),
        ]
        for kind in ("manager", "peer", "self"):
            value, count = kinds[person].get(kind, (None, 0))
            components.append((kind, value, {"reviews": count}))
        present = [
            (n, DEFAULT_COMPONENT_WEIGHTS[n], v)
            for n, v, _ in components
            if v is not None and DEFAULT_COMPONENT_WEIGHTS[n] > 0
        ]
        carried = sum(w for _, w, _ in present)
        score = scoring.round_score(sum(w * v for _, w, v in present) / carried) if carried else 0.0
        names = {n for n, _, _ in present}
        rows = (
            [
                {
                    "name": n,
                    "weight": DEFAULT_COMPONENT_WEIGHTS[n],
                    "share": round(100 * DEFAULT_COMPONENT_WEIGHTS[n] / carried, 1) if n in names else 0.0,
                    "value": None if v is None else scoring.round_score(v),
                    **detail,
                }
                for n, v, detail in components
            ]
            if carried
            else []
        )
        rating = scoring.band(score)
        values = {row["name"]: row["value"] for row in rows}
        breakdown = {
            "components": rows,
            "score": score,
            "band": rating,
            "manager_overall": overall,
            "potential": potential,
        }
        updates.append(
            {
                "score": score,
                "band": rating,
                "breakdown": json.dumps(breakdown),
                "self_value": values.get("self"),
                "manager_value": values.get("manager"),
                "potential": potential,
                "now": now,
                "cycle": cycle_id,
                "person": person,
            }
        )
    connection.execute(text(RAW_WRITE), updates)


def raw_calibration(connection, cycle_id: int) -> dict:
    """The hand-written calibration view: the same rows, and the same aggregates in plain Python."""
    rows_sql, managers_sql = filter(str.strip, RAW_CALIBRATION.split(";"))
    rows = connection.execute(text(rows_sql), {"cycle": cycle_id}).all()
    slack_ids = dict(connection.execute(text(managers_sql), {"team": TEAM}).all())
    org, by_manager, by_department, nine_box, gaps = [], defaultdict(list), defaultdict(list), defaultdict(list), []
    for _rid, _score, rating, _computed, potential, self_value, manager_value, _pid, slack, _name, dept, mid in rows:
        org.append(rating)
        by_manager[slack_ids.get(mid, "-")].append(rating)
        by_department[dept or "-"].append(rating)
        if potential:
            nine_box[("low" if rating <= 2 else "medium" if rating == 3 else "high", potential)].append(slack)
        if self_value is not None and manager_value is not None and abs(self_value - manager_value) >= 1.5:
            gaps.append(slack)

    def summary(ratings: list[int]) -> tuple:
        mean = sum(ratings) / len(ratings)
        spread = (sum((r - mean) ** 2 for r in ratings) / len(ratings)) ** 0.5
        return round(mean, 2), round(spread, 2), [ratings.count(band) for band in range(1, 6)]

    return {
        "org": summary(org),
        "managers": {k: summary(v) for k, v in by_manager.items()},
        "departments": {k: summary(v) for k, v in by_department.items()},
        "nine_box": dict(nine_box),
        "gaps": gaps,
    }


def run(size: int, database_url: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(database_url or f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(db.engine)
        cycle_id = seed(db, size)
        with db.session() as session:
            cycle = cycles.get(session, TEAM, cycle_id)
            bsc_enabled, weights = cycle.bsc_enabled, dict(cycle.weights)
            scoring.compute_cycle(session, cycle, CALIBRATION)  # the first results; both sides then recompute

        def stored() -> list[tuple]:
            with db.engine.connect() as connection:
                return connection.execute(
                    text(
                        "SELECT person_id, score, rating, self_value, manager_value, potential FROM reviewresult"
                        " WHERE cycle_id = :c ORDER BY person_id"
                    ),
                    {"c": cycle_id},
                ).all()

        def scores() -> None:
            with db.session() as session:
                scoring.compute_cycle(session, cycles.get(session, TEAM, cycle_id), CALIBRATION)

        def raw() -> None:
            with db.engine.begin() as connection:
                raw_scores(connection, cycle_id, bsc_enabled, weights, CALIBRATION)

        views = {}

        def view() -> None:
            with db.session() as session:
                hr = session.exec(select(Person).where(Person.role == Role.HR_ADMIN)).first()
                views["bot"] = calibration.view(session, viewer=hr, cycle=cycles.get(session, TEAM, cycle_id))

        def raw_view() -> None:
            with db.engine.connect() as connection:
                views["raw"] = raw_calibration(connection, cycle_id)

        figures = {}
        figures["scores"] = timed(db, scores, REPEAT)
        computed = stored()
        figures["raw_scores"] = timed(db, raw, REPEAT)
        assert stored() == computed, "the hand-written scores differ from Perfbot's"
        figures["calibration"] = timed(db, view, REPEAT)
        figures["raw_calibration"] = timed(db, raw_view, REPEAT)
        bot, raw_figures = views["bot"], views["raw"]
        assert (bot.org.mean, bot.org.spread) == raw_figures["org"][:2], "the hand-written calibration differs"
        assert len(bot.gaps) == len(raw_figures["gaps"]) and len(bot.managers) == len(raw_figures["managers"])
        with db.session() as session:
            figures["planner"] = timed(db, lambda: plan_review_tasks(session, SELF_REVIEW))

        def release() -> None:
            with db.session() as session:
                hr = session.exec(select(Person).where(Person.role == Role.HR_ADMIN)).first()
                results.release(
                    session, actor=hr, cycle=cycles.get(session, TEAM, cycle_id), department=None, now=RESULTS
                )

        def plan_release() -> None:
            with db.session() as session:
                plan_released_results(session, RESULTS)

        figures["release"] = timed(db, release)
        figures["release_planner"] = timed(db, plan_release)  # one tick: at most BATCH results
        with db.session() as session:
            while plan_released_results(session, RESULTS):
                pass
            planned = session.execute(text("SELECT COUNT(*) FROM reviewresult WHERE planned_at IS NOT NULL")).scalar()
            assert planned == size - 1, "every released result is planned once"
        db.dispose()
        return figures


def main(size: int = 10_000) -> None:
    figures = run(size)
    for name, base in (("scores", "raw_scores"), ("calibration", "raw_calibration")):
        (seconds, statements), (raw_seconds, raw_statements) = figures[name], figures[base]
        print(
            f"{name}: {size} people in {seconds:.3f} s, {statements} statements; hand-written SQL "
            f"{raw_seconds:.3f} s, {raw_statements} statements; ratio {seconds / max(raw_seconds, 1e-9):.1f}"
        )
    for name, what in (
        ("planner", "the review planner's tick"),
        ("release", "/perf release all, what its answer waits for"),
        ("release planner", f"one release planner tick, at most {BATCH} results"),
    ):
        seconds, statements = figures[name.replace(" ", "_")]
        print(f"{name}: {size} people in {seconds:.3f} s, {statements} statements ({what})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
