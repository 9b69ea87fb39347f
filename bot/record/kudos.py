"""Recognition: public kudos to the recognition channel (stored as shared praise) and the monthly summary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from itertools import chain, islice

from sqlalchemy import Row, update
from sqlmodel import Session, func, select

from bot.delivery import outbox, planning
from bot.errors import Invalid
from bot.i18n import language_for, t
from bot.org import access
from bot.record.feedback import log
from bot.text import escape, mention
from storage.feedback import Feedback, Kind, RecognitionSetting, Source, Visibility
from storage.org import Person, Role

SUMMARY_HOUR = 9  # UTC, on the 1st: not at midnight
_VALUE = re.compile(r"^#([\w-]{1,64})\s*(.*)$", re.DOTALL)
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
# What the monthly summary reads of each person, as plain rows.
_PERSON = (Person.id, Person.slack_id, Person.name, Person.locale, Person.role, Person.manager_id, Person.is_active)
_PERSON_MARK = "\x00"  # stands for the person while a line is translated once per language and count
_ROWS_AT_ONCE = 500  # fewer than the collector's threshold (700 new objects)
_language = cache(language_for)  # a workspace has a handful of locales


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
    if now.day == 1 and now.hour < SUMMARY_HOUR:
        return 0
    start, end, month = _previous_month(now)
    due = select(RecognitionSetting.team_id).where(
        RecognitionSetting.channel_id.is_not(None),
        (RecognitionSetting.summarised_month.is_(None)) | (RecognitionSetting.summarised_month < month),
    )
    rows: list[dict] = []
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
        # A few hundred rows at a time: none outlives its turn, so none is left for the collector to walk.
        counts = {subject_id: count for batch in tally.partitions(_ROWS_AT_ONCE) for subject_id, count in batch}
        # Inactive people too (lines pass through them); ordered by name below.
        everyone = session.connection().execute(select(*_PERSON).where(Person.team_id == team_id))
        everyone = chain.from_iterable(everyone.partitions(_ROWS_AT_ONCE))
        rows += _summaries(team_id, everyone, counts, month)
        planning.later(
            session,
            update(RecognitionSetting).where(RecognitionSetting.team_id == team_id).values(summarised_month=month),
        )
    return outbox.enqueue_many(session, rows)


def _summaries(team_id: str, everyone: Iterable[Row], counts: dict[int, int], month: str) -> list[dict]:
    """The summary rows of one workspace (`everyone`: its people's rows as read, inactive ones too; `counts`: kudos
    per person, most recognised first). Each manager's line is found by walking down from them a level at a time;
    HR's summary, the same for every HR admin, and the fixed phrases are written once per language."""
    ranked = {person_id: rank for rank, person_id in enumerate(counts)}
    # The active people's Slack ids, names and locales, in the order read (which breaks ties between equal names).
    slack_ids: dict[int, str] = {}
    names: dict[int, str] = {}
    locales: dict[int, str | None] = {}
    below: dict[int, list[int]] = {}  # everyone's direct reports, inactive ones too: lines pass through them
    reports: dict[int, list[int]] = {}  # active direct reports, who make a manager's team
    hr = set()
    for person in everyone:
        person_id, slack_id, name, locale, role, manager_id, is_active = person
        if is_active:
            slack_ids[person_id], names[person_id], locales[person_id] = slack_id, name, locale
            if role == Role.HR_ADMIN and access.is_hr(person):  # the role first: most people are not HR
                hr.add(person_id)
        if manager_id is not None:
            below.setdefault(manager_id, []).append(person_id)
            if is_active:
                reports.setdefault(manager_id, []).append(person_id)

    # Filtered, then sorted by name: the order sorting everyone first gives (the sort is stable).
    managers = sorted((person_id for person_id in slack_ids if person_id in reports), key=names.__getitem__)
    place = {manager: index for index, manager in enumerate(managers)}
    # Teams where somebody was recognised: worked out once, not per viewer.
    seen = {manager for manager in managers if any(report in ranked for report in reports[manager])}
    recognised = {person_id for person_id in ranked if person_id in slack_ids}
    everybody = (
        [(slack_ids[pid], counts[pid]) for pid in islice((pid for pid in counts if pid in slack_ids), 5)],
        [slack_ids[manager] for manager in managers if manager not in seen],
    )
    viewers = sorted((pid for pid in slack_ids if pid in place or pid in hr), key=names.__getitem__)
    leads = set(place)
    phrases: dict[str, tuple[str, str]] = {}
    hr_messages: dict[str, dict] = {}  # HR's message per language
    rows, period = [], f"kudos-summary:{month}"
    for viewer in viewers:
        lang = _language(locales[viewer])
        if lang not in phrases:
            phrases[lang] = (t(lang, "kudos.summary.title", month=month), t(lang, "kudos.summary.nobody"))
        if viewer in hr:
            if lang not in hr_messages:
                hr_messages[lang] = _message(lang, phrases[lang], *everybody)
            message = hr_messages[lang]
        else:
            line = access.line_of(viewer, below)
            top = sorted(line & recognised, key=ranked.__getitem__)[:5]
            quiet = sorted((line & leads) | {viewer}, key=place.__getitem__)
            message = _message(
                lang,
                phrases[lang],
                [(slack_ids[pid], counts[pid]) for pid in top],
                [slack_ids[pid] for pid in quiet if pid not in seen],
            )
        rows.append(
            {
                "team_id": team_id,
                "recipient": slack_ids[viewer],
                "kind": "kudos_summary",
                "period": period,
                "message": message,
            }
        )
    return rows


def _message(lang: str, phrases: tuple[str, str], top: list[tuple[str, int]], quiet: list[str]) -> dict:
    """`phrases`: the language's title and "nobody"; `top`: the most recognised people's Slack ids and kudos;
    `quiet`: the Slack ids of managers whose team nobody recognised."""
    title, nobody = phrases
    lines = [title]
    lines += [mention(slack_id).join(_top_line(lang, n)) for slack_id, n in top] or [nobody]
    if quiet:
        lines.append(t(lang, "kudos.summary.quiet", teams=", ".join(mention(slack_id) for slack_id in quiet)))
    return outbox.message("\n".join(lines))


@cache
def _top_line(lang: str, count: int) -> tuple[str, ...]:
    """The translated line of a person recognised `count` times, split where their mention goes."""
    return tuple(t(lang, "kudos.summary.top", person=_PERSON_MARK, count=count).split(_PERSON_MARK))
