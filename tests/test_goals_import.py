"""Domain: importing KPI values from CSV, all-or-nothing, with bad lines named."""

from datetime import UTC, datetime

import pytest

from bot.errors import InvalidRows
from bot.goals import negotiation, reads, tracking
from bot.goals.metrics_import import import_metrics
from tests.goalkit import NOW, TEAM, kpi, people, q1  # noqa: F401


@pytest.fixture
def ken_goals(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana)
        latency = negotiation.create(
            session, cycle=cycle, actor=crew.ken, data=kpi("Cut p95 latency", weight=50), now=NOW
        )
        quality = negotiation.create(
            session, cycle=cycle, actor=crew.ken, data=kpi("Quality pass rate", start=80, target=95, weight=50), now=NOW
        )
        return crew, latency.id, quality.id


def metric_of(db, goal_id):
    with db.session() as session:
        metric = reads.metrics_of(session, reads.get(session, TEAM, goal_id))[0]
        return metric, tracking.points(session, metric)


def test_import_records_dated_points(db, ken_goals):
    crew, latency, quality = ken_goals
    text = (
        "person,metric,value,date\n"
        "ken@example.com,Cut p95 latency,320,2027-01-10\n"
        "UKEN,quality pass rate,91%,\n"
        "ken@example.com,Cut p95 latency,350,2027-01-05\n"
    )
    later = datetime(2027, 1, 20, 8, 0, tzinfo=UTC)
    with db.session() as session:
        result = import_metrics(session, TEAM, text, later)
    assert result.updated == 3
    metric, series = metric_of(db, latency)
    assert metric.current_value == 320  # the newest point wins, whatever the file's order
    assert [(p.value, p.source) for p in series] == [(400, "start"), (350, "csv"), (320, "csv")]
    metric, series = metric_of(db, quality)
    assert metric.current_value == 91 and series[-1].recorded_at == later


def test_bad_lines_are_all_reported_and_nothing_is_applied(db, ken_goals):
    crew, latency, quality = ken_goals
    text = (
        "person,metric,value,date\n"
        "ken@example.com,Cut p95 latency,300,\n"
        "nobody@example.com,Cut p95 latency,300,\n"
        "UKEN,Revenue,10,\n"
        "UKEN,Quality pass rate,lots,\n"
        "UKEN,Quality pass rate,90,2027-13-01\n"
        "UKEN,Quality pass rate,90,2027-06-01\n"
    )
    with pytest.raises(InvalidRows) as error, db.session() as session:
        import_metrics(session, TEAM, text, NOW)
    assert [line for line, _ in error.value.problems] == [3, 4, 5, 6, 7]
    assert "nobody@example.com" in str(error.value) and "'lots' is not a number" in str(error.value)
    metric, series = metric_of(db, latency)
    assert metric.current_value == 400 and len(series) == 1


def test_a_wrong_header_is_reported_on_line_1(db, ken_goals):
    with pytest.raises(InvalidRows) as error, db.session() as session:
        import_metrics(session, TEAM, "who,what\nken,1\n", NOW)
    assert error.value.problems[0][0] == 1


def test_a_negative_value_for_a_kpi_counted_in_positive_numbers_is_a_bad_line(db, ken_goals):
    crew, latency, quality = ken_goals
    text = "person,metric,value\nUKEN,Cut p95 latency,-5\nUKEN,Quality pass rate,90\n"
    with pytest.raises(InvalidRows) as error, db.session() as session:
        import_metrics(session, TEAM, text, NOW)
    assert [line for line, _ in error.value.problems] == [2]
    assert "value -5 is negative, but Cut p95 latency counts from 400 to 200" in str(error.value)
    metric, series = metric_of(db, latency)
    assert metric.current_value == 400 and len(series) == 1
