"""Reports, health and the report planner read the workspace with a fixed number of queries: no more at 100
than at 10 people (statements counted on every engine with `storage.counting`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench import reports as bench
from bot.reports import health, planner, scope
from bot.reports.data import collect
from storage import migrate
from storage.counting import statements_sent
from storage.db import Database


def statements_for(database_url: str, people: int, work) -> int:
    db = Database(database_url)
    migrate.upgrade(db.engine)
    try:
        cycle = bench.populate(db, people, weeks=4)
        with statements_sent(db) as statements, db.session() as session:
            work(session, cycle)
        return len(statements)
    finally:
        db.dispose()


WORK = {
    "org report": lambda session, cycle: collect(session, scope.whole_org(bench.TEAM), cycle),
    "department report": lambda session, cycle: collect(
        session, scope.named(session, bench.TEAM, "department:Dept 1"), cycle
    ),
    "health": lambda session, cycle: health.check(session, cycle, datetime(2026, 1, 20, tzinfo=UTC)),
    "monthly plan": lambda session, cycle: planner.plan_monthly_reports(session, datetime(2026, 2, 1, 6, tzinfo=UTC)),
}


@pytest.mark.parametrize("name", list(WORK))
def test_query_count_does_not_grow_with_people(request, name):
    counts = []
    for people in (10, 100):
        url = request.getfixturevalue("sqlite_url").replace("perfbot.db", f"q{people}.db")
        counts.append(statements_for(url, people, WORK[name]))
    # At most one more when few KPIs are drawn one by one (their points are read in one more query).
    assert counts[1] <= counts[0], counts
