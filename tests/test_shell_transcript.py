"""`perfbot shell < session.txt`: scripted sessions through the real CLI entry, the real app and the fake Slack.

Each Step is one typed line and what its part of the transcript must show. Features add their
story to SESSION as they merge (goal proposal and approval, a check-in prompt fired by the clock
and answered, feedback), with their assertions on what is stored below.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

import bot.app
import handlers.features
from bot.cli.main import main
from bot.shell import demo
from bot.shell.launch import close_shell, open_shell, start_time
from storage.checkins import Checkin
from storage.cycles import Cycle
from storage.db import Database
from storage.feedback import Feedback, Kind, Visibility
from storage.goals import Goal, GoalStatus, Metric
from storage.org import Person
from storage.outbox import Delivery
from storage.shell import ShellClock
from tests import shell_feature

EXAMPLE = Path(__file__).parent.parent / "examples" / "shell-session.txt"
ECHO = re.compile(r"^@(\w+) › (.*)$")


@dataclass
class Step:
    line: str
    shows: list[str] = field(default_factory=list)
    hides: list[str] = field(default_factory=list)


SESSION = [
    Step("# Maria, a manager, looks around", shows=["# Maria, a manager, looks around"]),
    Step("/help", shows=["/as @name", "/clock", "/submit, /cancel"]),
    Step("/perf help", shows=["What Perfbot can do for you", "You are signed in as: manager", "/perf help"]),
    Step("/who", shows=["@hana     Hana       HR admin", "@ken      Ken        employee  Engineering"]),
    Step("/perf admin set-department @ken Platform", shows=["Only HR admins can do that."]),
    Step("/as @hana", shows=["you are now @hana (HR admin, People)"]),
    Step("/perf help", shows=["HR admin", "set-manager"]),
    Step("/perf admin set-department @ken Platform", shows=["bot: @ken is now in Platform."]),
    Step("/as ken", shows=["you are now @ken (employee, Platform, reports to @maria)"]),
    Step("/home", shows=["App Home:", "Hello, Ken!", "Manager: @maria", "Department: Platform"]),
    Step("/clock +3d", shows=["clock: Thu", "09:00 for @ken, Europe/London"]),
    # Ken proposes a goal; Maria approves it from her DM, and Ken is told.
    Step("/goal", shows=["┌─ New goal", "[1] Title: <text>", "[4] Type: ▾"]),
    Step("1 Ship faster search", shows=["Title = Ship faster search"]),
    Step("3 3", shows=["Perspective = Internal process"]),
    Step("4 3", shows=["Type = Milestone"]),
    Step("5 40"),
    Step("/submit", shows=["(modal submitted)", "Saved Ship faster search as draft", "[1] Propose ✓"]),
    Step("1", shows=["Sent Ship faster search to @maria for approval.", "→ DM to @maria:", "@ken proposes a goal"]),
    Step("/as maria", shows=["@ken proposes a goal for 2027 Q1: Ship faster search", "[2] Approve ✓"]),
    Step("2", shows=["Approved: Ship faster search", "→ DM to @ken:", "@maria approved your goal Ship faster search"]),
    # Friday 16:00 in Ken's zone: the weekly check-in prompt fires, and Ken answers it in the modal.
    Step("/as ken"),
    Step(
        "/clock fri 16:00",
        shows=["16:00 for @ken, Europe/London", "bot (DM):\n    Time for your weekly check-in", "[1] Check in ✓"],
    ),
    Step("1", shows=["┌─ Weekly check-in", "Cut API p95 latency: new KPI value", "What went well this week?"]),
    Step("2 330"),
    Step("7 Search index rebuilt; p95 down again"),
    Step("10 4", shows=["How confident do you feel? (1 = low, 5 = great) = 4"]),
    Step(
        "/submit",
        shows=["Thanks, your check-in for 2027-W01 is saved.", "Cut API p95 latency: 35% → 53% (KPI now 330)"],
    ),
    # Maria praises Ken's demo and shares it; Ken hears of it once the grace period is over.
    Step("/as maria"),
    Step(
        "/feedback @ken great demo of the faster search", shows=["Logged Praise for @ken (private", "[2] Make shared"]
    ),
    Step("2", shows=["(shared: they see it too and are told)"], hides=["→ DM to @ken"]),
    Step(
        "/clock +1h",
        shows=["→ DM to @ken:\n    :tada: @maria shared praise with you:", "great demo of the faster search"],
    ),
]


def run_shell(monkeypatch, capsys, tmp_path, lines: list[str], *args: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shell.db'}")
    for variable in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(variable, raising=False)  # the shell needs no Slack app
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code = main(["shell", *args])
    return code, capsys.readouterr().out


def sections(transcript: str) -> list[tuple[str, str]]:
    """(typed line, what followed it) for each echoed line of the transcript."""
    found: list[tuple[str, list[str]]] = []
    for line in transcript.splitlines():
        echoed = ECHO.match(line)
        if echoed or line.startswith("#"):
            found.append((echoed.group(2) if echoed else line, [line]))
        elif found:
            found[-1][1].append(line)
    return [(typed, "\n".join(lines)) for typed, lines in found]


def stored(tmp_path):
    return Database(f"sqlite:///{tmp_path / 'shell.db'}")


def test_scripted_session_prints_a_transcript_and_stores_what_was_done(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, [step.line for step in SESSION])

    assert code == 0, transcript
    assert transcript.startswith("Loaded the demo organisation: 9 people in “Perf Co (demo)”.\nPerfbot shell")
    assert "you are @" not in transcript  # no prompts when reading a script
    # The shell starts on a Monday at 09:00 in London: Maria's coaching message names what needs her action.
    start = transcript.split("\n@maria › ", 1)[0]
    assert "Your team this week (2027-W01): 5 things need your action" in start
    assert "@aisha's mood was low in two check-ins running (4 → 2 → 2).\n    [2] Schedule a one-to-one ✓" in start
    assert "@liwei's goal “Move billing to the v2 API” has had no update for 30 days." in start
    parts = sections(transcript)
    assert [typed for typed, _ in parts] == [step.line for step in SESSION]
    for step, (_, shown) in zip(SESSION, parts, strict=True):
        for text in step.shows:
            assert text in shown, f"{step.line!r} should show {text!r}:\n{shown}"
        for text in step.hides:
            assert text not in shown, f"{step.line!r} should not show {text!r}:\n{shown}"

    db = stored(tmp_path)
    with db.session() as session:
        ken = session.exec(select(Person).where(Person.slack_id == "UDEMOKEN")).one()
        assert ken.department == "Platform"
        clock = session.get(ShellClock, demo.DEMO_TEAM)
        assert clock.now > start_time(None, datetime.now(UTC)) + timedelta(days=3)
        assert f"{clock.now:%a %H:%M}" == "Fri 17:00"  # Friday 16:00 in London, then an hour on
        maria = session.exec(select(Person).where(Person.slack_id == "UDEMOMARIA")).one()
        search = session.exec(select(Goal).where(Goal.title == "Ship faster search")).one()
        assert (search.owner_person_id, search.status) == (ken.id, GoalStatus.AGREED)
        checkin = session.exec(select(Checkin).where(Checkin.person_id == ken.id, Checkin.week == "2027-W01")).one()
        latency = session.exec(select(Goal).where(Goal.title == "Cut API p95 latency")).one()
        metric = session.exec(select(Metric).where(Metric.goal_id == latency.id)).one()
        notes = list(
            session.exec(
                select(Feedback)
                .where(Feedback.author_id == maria.id, Feedback.subject_id == ken.id)
                .order_by(Feedback.id)
            )
        )
    db.dispose()
    answers = {answer["id"]: answer["value"] for answer in checkin.answers}
    assert (checkin.mood, answers["went_well"]) == (4, "Search index rebuilt; p95 down again")
    assert metric.current_value == 330
    note = notes[-1]  # the demo holds one of Maria's notes about Ken already
    assert (len(notes), note.text) == (2, "great demo of the faster search")
    assert (note.kind, note.visibility) == (Kind.PRAISE, Visibility.SHARED)


def test_the_example_session_runs_cleanly(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, EXAMPLE.read_text(encoding="utf-8").splitlines())
    assert code == 0, transcript
    assert "shell:" not in transcript
    assert "@ken › /home" in transcript and "Department: Platform" in transcript
    for shown in (
        "Approved: Ship faster search",
        "Thanks, your check-in for 2027-W01 is saved.",
        "→ DM to @ken:\n    :tada: @maria shared praise with you:",
    ):
        assert shown in transcript


def test_the_next_run_goes_on_where_the_last_stopped(monkeypatch, capsys, tmp_path):
    run_shell(monkeypatch, capsys, tmp_path, ["/clock +1d"])
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/as ken", "/clock"])

    assert code == 0
    assert "Loaded the demo organisation" not in transcript
    begin = start_time(None, datetime.now(UTC))
    assert f"clock: {begin + timedelta(days=1):%a %Y-%m-%d %H:%M} UTC" in transcript


def test_modal_buttons_dms_to_others_and_the_clock(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    monkeypatch.setattr(bot.app, "planners", lambda renderer: [shell_feature.weekly_prompt])
    script = [
        "/perf nudge @ken",
        "/submit",
        "1 Please update your goals",
        "2 This week",
        "/submit",
        "/as ken",
        "1",
        "/as maria",
        "/clock +4d",
        "/clock +7h",
        "/as ken",
    ]
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, script)
    assert code == 0, transcript
    parts = [shown for _, shown in sections(transcript)]
    assert "modal:\n    ┌─ Nudge" in parts[0]
    assert "│ [1] Message (optional): <text>" in parts[0]
    assert "│ [2] Urgency: ▾ 1) Whenever  2) This week = Whenever" in parts[0]
    assert "✗ Say what the nudge is about." in parts[1]
    assert "  Message = Please update your goals" in transcript
    assert "  Urgency = This week" in transcript
    assert "(modal submitted)" in parts[4]
    after_send = parts[4]
    assert "→ DM to @ken:\n    @maria nudges you (high): Please update your goals\n    [·] Got it ✓" in after_send
    as_ken = parts[5]
    assert "1 new message for you:" in as_ken and "[1] Got it ✓" in as_ken
    assert "bot (DM) (updated): You got it." in parts[6]
    assert "→ DM to @maria: @ken got your nudge." in parts[6]
    as_maria = parts[7]
    assert "bot (DM): @ken got your nudge." in as_maria
    # Friday 09:00 UTC is 17:00 in Shanghai: Li Wei's prompt is due, Ken's (London) not yet.
    friday_morning = parts[8]
    assert "→ DM to @liwei: Time for your weekly check-in" in friday_morning
    assert "@ken" not in friday_morning
    friday_afternoon = parts[9]
    assert "→ DM to @ken: Time for your weekly check-in" in friday_afternoon

    db = stored(tmp_path)
    with db.session() as session:
        sent = session.exec(select(Delivery).where(Delivery.kind.startswith("test.")).order_by(Delivery.id))
        kinds = [(d.recipient, d.kind, d.status) for d in sent]  # the demo's own history aside
    db.dispose()
    assert kinds == [
        ("UDEMOKEN", "test.nudge", "sent"),
        ("UDEMOMARIA", "test.nudge_ack", "sent"),
        ("UDEMOLIWEI", "test.weekly", "sent"),
        ("UDEMOKEN", "test.weekly", "sent"),
    ]


def test_menus_pickers_and_choices_in_a_message(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    script = [
        "/perf widgets",
        "1 Green",
        "2 1",
        "3 1, 2",
        "4 @ken @liwei",
        "5 16:30",
        "6 2027-01-08",
        "7 hana",
        "8 2",
        "9 red, green",
        "10 #C0GENERAL",
    ]
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, script)
    assert code == 0, transcript
    parts = [shown for _, shown in sections(transcript)]
    assert "[1] ▾ 1) Red  2) Green" in parts[0] and "[10] channel: <#channel>" in parts[0]
    assert [part.splitlines()[-1] for part in parts[1:]] == [
        "bot: survey_colour: green",
        "bot: survey_more: red",
        "bot: survey_boxes: red,green",
        "bot: survey_people: UDEMOKEN,UDEMOLIWEI",
        "bot: survey_time: 16:30",
        "bot: survey_date: 2027-01-08",
        "bot: survey_person: UDEMOHANA",
        "bot: survey_radio: green",
        "bot: survey_many: red,green",
        "bot: survey_channel: C0GENERAL",
    ]


def test_a_button_in_app_home_opens_a_modal_that_can_be_cancelled(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/home", "5", "/modal", "/cancel", "/submit"])
    assert code == 1, transcript  # nothing is left to submit
    parts = [shown for _, shown in sections(transcript)]
    assert "Nudges\n    [5] Nudge Ken" in parts[0]  # after the demo goals' buttons and the team report's
    assert "┌─ Nudge" in parts[1] and "┌─ Nudge" in parts[2]
    assert "(modal closed)" in parts[3] and "bot (DM): You closed the nudge without sending it." in parts[3]
    assert "shell: no modal is open" in parts[4]


def test_a_script_line_the_shell_cannot_use_fails_the_run(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["70", "/as @nobody", "/clock -1d", "/clock +2x"])
    assert code == 1
    assert "shell: there is no [70] on screen" in transcript
    assert "shell: nobody is called @nobody here" in transcript
    assert "shell: cannot read '-1d'" in transcript
    assert "shell: cannot read '+2x'" in transcript


def test_plain_text_is_a_message_to_perfbot_in_its_dm(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["hello there", "/dms"])
    assert code == 0, transcript
    parts = [shown for _, shown in sections(transcript)]
    assert "bot (DM): Hello @maria, you wrote: hello there" in parts[0]
    assert parts[1].splitlines()[-1] == "bot (DM): Hello @maria, you wrote: hello there"  # after the demo's reminders


def test_the_reply_to_a_command_comes_before_the_dms_it_caused(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/perf ping @ken"])
    assert code == 0, transcript
    assert transcript.endswith("@maria › /perf ping @ken\nbot: Pinged @ken.\n→ DM to @ken: @maria pings you\n")


def test_a_global_shortcut_opens_its_modal(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/shortcut quick_nudge", "/shortcut nothing"])
    assert code == 0, transcript
    parts = [shown for _, shown in sections(transcript)]
    assert "┌─ Nudge" in parts[0]
    assert "bot: (nothing in this build answers the shortcut nothing)" in parts[1]


def test_plain_text_when_nothing_reads_messages(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["hello"])
    assert code == 0
    assert "bot: (nothing in this build reads messages sent to Perfbot; try /perf help)" in transcript


def test_a_command_nothing_answers_says_so(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/notacommand hi"])
    assert code == 0
    assert "bot: (nothing in this build answers /notacommand)" in transcript


def test_start_as_someone_else(monkeypatch, capsys, tmp_path):
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, ["/perf help"], "--as", "hana")
    assert code == 0
    assert "@hana › /perf help" in transcript and "set-manager" in transcript


def test_start_as_nobody_explains(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shell.db'}")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["shell", "--as", "zed"]) == 2
    assert "perfbot: nobody is called @zed here; /who lists everyone" in capsys.readouterr().err


@pytest.mark.parametrize("args", [[], ["--fresh"]])
def test_demo_data_loads_once_and_is_removed_with_one_command(monkeypatch, capsys, tmp_path, args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shell.db'}")
    assert main(["demo-data"]) == 0
    assert main(["demo-data"]) == 0
    assert "holds 9 demo people" in capsys.readouterr().out
    db = stored(tmp_path)
    with db.session() as session:
        people = list(session.exec(select(Person)))
    assert len(people) == 9 and all(demo.is_demo_id(p.slack_id) for p in people)
    assert {p.tz for p in people} == {"Europe/London", "America/New_York", "Asia/Shanghai"}

    run_shell(monkeypatch, capsys, tmp_path, ["/clock +1d"], *args)
    assert main(["demo-data", "--remove"]) == 0
    assert "Removed the demo workspace “Perf Co (demo)” and its 9 people." in capsys.readouterr().out
    with db.session() as session:
        assert list(session.exec(select(Person))) == []
        assert session.get(ShellClock, demo.DEMO_TEAM) is None
    db.dispose()


def test_at_a_terminal_the_prompt_says_who_you_are_and_which_modal_is_open(monkeypatch, tmp_path):
    monkeypatch.setattr(handlers.features, "FEATURES", [*handlers.features.FEATURES, shell_feature])
    typed = iter(["/perf nudge @ken", "/as ken", "/quit", "/perf help"])
    prompts = []

    def fake_input(prompt):
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("builtins.input", fake_input)
    out = io.StringIO()
    shell = open_shell(f"sqlite:///{tmp_path / 'shell.db'}", out)
    try:
        assert shell.run(interactive=True) == 0
    finally:
        close_shell(shell)
    assert prompts == [
        "you are @maria (manager) › ",
        "you are @maria (manager) · modal “Nudge” › ",
        "you are @ken (employee) › ",
    ]
    assert "@maria › " not in out.getvalue()  # what is typed at a terminal is not echoed again


def test_a_two_step_modal_can_be_finished_in_the_shell(monkeypatch, capsys, tmp_path):
    """`/perf cycle new` replaces its first step with the timetable: what was typed into step 1 is not
    submitted again with step 2 (Slack keeps a typed value only while its input is still in the view)."""
    lines = ["/as @hana", "/perf cycle new", "1 2027 Q2", "3 2027-04-01", "/submit", "/submit", "/perf cycle list"]
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, lines)
    assert code == 0, transcript
    parts = dict(sections(transcript))
    assert "Timetable for 2027 Q2 (2027-04-01 to 2027-06-30)" in transcript
    assert "shell error" not in transcript
    assert "2027 Q2 (draft), 2027-04-01 to 2027-06-30" in parts["/perf cycle list"]
    with stored(tmp_path).session() as session:
        assert session.exec(select(Cycle).where(Cycle.name == "2027 Q2")).one().starts_on.isoformat() == "2027-04-01"


def test_channels_are_typed_by_name_and_shown_by_name(monkeypatch, capsys, tmp_path):
    lines = [
        "/as @hana",
        "/channels",
        "/perf kudos-channel #kudos",
        "/perf kudos-channel #nowhere",
        "/as maria",
        "/kudos @ken #ownership Fixed the release",
        "/perf checkin-schedule team fri 16:00 channel=#team",
    ]
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, lines)
    assert code == 0, transcript
    parts = dict(sections(transcript))
    assert "#kudos        C0KUDOS" in parts["/channels"]
    assert parts["/perf kudos-channel #kudos"].endswith("bot: Kudos now go to #kudos.")
    assert "I don't know the channel #nowhere" in parts["/perf kudos-channel #nowhere"]
    kudos = parts["/kudos @ken #ownership Fixed the release"]
    assert "posted in #kudos" in kudos and "→ in #kudos: :clap: @maria thanks @ken" in kudos
    assert "Fixed the release #ownership" in kudos  # a company value, not a channel
    assert "channel: #team" in parts["/perf checkin-schedule team fri 16:00 channel=#team"]
    assert "C0KUDOS" not in kudos and "C0TEAM" not in transcript.split("/perf checkin-schedule", 1)[1]
