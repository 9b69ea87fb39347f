"""Onboarding: one welcome DM per person, a manager's introduction on their first report, HR's setup checklist.

Each is an outbox row with a fixed period, so it goes out exactly once however often it is queued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, func, select

from bot.delivery import outbox
from bot.goals import cycles
from bot.i18n import language_for, t
from bot.org import access, directory
from bot.text import escape, mention
from storage.checkins import CheckinSchedule
from storage.cycles import Cycle, CycleStatus
from storage.feedback import RecognitionSetting
from storage.org import Person

WELCOME, INTRO = "coaching.welcome", "coaching.manager_intro"
OPEN_GOALS_ACTION, OPEN_CHECKIN_ACTION = "goals.open_create", "checkin_open"  # the goals' and check-ins' buttons
CHECKLIST = ("org", "managers", "cycle", "checkins", "kudos")


@dataclass(frozen=True)
class Step:
    key: str
    done: bool


def checklist(session: Session, team_id: str) -> list[Step]:
    """HR's setup steps, each ticked by what is in the database (so it ticks itself as things are done)."""
    people = session.exec(select(func.count()).select_from(Person).where(Person.team_id == team_id, Person.is_active))
    managed = select(Person.id).where(Person.team_id == team_id, Person.manager_id.is_not(None)).limit(1)
    cycle = select(Cycle.id).where(Cycle.team_id == team_id, Cycle.status == CycleStatus.ACTIVE).limit(1)
    checkins = select(CheckinSchedule.id).where(CheckinSchedule.team_id == team_id, CheckinSchedule.enabled).limit(1)
    kudos = session.get(RecognitionSetting, team_id)
    return [
        Step("org", people.one() > 1),
        Step("managers", session.exec(managed).first() is not None),
        Step("cycle", session.exec(cycle).first() is not None),
        Step("checkins", session.exec(checkins).first() is not None),
        Step("kudos", bool(kudos and kudos.channel_id)),
    ]


def checklist_text(lang: str, steps: list[Step]) -> str:
    lines = [f"*{t(lang, 'coaching.checklist.title')}*"]
    lines += [("✅ " if step.done else "☐ ") + t(lang, f"coaching.checklist.{step.key}") for step in steps]
    if all(step.done for step in steps):
        lines.append(t(lang, "coaching.checklist.all_done"))
    return "\n".join(lines)


def next_step(session: Session, team_id: str, today: date, lang: str) -> str:
    """The current cycle and what comes next in it, in a sentence."""
    cycle = cycles.active(session, team_id)
    if cycle is None:
        return t(lang, "coaching.welcome.no_cycle")
    upcoming = [phase for phase in cycles.phases(session, cycle) if phase.due_on >= today]
    if not upcoming:
        return t(lang, "coaching.welcome.cycle", cycle=escape(cycle.name))
    phase = upcoming[0]
    return t(
        lang,
        "coaching.welcome.cycle_next",
        cycle=escape(cycle.name),
        phase=t(lang, f"phase.{phase.kind}"),
        due=phase.due_on.isoformat(),
    )


def _button(lang: str, key: str, action_id: str) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": t(lang, key)}, "action_id": action_id}


def welcome(session: Session, person: Person, now: datetime) -> bool:
    """Queue the person's welcome (once ever): what Perfbot does for them, their manager, the cycle and its next
    step, buttons to their goals and their first check-in; HR also get the setup checklist."""
    if not person.is_active:
        return False
    lang = language_for(person.locale)
    manager = directory.manager_of(session, person)
    lines = [
        t(lang, "coaching.welcome.title", name=escape(person.name or person.slack_id)),
        t(lang, "coaching.welcome.what"),
        t(lang, "coaching.welcome.manager", manager=mention(manager.slack_id))
        if manager
        else t(lang, "coaching.welcome.no_manager"),
        next_step(session, person.team_id, now.date(), lang),
        t(lang, "coaching.welcome.guide"),
    ]
    text = "\n".join(lines)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "elements": [
                _button(lang, "coaching.welcome.goals", OPEN_GOALS_ACTION),
                _button(lang, "coaching.welcome.checkin", OPEN_CHECKIN_ACTION),
            ],
        },
    ]
    if access.is_hr(person):
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": checklist_text(lang, checklist(session, person.team_id))},
            }
        )
    return outbox.enqueue(
        session,
        team_id=person.team_id,
        recipient=person.slack_id,
        kind=WELCOME,
        period="welcome",
        message=outbox.message(text, blocks),
    )


def manager_intro(session: Session, manager: Person) -> bool:
    """Queue a manager's introduction (once ever, when they get their first report): their team, what is expected
    of them in each phase, how to log feedback and hold one-to-ones."""
    reports = directory.direct_reports(session, manager)
    if not reports or not manager.is_active:
        return False
    lang = language_for(manager.locale)
    team = " ".join(mention(report.slack_id) for report in reports[:20])
    lines = [t(lang, "coaching.intro.title", team=team)]
    lines += [t(lang, f"coaching.intro.{step}") for step in ("goals", "checkins", "oneonone", "feedback", "reviews")]
    lines.append(t(lang, "coaching.intro.digest"))
    text = "\n".join(lines)
    return outbox.enqueue(
        session,
        team_id=manager.team_id,
        recipient=manager.slack_id,
        kind=INTRO,
        period="intro",
        message=outbox.message(text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]),
    )
