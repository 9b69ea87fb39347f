"""Imports HR's view of the organisation from CSV: all rows apply, or none do."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlmodel import Session

from bot.errors import InvalidRows
from bot.org import directory
from storage.org import Person, Role

COLUMNS = ("person", "manager", "department", "role")
ROLE_NAMES = {
    "employee": Role.EMPLOYEE,
    "manager": Role.MANAGER,
    "hr_admin": Role.HR_ADMIN,
    "hr": Role.HR_ADMIN,
    "hr admin": Role.HR_ADMIN,
}


@dataclass
class ImportResult:
    updated: int


def _resolve(session: Session, team_id: str, reference: str) -> Person | None:
    reference = reference.strip()
    if "@" in reference:
        return directory.by_email(session, team_id, reference)
    return directory.find(session, team_id, reference)


def import_csv(session: Session, team_id: str, text: str) -> ImportResult:
    """Apply every row of `text` (header: person,manager,department,role) or raise InvalidRows."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "person" not in header or not set(header) <= set(COLUMNS):
        raise InvalidRows([(1, f"the header must be {','.join(COLUMNS)} (person required, others optional)")])
    reader.fieldnames = header

    problems: list[tuple[int, str]] = []
    planned: list[tuple[int, Person, dict]] = []
    seen: dict[int, int] = {}
    for row in reader:
        line = reader.line_num
        cells = {key: (value or "").strip() for key, value in row.items() if key}
        if None in row:
            problems.append((line, "too many cells"))
            continue
        person = _resolve(session, team_id, cells.get("person", ""))
        if person is None:
            problems.append((line, f"unknown person {cells.get('person') or '(empty)'}"))
            continue
        if person.id in seen:
            problems.append((line, f"{cells['person']} already appears on line {seen[person.id]}"))
            continue
        seen[person.id] = line
        change: dict = {}
        if cells.get("manager"):
            manager = _resolve(session, team_id, cells["manager"])
            if manager is None:
                problems.append((line, f"unknown manager {cells['manager']}"))
                continue
            if manager.id == person.id:
                problems.append((line, "a person cannot be their own manager"))
                continue
            change["manager"] = manager
        if cells.get("role"):
            role = ROLE_NAMES.get(cells["role"].lower())
            if role is None:
                problems.append((line, f"unknown role {cells['role']} (use employee, manager or hr_admin)"))
                continue
            change["role"] = role
        if cells.get("department"):
            if len(cells["department"]) > 255:
                problems.append((line, "department is longer than 255 characters"))
                continue
            change["department"] = cells["department"]
        planned.append((line, person, change))

    if problems:
        raise InvalidRows(problems)

    for _line, person, change in planned:
        if "manager" in change:
            person.manager_id = change["manager"].id
        if "role" in change:
            directory.set_role(person, change["role"])
        if "department" in change:
            directory.set_department(person, change["department"])
    session.flush()
    cycle_lines = [
        line for line, person, change in planned if "manager" in change and directory.is_in_cycle(session, person)
    ]
    if cycle_lines:
        raise InvalidRows([(line, "this manager makes a reporting cycle") for line in cycle_lines])
    return ImportResult(updated=len(planned))
