"""Recognition: public kudos to the recognition channel (stored as shared praise) and the monthly summary."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from operator import attrgetter

from sqlalchemy import update
from sqlmodel import Session, func, select

from bot.delivery import outbox, planning
from bot.errors import Invalid
from bot.i18n import language_for, t
from bot.org import access, directory
from bot.record.feedback import log
from bot.text import escape, mention
from storage.feedback import Feedback, Kind, RecognitionSetting, Source, Visibility
from storage.org import Person

SUMMARY_HOUR = 9  # UTC, on the 1st: not at midnight
_VALUE = re.compile(r"^#([\w-]{1,64})\s*(.*)$", re.DOTALL)
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")


def parse_value(text: str) -> tuple[str | None, str]:
    """`#ownership Great call` -> ("ownership", "Great call")."""
    match = _VALUE.match(text.strip())
    return (match.group(1).lower(), match.group(2).strip()) if match else (None, text.strip())


def parse_channel(text: str) -> str:
    match = _CHANNEL.match(text.strip())
    if not match:
        raise Invalid("kudos.channel_usage")
    return match.group(1)


def set_channel(session: Session, *, actor: Person, channel_id: str, now: datetime) -> None:
    access.require_hr(actor)
    setting = session.get(RecognitionSetting, actor.team_id)
    if setting is None:  # the first summary covers the first whole month with a channel
        setting = RecognitionSetting(team_id=actor.team_id, summarised_month=_previous_month(now)[2])
        session.add(setting)
    setting.channel_id = channel_id
    setting.updated_at = now


def channel_of(session: Session, team_id: str) -> str | None:
    setting = session.get(RecognitionSetting, team_id)
    return setting.channel_id if setting else None


def give(
    session: Session, *, giver: Person, subject: Person, text: str, company_value: str | None, now: datetime
) -> Feedback:
    """Store kudos as shared praise and post them to the recognition channel and to the person."""
    channel = channel_of(session, giver.team_id)
    if channel is None:
        raise Invalid("kudos.no_channel")
    feedback = log(
        session,
        author=giver,
        subject=subject,
        text=text,
        kind=Kind.PRAISE,
        visibility=Visibility.SHARED,
        now=now,
        source=Source.KUDOS,
        company_value=company_value,
    )
    tag = f" #{escape(company_value)}" if company_value else ""
    for recipient, lang in ((channel, language_for(giver.locale)), (subject.slack_id, language_for(subject.locale))):
        body = t(lang, "kudos.post", giver=mention(giver.slack_id), person=mention(subject.slack_id), text=escape(text))
        outbox.enqueue(
            session,
            team_id=giver.team_id,
            recipient=recipient,
            kind="kudos",
            period=f"kudos:{feedback.id}",
            message=outbox.message(body + tag),
        )
    return feedback


def _previous_month(now: datetime) -> tuple[datetime, datetime, str]:
    start_this = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    last = start_this.replace(year=start_this.year - 1, month=12) if start_this.month == 1 else None
    start_prev = last or start_this.replace(month=start_this.month - 1)
    return start_prev, start_this, start_prev.strftime("%Y-%m")


def plan_monthly_summary(session: Session, now: datetime) -> int:
    """At the start of each month, per workspace with a recognition channel: managers and HR get last month's
    most recognised people in their scope and the teams (a manager's direct reports) nobody recognised.
    Two queries per workspace, however many people it has."""
    queued = 0
    if now.day == 1 and now.hour < SUMMARY_HOUR:
        return 0
    start, end, month = _previous_month(now)
    due = select(RecognitionSetting.team_id).where(
        RecognitionSetting.channel_id.is_not(None),
        (RecognitionSetting.summarised_month.is_(None)) | (RecognitionSetting.summarised_month < month),
    )
    for team_id in session.exec(due).all():
        # Counted in SQL; ties keep the order of each person's first kudos, as counting row by row did.
        tally = session.connection().execute(
            select(Feedback.subject_id, func.count())
            .where(
                Feedback.team_id == team_id,
                Feedback.source == Source.KUDOS,
                Feedback.created_at >= start,
                Feedback.created_at < end,
            )
            .group_by(Feedback.subject_id)
            .order_by(func.count().desc(), func.min(Feedback.id))
        )
        counts = Counter(dict(tally.all()))
        ranked = {person_id: rank for rank, person_id in enumerate(counts)}
        everyone = (
            session.connection()
            .execute(  # plain rows, inactive people too (lines pass through them); ordered by name below
                select(*directory.LIGHT).where(Person.team_id == team_id)
            )
            .all()
        )
        people = sorted((person for person in everyone if person.is_active), key=attrgetter("name"))
        active = {person.id for person in people}
        below = access.lines_below(everyone)
        reports: dict[int, list[Person]] = {}
        for person in people:
            if person.manager_id is not None:
                reports.setdefault(person.manager_id, []).append(person)
        managers = [person for person in people if person.id in reports]
        place = {manager.id: index for index, manager in enumerate(managers)}
        # Teams (a manager's direct reports) where somebody was recognised: worked out once, not per viewer.
        seen = {manager.id for manager in managers if any(r.id in ranked for r in reports[manager.id])}
        for viewer in people:
            if access.is_hr(viewer):
                scope = people
            elif viewer.id in reports:
                scope = [person for person in below.get(viewer.id, []) if person.id in active]
            else:
                continue
            queued += _summary(session, viewer, scope, (managers, place, seen), (counts, ranked), month)
        planning.later(
            session,
            update(RecognitionSetting).where(RecognitionSetting.team_id == team_id).values(summarised_month=month),
        )
    return queued


def _summary(
    session: Session,
    viewer: Person,
    scope: list[Person],
    leads: tuple[list[Person], dict[int, int], set[int]],
    recognised: tuple[Counter, dict[int, int]],
    month: str,
) -> int:
    """`leads`: every manager by name, each one's place in that order, and those whose team was recognised
    (worked out once per workspace); `recognised`: kudos per person, and each recognised person's place in the
    ranking (most first)."""
    managers, place, seen = leads
    counts, ranked = recognised
    lang = language_for(viewer.locale)
    ids = {person.id: person for person in scope}
    top = [(ids[pid], counts[pid]) for pid in sorted((pid for pid in ids if pid in ranked), key=ranked.get)[:5]]
    lead = [m for m in managers if m.id == viewer.id or m.id in ids] if len(ids) > len(managers) else None
    if lead is None:  # a manager's line is small: look at it rather than at every manager
        candidates = {m.id: m for m in (viewer, *scope) if m.id in place}
        lead = sorted(candidates.values(), key=lambda m: place[m.id])
    quiet = [m for m in lead if m.id not in seen]
    lines = [t(lang, "kudos.summary.title", month=month)]
    lines += [t(lang, "kudos.summary.top", person=mention(p.slack_id), count=n) for p, n in top] or [
        t(lang, "kudos.summary.nobody")
    ]
    if quiet:
        lines.append(t(lang, "kudos.summary.quiet", teams=", ".join(mention(m.slack_id) for m in quiet)))
    return outbox.enqueue(
        session,
        team_id=viewer.team_id,
        recipient=viewer.slack_id,
        kind="kudos_summary",
        period=f"kudos-summary:{month}",
        message=outbox.message("\n".join(lines)),
    )
