"""Builds a small organisation for domain tests: two teams under one VP, HR, and a second workspace."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.org import directory
from bot.org.directory import Profile
from storage.org import Person, Role

TEAM, OTHER_WORKSPACE = "T0PERF", "T0OTHER"


def person(session: Session, slack_id: str, *, team: str = TEAM, role=Role.EMPLOYEE, manager=None) -> Person:
    found, _ = directory.upsert(session, team, Profile(slack_id, slack_id.title(), None, "UTC", "en-US", True))
    directory.set_role(found, role)
    if manager is not None:
        directory.set_manager(session, found, manager)
    session.flush()
    return found


@dataclass
class Org:
    hr: Person
    vp: Person  # skip-level manager of Ken
    maria: Person  # Ken's manager
    ken: Person
    pia: Person  # Ken's peer (same manager)
    zoe: Person  # another peer
    ola: Person  # another team's manager
    omar: Person  # in Ola's team
    hr_elsewhere: Person  # HR of another workspace


def build(session: Session) -> Org:
    vp = person(session, "UVP", role=Role.MANAGER)
    maria = person(session, "UMARIA", role=Role.MANAGER, manager=vp)
    ola = person(session, "UOLA", role=Role.MANAGER, manager=vp)
    return Org(
        hr=person(session, "UHR", role=Role.HR_ADMIN),
        vp=vp,
        maria=maria,
        ken=person(session, "UKEN", manager=maria),
        pia=person(session, "UPIA", manager=maria),
        zoe=person(session, "UZOE", manager=maria),
        ola=ola,
        omar=person(session, "UOMAR", manager=ola),
        hr_elsewhere=person(session, "UHR2", team=OTHER_WORKSPACE, role=Role.HR_ADMIN),
    )
