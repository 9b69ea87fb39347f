"""Slack-level: `/perf report` for each scope as an employee, a manager and HR; charts land in the DM as PNGs."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest

from bot.goals import cycles
from bot.org import directory
from storage.org import Role
from tests import reportkit


@pytest.fixture
def org(ws, hr, maria, ken):
    omar = ws.person("Omar", role=Role.MANAGER, department="Sales")
    sam = ws.person("Sam", manager=omar, department="Sales")
    with ws.db.session() as session:
        people = {u.name: directory.get(session, ws.team_id, u.id) for u in (hr, maria, ken, omar, sam)}
        start, end = date(2027, 1, 1), date(2027, 3, 31)
        cycle, _ = cycles.create(
            session,
            team_id=ws.team_id,
            actor=people["Hana"],
            name="2027 Q1",
            cadence="quarterly",
            starts_on=start,
            ends_on=end,
            timetable=cycles.suggested_timetable(start, end),
            now=ws.clock.now(),
        )
        reportkit.add_goal(session, cycle, people["Ken"], "Cut latency", "internal", start=400, target=200, current=300)
        reportkit.add_goal(session, cycle, people["Sam"], "Renewals", "financial", start=0, target=10, current=2)
        reportkit.checkin(session, people["Ken"], "2027-W01", 4)
        reportkit.feedback(session, people["Maria"], people["Ken"])
    ws.clock.set(reportkit.T0 + timedelta(days=1))  # Maria's shared note has reached Ken
    return {"hr": hr, "maria": maria, "ken": ken, "omar": omar, "sam": sam}


def charts_sent_to(ws, user) -> list[str]:
    return [file.filename for file in ws.slack.uploads_to(user.id)]


def summary_sent_to(ws, user) -> str:
    return "\n".join(message.text for message in user.dms() if message.files)


def test_an_employee_gets_their_own_report_and_nothing_wider(ws, org):
    ken = org["ken"]
    reply = ken.runs("/perf report")
    assert "Preparing the report for Ken (2027 Q1)" in reply.text
    assert charts_sent_to(ws, ken) == ["goals-by-perspective.png", "kpi-trends.png", "checkins.png", "feedback.png"]
    assert all(file.content.startswith(b"\x89PNG") and file.path.is_file() for file in ws.slack.uploads_to(ken.id))
    assert "*Ken* · 2027 Q1 · 1 people" in summary_sent_to(ws, ken)
    assert "Internal process 50%" in summary_sent_to(ws, ken)

    for line, refusal in (
        ("/perf report team", "Nobody reports to you"),
        ("/perf report org", "Only HR admins can see the organisation report"),
        (f"/perf report {org['maria'].mention}", "You can only see records of"),
        ("/perf report Sales", "Nobody in that department is in your reporting line"),
    ):
        assert refusal in ken.runs(line).text
    assert len(ws.slack.uploads_to(ken.id)) == 4  # nothing more was sent


def test_a_manager_gets_their_line_by_team_person_and_department_but_no_one_else(ws, org):
    maria = org["maria"]
    maria.runs("/perf report team")
    assert "*Team of Maria* · 2027 Q1 · 1 people" in summary_sent_to(ws, maria)
    maria.runs(f"/perf report {org['ken'].mention} 2027 Q1")
    assert "*Ken* · 2027 Q1" in summary_sent_to(ws, maria)
    maria.runs("/perf report Engineering")
    assert "*Department Engineering* · 2027 Q1 · 1 people" in summary_sent_to(ws, maria)
    uploads = len(ws.slack.uploads_to(maria.id))
    for line, refusal in (
        (f"/perf report {org['sam'].mention}", "You can only see records of"),
        ("/perf report Sales", "Nobody in that department is in your reporting line"),
        ("/perf report org", "Only HR admins"),
        ("/perf report team 1999 Q9", "There is no cycle called 1999 Q9"),
        ("/perf report marketing", "I don't know the report scope `marketing`"),
    ):
        assert refusal in maria.runs(line).text
    assert len(ws.slack.uploads_to(maria.id)) == uploads


def test_hr_gets_every_scope_and_the_organisation_report(ws, org):
    hr = org["hr"]
    hr.runs("/perf report org")
    text = summary_sent_to(ws, hr)
    assert "*Organisation T0PERF* · 2027 Q1 · 5 people" in text
    assert "Financial 20%" in text and "Internal process 50%" in text
    hr.runs("/perf report Sales")
    assert "*Department Sales* · 2027 Q1 · 2 people" in summary_sent_to(ws, hr)
    hr.runs(f"/perf report {org['sam'].mention}")
    assert "*Sam* · 2027 Q1" in summary_sent_to(ws, hr)
    assert "Nobody reports to you" in hr.runs("/perf report team").text


def test_hr_exports_everything_as_a_file_in_their_dm_and_others_cannot(ws, org):
    assert "Only HR admins" in org["maria"].runs("/perf export csv").text
    reply = org["hr"].runs("/perf export csv 2027 Q1")
    assert "Exporting 2027 Q1 as csv" in reply.text
    (file,) = ws.slack.uploads_to(org["hr"].id)
    assert file.filename == "perfbot-export-2027-Q1.zip"
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        people = archive.read("people.csv").decode().splitlines()
        goals = archive.read("goals.csv").decode().splitlines()
    assert len(people) == 1 + 5 and len(goals) == 1 + 2
    assert "people 5, goals 2" in summary_sent_to(ws, org["hr"])


def test_the_app_home_shows_a_dashboard_and_report_buttons_by_role(ws, org):
    ken_home = org["ken"].opens_home()
    from bot.sandbox.workspace import text_of

    assert "Cut latency 50%" in text_of(ken_home["blocks"])
    assert "Team report" not in text_of(ken_home["blocks"])
    maria_home = org["maria"].opens_home()
    assert "Team report" in text_of(maria_home["blocks"]) and "Organisation report" not in text_of(maria_home["blocks"])
    org["maria"].clicks("Team report")
    assert "*Team of Maria* · 2027 Q1" in summary_sent_to(ws, org["maria"])
    org["hr"].opens_home()
    org["hr"].clicks("Organisation report")
    assert "2027 Q1 · 5 people" in summary_sent_to(ws, org["hr"])


def test_reports_and_exports_work_in_the_shell(monkeypatch, capsys, tmp_path):
    from tests.test_shell_transcript import run_shell

    lines = ["/as @hana", "/perf report org", "/perf export xlsx 2027 Q1", "/as @ken", "/perf report org"]
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, lines)
    assert code == 0, transcript
    uploads = tmp_path / "perfbot-uploads"
    assert f"[file] Goal progress by perspective · 2027 Q1: {uploads}/" in transcript
    assert f"[file] perfbot-export-2027-Q1.xlsx: {uploads}/" in transcript
    assert "Organisation Perf Co (demo) · 2027 Q1 · 9 people" in transcript
    assert "bot: Only HR admins can see the organisation report." in transcript
    assert len(list(uploads.glob("*-goals-by-perspective.png"))) == 1
