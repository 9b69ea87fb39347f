"""Scheduled reports through the outbox: managers' monthly team report, HR's monthly organisation report and
HR's report at each cycle's end, at 09:00 local time, exactly once (a row per recipient and period)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from bot.checkins.calendar import at_local, zone
from bot.delivery import outbox
from bot.errors import Invalid
from bot.i18n import language_for, t
from bot.org import access
from storage.cycles import Cycle
from storage.org import Person, Role, Workspace
from storage.reports import ReportSetting

SEND_AT = "09:00"
MONTHLY, CYCLE_END = "report_monthly", "report_cycle_end"
CYCLE_END_WINDOW = timedelta(days=7)  # a cycle that ended within this is still reported (after a downtime)


def settings_of(session: Session, team_id: str) -> ReportSetting:
    return session.get(ReportSetting, team_id) or ReportSetting(team_id=team_id)


def change_settings(
    session: Session, *, actor: Person, enabled: bool | None = None, day: int | None = None, now: datetime
) -> ReportSetting:
    access.require_hr(actor)
    if day is not None and not 1 <= day <= 28:
        raise Invalid("report.settings_day")
    setting = session.get(ReportSetting, actor.team_id)
    if setting is None:
        setting = ReportSetting(team_id=actor.team_id)
        session.add(setting)
    if enabled is not None:
        setting.enabled = enabled
    if day is not None:
        setting.day_of_month = day
    setting.updated_at = now
    return setting


def report_message(lang: str, scope: str, cycle_id: int | None, key: str, **params) -> dict:
    text = t(lang, key, **params)
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": t(lang, "report.show_button")},
        "action_id": "report_show",
        "value": f"{scope}|{cycle_id or ''}",
    }
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}, {"type": "actions", "elements": [button]}]
    return outbox.message(text, blocks)


def _recipients(session: Session, team_id: str):
    """HR admins and everyone with a direct report: (slack id, zone, locale, is HR), in one query."""
    report = aliased(Person)
    has_reports = exists().where(report.manager_id == Person.id, report.is_active)
    query = select(Person.slack_id, Person.tz, Person.locale, Person.role).where(
        Person.team_id == team_id, Person.is_active, (Person.role == Role.HR_ADMIN) | has_reports
    )
    return [(slack_id, tz, locale, role == Role.HR_ADMIN) for slack_id, tz, locale, role in session.exec(query)]


def _at_nine(day: date, tz: str) -> datetime:
    return at_local(day, SEND_AT, zone(tz))


def plan_monthly_reports(session: Session, now: datetime) -> int:
    """Once a month per workspace, on HR's day: a DM at 09:00 local to each manager (team) and HR (org)."""
    month = now.strftime("%Y-%m")
    last = calendar.monthrange(now.year, now.month)[1]
    rows = session.exec(
        select(Workspace.team_id, ReportSetting).outerjoin(ReportSetting, ReportSetting.team_id == Workspace.team_id)
    ).all()
    queued = 0
    for team_id, setting in rows:
        setting = setting or ReportSetting(team_id=team_id)
        if not setting.enabled or (setting.planned_month or "") >= month:
            continue
        day = date(now.year, now.month, min(setting.day_of_month, last))
        if now.date() < day - timedelta(days=1):  # the earliest zones reach the day ~14 hours before UTC
            continue
        setting.planned_month = month
        session.merge(setting)
        if now.date() > day + timedelta(days=1):  # HR moved the day to one already past: next month
            continue
        messages, out = {}, []
        for slack_id, tz, locale, hr in _recipients(session, team_id):
            lang, scope = language_for(locale), "org" if hr else "team"
            if (lang, scope) not in messages:
                key = "report.monthly.org" if hr else "report.monthly.team"
                messages[lang, scope] = report_message(lang, scope, None, key, month=month)
            send_at = _at_nine(day, tz)
            out.append(
                {
                    "recipient": slack_id,
                    "message": messages[lang, scope],
                    "not_before": send_at,
                    "expires_at": send_at + timedelta(hours=12),
                }
            )
        key = {"team_id": team_id, "kind": MONTHLY, "period": f"report:{month}"}
        queued += outbox.enqueue_many(session, [key | row for row in out])
    return queued


def plan_cycle_end_reports(session: Session, now: datetime) -> int:
    """HR gets the organisation report the day after a cycle ends, at 09:00 their time."""
    today = now.date()
    ended = session.exec(select(Cycle).where(Cycle.ends_on < today, Cycle.ends_on >= today - CYCLE_END_WINDOW)).all()
    queued = 0
    for cycle in ended:
        setting = session.get(ReportSetting, cycle.team_id)
        if setting is not None and not setting.enabled:
            continue
        out = []
        for slack_id, tz, locale, hr in _recipients(session, cycle.team_id):
            if not hr:
                continue
            lang = language_for(locale)
            send_at = _at_nine(cycle.ends_on + timedelta(days=1), tz)
            message = report_message(lang, "org", cycle.id, "report.cycle_end", cycle=cycle.name)
            out.append({"recipient": slack_id, "message": message, "not_before": send_at})
        period = f"report-cycle:{cycle.id}"
        key = {"team_id": cycle.team_id, "kind": CYCLE_END, "period": period}
        queued += outbox.enqueue_many(session, [key | row for row in out])
    return queued
