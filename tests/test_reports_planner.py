"""Scheduled reports: managers' monthly team report and HR's organisation report at 09:00 their time, exactly
once, on HR's day; HR's report when a cycle ends; HR turns them off."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.goals import cycles
from bot.org import directory


def at(ws, *moment: int) -> None:
    ws.clock.set(datetime(*moment, tzinfo=UTC))
    ws.tick()


def report_dms(user) -> list[str]:
    return [m.text for m in user.dms() if "report" in m.text and not m.files]


def test_monthly_and_cycle_end_reports_arrive_once_at_nine_local(ws, hr, maria, ken):
    sam = ws.person("Sam", manager=maria, tz="America/New_York", department="Engineering")
    omar = ws.person("Omar", tz="America/New_York", department="Sales")
    with ws.db.session() as session:
        hana = directory.get(session, ws.team_id, hr.id)
        directory.set_manager(session, directory.get(session, ws.team_id, omar.id), None)
        cycles.create(
            session,
            team_id=ws.team_id,
            actor=hana,
            name="2027 Q1",
            cadence="quarterly",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 3, 31),
            timetable=cycles.suggested_timetable(date(2027, 1, 1), date(2027, 3, 31)),
            now=ws.clock.now(),
        )
    at(ws, 2027, 2, 1, 8, 30)
    assert report_dms(maria) == [] and report_dms(hr) == []  # 08:30 in London: not yet
    at(ws, 2027, 2, 1, 9, 0)
    assert report_dms(maria) == ["Your monthly team report (2027-02) is ready."]
    assert report_dms(hr) == ["The monthly organisation report (2027-02) is ready."]
    assert report_dms(ken) == [] and report_dms(sam) == [] and report_dms(omar) == []  # no reports, no report
    for moment in ((2027, 2, 1, 14, 0), (2027, 2, 2, 9, 0), (2027, 2, 20, 9, 0)):
        at(ws, *moment)
    assert len(report_dms(maria)) == 1 and len(report_dms(hr)) == 1  # exactly once

    maria.clicks("Show the report")  # nothing to chart yet: the summary alone
    assert maria.last_dm().text.startswith("*Team of Maria* · 2027 Q1 · 2 people\nNo agreed goals yet.")

    assert "Only HR admins" in maria.runs("/perf report-settings off").text
    assert "on day 3 of each month" in hr.runs("/perf report-settings day 3").text
    assert "between 1 and 28" in hr.runs("/perf report-settings day 31").text
    at(ws, 2027, 3, 1, 9, 0)
    assert len(report_dms(maria)) == 1
    at(ws, 2027, 3, 3, 9, 0)
    assert report_dms(maria)[-1] == "Your monthly team report (2027-03) is ready."

    at(ws, 2027, 4, 1, 9, 0)
    assert report_dms(hr)[-1] == "Cycle 2027 Q1 has ended: the organisation report is ready."
    assert "are *off*" in hr.runs("/perf report-settings off").text
    at(ws, 2027, 4, 3, 9, 0)
    at(ws, 2027, 4, 4, 9, 0)
    assert len(report_dms(maria)) == 2 and len(report_dms(hr)) == 3
