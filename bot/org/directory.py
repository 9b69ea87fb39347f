"""The organisation: people synced from Slack, and what HR adds (manager, department, role)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam
from sqlmodel import Session, col, func, select

from bot.errors import Invalid, NotFound
from storage.db import read_memo
from storage.org import Person, Role, Workspace, detached
from storage.types import utcnow


@dataclass(frozen=True)
class Profile:
    """What Slack knows about a person."""

    slack_id: str
    name: str
    email: str | None
    tz: str
    locale: str
    is_active: bool
    is_primary_owner: bool = False


def ensure_workspace(session: Session, team_id: str, name: str = "") -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, name=name)
        session.add(workspace)
        session.flush()
    elif name and workspace.name != name:
        workspace.name = name
    return workspace


# Every request looks its person up: the statement is built once.
_FIND = select(Person).where(Person.team_id == bindparam("team_id"), Person.slack_id == bindparam("slack_id"))


def find(session: Session, team_id: str, slack_id: str) -> Person | None:
    return session.exec(_FIND, params={"team_id": team_id, "slack_id": slack_id}).first()


# A request's person and those its command names, in one statement. The ids are padded to a fixed number (by
# repeating one): a statement whose shape never changes is compiled once, an expanding list on every use.
FIND_AT_ONCE = 3
_PEOPLE = Person.__table__
_FIND_MANY = select(*_PEOPLE.c).where(
    _PEOPLE.c.team_id == bindparam("team_id"),
    _PEOPLE.c.slack_id.in_([bindparam(f"slack_id_{index}") for index in range(FIND_AT_ONCE)]),
)


def find_many(connection: Connection, team_id: str, slack_ids: list[str]) -> dict[str, Person]:
    """The known people among these Slack ids (at most FIND_AT_ONCE of them), by Slack id, as stored when read and
    in no session (`detached`). Every request reads its person: read as plain rows, they cost half the ORM's load."""
    if not slack_ids or len(slack_ids) > FIND_AT_ONCE:
        raise ValueError(f"find_many looks up 1 to {FIND_AT_ONCE} people")
    padded = [*slack_ids, *[slack_ids[0]] * (FIND_AT_ONCE - len(slack_ids))]
    params = {"team_id": team_id} | {f"slack_id_{index}": slack_id for index, slack_id in enumerate(padded)}
    return {row.slack_id: detached(row._mapping) for row in connection.execute(_FIND_MANY, params)}


def get(session: Session, team_id: str, slack_id: str) -> Person:
    person = find(session, team_id, slack_id)
    if person is None:
        raise NotFound("org.unknown_person", person=slack_id)
    return person


def by_email(session: Session, team_id: str, email: str) -> Person | None:
    return session.exec(select(Person).where(Person.team_id == team_id, Person.email == email.strip().lower())).first()


def people(session: Session, team_id: str, *, active_only: bool = True) -> list[Person]:
    query = select(Person).where(Person.team_id == team_id)
    if active_only:
        query = query.where(Person.is_active)
    return list(session.exec(query.order_by(Person.name)))


# What set-based passes over thousands of people read: plain rows with a Person's attribute names, ten times
# cheaper to load than Person objects.
LIGHT = (
    Person.id,
    Person.team_id,
    Person.slack_id,
    Person.name,
    Person.tz,
    Person.locale,
    Person.role,
    Person.manager_id,
    Person.is_active,
)


def light_people(session: Session, team_id: str):
    """The workspace's active people as light rows (see LIGHT), ordered by name."""
    query = select(*LIGHT).where(Person.team_id == team_id, Person.is_active).order_by(Person.name)
    return session.connection().execute(query).all()  # plain rows: the ORM's per-row bookkeeping is not needed


def apply_profile(person: Person, profile: Profile) -> bool:
    """Copy Slack's view of a person onto the row; True when something changed."""
    values = {
        "name": profile.name,
        "email": profile.email.lower() if profile.email else None,
        "tz": profile.tz,
        "locale": profile.locale,
        "is_active": profile.is_active,
        "is_primary_owner": profile.is_primary_owner,
    }
    changed = any(getattr(person, field) != value for field, value in values.items())
    if changed:
        for field, value in values.items():
            setattr(person, field, value)
        person.updated_at = utcnow()
    return changed


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    """The people with these ids, by id: those the session already holds (the viewer, the person a page is about)
    without asking again, the rest in one query."""
    found: dict[int, Person] = {}
    missing = []
    for person_id in set(ids):
        held = session.identity_map.get(session.identity_key(Person, person_id))
        if held is not None:
            found[person_id] = held
        else:
            missing.append(person_id)
    if missing:
        found |= {person.id: person for person in session.exec(select(Person).where(col(Person.id).in_(missing)))}
    return found


def upsert(session: Session, team_id: str, profile: Profile) -> tuple[Person, bool]:
    """Create or update a person from their Slack profile; returns (person, changed)."""
    ensure_workspace(session, team_id)
    person = find(session, team_id, profile.slack_id)
    if person is None:
        person = Person(team_id=team_id, slack_id=profile.slack_id)
        apply_profile(person, profile)
        session.add(person)
        session.flush()
        return person, True
    return person, apply_profile(person, profile)


def sync_profiles(session: Session, team_id: str, profiles: list[Profile]) -> list[Person]:
    """Upsert a batch of profiles with one query for the existing rows; returns the changed people."""
    ensure_workspace(session, team_id)
    ids = [profile.slack_id for profile in profiles]
    existing = {
        person.slack_id: person
        for person in session.exec(select(Person).where(Person.team_id == team_id, Person.slack_id.in_(ids)))
    }
    changed = []
    for profile in profiles:
        person = existing.get(profile.slack_id)
        if person is None:
            person = Person(team_id=team_id, slack_id=profile.slack_id)
            session.add(person)
            apply_profile(person, profile)
            changed.append(person)
        elif apply_profile(person, profile):
            changed.append(person)
    session.flush()
    return changed


def manager_of(session: Session, person: Person) -> Person | None:
    return session.get(Person, person.manager_id) if person.manager_id else None


def manager_chain(session: Session, person: Person) -> list[Person]:
    """The person's manager, their manager, and so on up to the top."""
    chain: list[Person] = []
    seen = {person.id}
    current = manager_of(session, person)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = manager_of(session, current)
    return chain


_DIRECT_REPORTS = (
    select(Person).where(Person.manager_id == bindparam("manager_id"), Person.is_active).order_by(Person.name)
)


def direct_reports(session: Session, person: Person) -> list[Person]:
    params = {"manager_id": person.id}
    return list(
        read_memo(session, ("direct_reports", person.id), lambda: list(session.exec(_DIRECT_REPORTS, params=params)))
    )


def is_in_cycle(session: Session, person: Person) -> bool:
    """True when walking up from the person's manager leads back to the person."""
    seen: set[int] = set()
    current = manager_of(session, person)
    while current is not None and current.id not in seen:
        if current.id == person.id:
            return True
        seen.add(current.id)
        current = manager_of(session, current)
    return False


def would_create_cycle(session: Session, person: Person, new_manager: Person) -> bool:
    return new_manager.id == person.id or person in manager_chain(session, new_manager)


def set_manager(session: Session, person: Person, manager: Person | None) -> None:
    """Make `manager` the person's manager (None clears it); refuses a reporting cycle."""
    if manager is not None:
        if manager.team_id != person.team_id:
            raise NotFound("org.unknown_person", person=manager.slack_id)
        if would_create_cycle(session, person, manager):
            raise Invalid("org.cycle", person=person.slack_id, manager=manager.slack_id)
    person.manager_id = manager.id if manager else None
    person.updated_at = utcnow()


def set_role(person: Person, role: Role) -> None:
    person.role = role
    person.updated_at = utcnow()


def set_department(person: Person, department: str | None) -> None:
    person.department = (department or "").strip() or None
    person.updated_at = utcnow()


def has_hr_admin(session: Session, team_id: str) -> bool:
    return (
        session.exec(select(Person.id).where(Person.team_id == team_id, Person.role == Role.HR_ADMIN)).first()
        is not None
    )


def bootstrap_hr_admins(session: Session, team_id: str, configured: set[str]) -> list[Person]:
    """Grant HR admin to the configured people (ids or e-mails); with none configured and no HR
    admin yet, to the workspace's primary owner, the person who installed Slack for the company."""
    promoted = []
    if configured:  # only the people named, never the whole workspace (this runs on a new user's first contact)
        named = (func.lower(Person.slack_id).in_(configured)) | (col(Person.email).in_(configured))
        for person in session.exec(select(Person).where(Person.team_id == team_id, Person.is_active, named)):
            if person.role != Role.HR_ADMIN:
                set_role(person, Role.HR_ADMIN)
                promoted.append(person)
    if not configured and not has_hr_admin(session, team_id):
        owner = session.exec(
            select(Person).where(Person.team_id == team_id, Person.is_primary_owner, Person.is_active)
        ).first()
        if owner is not None:
            set_role(owner, Role.HR_ADMIN)
            promoted.append(owner)
    return promoted
