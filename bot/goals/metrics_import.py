"""Imports measured KPI values from HR's CSV (person,metric,value[,date]): all rows apply, or none do."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, select

from bot.errors import Invalid, InvalidRows
from bot.goals import cycles, negotiation, tracking
from bot.org import directory
from storage.goals import Goal, Metric, MetricPoint
from storage.org import Person

COLUMNS = ("person", "metric", "value")
OPTIONAL_COLUMNS = ("date",)


@dataclass
class ImportResult:
    updated: int
    cycle: str


def _person(session: Session, team_id: str, reference: str) -> Person | None:
    reference = reference.strip()
    return (
        directory.by_email(session, team_id, reference)
        if "@" in reference
        else directory.find(session, team_id, reference)
    )


def _metrics_by_name(session: Session, cycle_id: int, person: Person) -> dict[str, list[Metric]]:
    """The person's metrics in the cycle, by lower-cased metric name and by goal title."""
    rows = session.exec(
        select(Metric, Goal)
        .join(Goal, Goal.id == Metric.goal_id)
        .where(Goal.cycle_id == cycle_id, Goal.owner_person_id == person.id)
    )
    found: dict[str, list[Metric]] = {}
    for metric, goal in rows:
        for name in {metric.name.strip().lower(), goal.title.strip().lower()}:
            found.setdefault(name, []).append(metric)
    return found


def import_metrics(session: Session, team_id: str, csv_text: str, now: datetime) -> ImportResult:
    """Record every row's value as a dated point on the person's metric in the active cycle, or raise
    InvalidRows listing each bad line (nothing is applied then)."""
    cycle = cycles.require_active(session, team_id)
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not set(COLUMNS) <= set(header) or not set(header) <= set(COLUMNS + OPTIONAL_COLUMNS):
        raise InvalidRows(
            [(1, f"the header must be {','.join(COLUMNS)} (and optionally date), got {','.join(header)}")]
        )
    reader.fieldnames = header
    planned: list[tuple[Metric, float, datetime]] = []
    problems: list[tuple[int, str]] = []
    cache: dict[int, dict[str, list[Metric]]] = {}
    for row in reader:
        line = reader.line_num
        values = {key: (row.get(key) or "").strip() for key in COLUMNS + OPTIONAL_COLUMNS}
        person = _person(session, team_id, values["person"])
        if person is None:
            problems.append((line, f"unknown person {values['person']!r}"))
            continue
        if person.id not in cache:
            cache[person.id] = _metrics_by_name(session, cycle.id, person)
        matches = cache[person.id].get(values["metric"].lower(), [])
        if len(matches) != 1:
            what = "no" if not matches else "more than one"
            problems.append((line, f"{what} metric {values['metric']!r} for {values['person']} in {cycle.name}"))
            continue
        try:
            value = negotiation.parse_number(values["value"], field="value")
        except Invalid:
            problems.append((line, f"value {values['value']!r} is not a number"))
            continue
        if tracking.impossible_value(matches[0], value):
            problems.append(
                (
                    line,
                    f"value {values['value']} is negative, but {values['metric']} counts from "
                    f"{matches[0].start_value:g} to {matches[0].target_value:g}",
                )
            )
            continue
        when = now
        if values["date"]:
            try:
                day = date.fromisoformat(values["date"])
            except ValueError:
                problems.append((line, f"date {values['date']!r} is not YYYY-MM-DD"))
                continue
            when = datetime.combine(day, time(12, 0), tzinfo=UTC)
            if when > now or not cycle.starts_on <= day <= cycle.ends_on:
                problems.append((line, f"date {values['date']} is not inside {cycle.name} up to today"))
                continue
        planned.append((matches[0], value, when))
    if problems:
        raise InvalidRows(problems)
    touched: dict[int, Metric] = {}
    for metric, value, when in planned:
        tracking.record_value(session, metric=metric, value=value, now=when, actor=None, source="csv")
        touched[metric.id] = metric
    for metric in touched.values():
        latest = session.exec(
            select(MetricPoint)
            .where(MetricPoint.metric_id == metric.id)
            .order_by(MetricPoint.recorded_at.desc(), MetricPoint.id.desc())
        ).first()
        metric.current_value = latest.value
    session.flush()
    return ImportResult(updated=len(planned), cycle=cycle.name)
