"""Who a report covers (a person, a team, a department, the organisation) and which cycle, under the access policy."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import true
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, select

from bot.errors import Invalid, NotFound
from bot.goals import cycles
from bot.org import access
from storage.cycles import Cycle
from storage.org import Person

PERSON, TEAM, DEPARTMENT, ORG = "person", "team", "department", "org"
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Request:
    """What `/perf report …` asked for, before anyone checked it: a scope kind, its target, a cycle name."""

    kind: str
    target: str | None = None  # a Slack user id (person) or a department name
    cycle: str | None = None


@dataclass(frozen=True)
class Scope:
    """The people a report covers: explicit ids, a whole department, or (neither) the whole workspace."""

    kind: str
    team_id: str
    label: str
    people: frozenset[int] | None = None
    department: str | None = None
    own: bool = False  # the viewer's own report: counts only what they may see themselves

    def covers(self, person_id: ColumnElement) -> ColumnElement:
        """A SQL condition: `person_id` is someone this report covers."""
        if self.people is not None:
            return person_id.in_(sorted(self.people)) if self.people else person_id.in_([-1])
        if self.department is not None:
            members = select(Person.id).where(Person.team_id == self.team_id, Person.department == self.department)
            return person_id.in_(members)
        return true()


def departments(session: Session, team_id: str) -> list[str]:
    query = select(Person.department).where(Person.team_id == team_id, Person.department.is_not(None)).distinct()
    return sorted(name for name in session.exec(query) if name)


def parse(text: str, known_departments: list[str]) -> Request:
    """`@person [cycle]`, `team [cycle]`, `org [cycle]`, `<department> [cycle]`, or nothing (your own)."""
    text = text.strip()
    if not text:
        return Request(PERSON)
    mention = _MENTION.match(text)
    if mention:
        return Request(PERSON, mention.group(1), mention.group(2).strip() or None)
    first, _, rest = text.partition(" ")
    if first.lower() in (TEAM, ORG, "me"):
        return Request(PERSON if first.lower() == "me" else first.lower(), None, rest.strip() or None)
    lowered = text.lower()
    for name in sorted(known_departments, key=len, reverse=True):
        if lowered == name.lower() or lowered.startswith(name.lower() + " "):
            return Request(DEPARTMENT, name, text[len(name) :].strip() or None)
    raise Invalid("report.unknown_scope", scope=first[:40])


def for_person(session: Session, viewer: Person, subject: Person) -> Scope:
    access.require_view(session, viewer, subject)
    own = viewer.id == subject.id
    return Scope(PERSON, viewer.team_id, subject.name, people=frozenset({subject.id}), own=own)


def for_team(session: Session, viewer: Person) -> Scope:
    return Scope(TEAM, viewer.team_id, viewer.name, people=frozenset(access.team_report_people(session, viewer)))


def for_department(session: Session, viewer: Person, department: str) -> Scope:
    members = set(
        session.exec(
            select(Person.id).where(Person.team_id == viewer.team_id, Person.department == department, Person.is_active)
        )
    )
    if not members:
        raise NotFound("report.unknown_department", department=department[:80])
    visible = access.department_report_people(session, viewer, members)
    if visible is None:
        return Scope(DEPARTMENT, viewer.team_id, department, department=department)
    return Scope(DEPARTMENT, viewer.team_id, department, people=frozenset(visible))


def for_org(viewer: Person, workspace_name: str = "") -> Scope:
    access.require_org_report(viewer)
    return Scope(ORG, viewer.team_id, workspace_name or viewer.team_id)


def whole_org(team_id: str, label: str = "") -> Scope:
    """The organisation, for callers that are HR by construction (the command line, HR's scheduled report)."""
    return Scope(ORG, team_id, label or team_id)


def cycle_named(session: Session, team_id: str, name: str | None) -> Cycle:
    """The cycle asked for by name; without a name the active one, else the latest."""
    if name:
        found = cycles.by_name(session, team_id, name)
        if found is None:
            raise NotFound("report.unknown_cycle", cycle=name[:80])
        return found
    found = cycles.active(session, team_id)
    if found is None:
        every = sorted(cycles.all_cycles(session, team_id), key=lambda cycle: cycle.starts_on)
        if not every:
            raise NotFound("report.no_cycle")
        found = every[-1]
    return found


def previous_cycle(session: Session, cycle: Cycle) -> Cycle | None:
    earlier = [c for c in cycles.all_cycles(session, cycle.team_id) if c.starts_on < cycle.starts_on]
    return max(earlier, key=lambda c: c.starts_on) if earlier else None


def named(session: Session, team_id: str, text: str) -> Scope:
    """`org`, `department:NAME` or `person:EMAIL`, seen as HR (the command line is HR's)."""
    from sqlalchemy import func

    kind, _, value = text.partition(":")
    value = value.strip()
    if kind == ORG and not value:
        from storage.org import Workspace

        workspace = session.get(Workspace, team_id)
        return whole_org(team_id, workspace.name if workspace else "")
    if kind == DEPARTMENT and value:
        if value not in departments(session, team_id):
            raise NotFound("report.unknown_department", department=value[:80])
        return Scope(DEPARTMENT, team_id, value, department=value)
    if kind == PERSON and value:
        person = session.exec(
            select(Person).where(Person.team_id == team_id, func.lower(Person.email) == value.lower())
        ).first()
        if person is None:
            raise NotFound("export.unknown_person", email=value[:120])
        return Scope(PERSON, team_id, person.name, people=frozenset({person.id}))
    raise Invalid("export.bad_scope", scope=text[:80])
