"""`perfbot shell`: in the demo, a newcomer writes Ken's self review, switches to Maria to rate him, calibrates
as Hana and releases the results."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.org import directory
from bot.shell import demo
from bot.shell.launch import write_clock
from storage import migrate
from storage.reviews import RatingAdjustment, Review, ReviewResult, ReviewStatus
from tests.test_shell_transcript import run_shell, stored

RATINGS = ["1 4", "2 1", "4 3", "5 4", "7 4", "8 5", "10 4", "11 5", "13 5", "14 6", "16 4", "17 4", "19 3", "20 5"]
SCRIPT = [
    "/as ken",
    "/review",
    "1",
    *RATINGS,
    "22 Latency is down by a third and two engineers are onboarded",
    "23 2",
    "/submit",
    "/as maria",
    "/review @ken",
    "1",
    *RATINGS,
    "22 Strong delivery; keep growing the onboarding work",
    "23 3",
    "24 2",
    "25 2",
    "/submit",
    "/as hana",
    "/perf calibrate",
    "/perf calibrate adjust @ken 4 Led the latency work across two teams",
    "/clock 2027-03-24 09:00",
    "/perf release all",
    "/clock 2027-03-24 09:05",  # the next ticks plan the result messages
    "/as ken",
    "/dms",
]


def test_a_newcomer_runs_a_review_cycle_in_the_demo(monkeypatch, capsys, tmp_path):
    db = stored(tmp_path)  # the shell starts where its clock stopped: the first morning of the self review
    migrate.upgrade(db.engine)
    with db.session() as session:
        directory.ensure_workspace(session, demo.DEMO_TEAM, demo.DEMO_WORKSPACE_NAME)
        write_clock(session, datetime(2027, 2, 24, 9, 0, tzinfo=UTC))
    db.dispose()
    code, transcript = run_shell(monkeypatch, capsys, tmp_path, SCRIPT)
    assert code == 0, transcript
    assert "shell:" not in transcript, transcript
    for shown in (
        "Self review for 2027 Q1 is open until 2027-03-02",
        "Submitted: Self review of @ken",
        "self: 4",
        "Organisation:",
        "→ 4, reason kept",
        "Released",
        "Your 2027 Q1 result: 4 – Exceeds expectations",
    ):
        assert shown in transcript, f"missing {shown!r}:\n{transcript[-4000:]}"
    db = stored(tmp_path)
    with db.session() as session:
        assert {r.status for r in session.exec(select(Review))} == {ReviewStatus.SUBMITTED}
        result = session.exec(select(ReviewResult)).one()
        assert result.rating == 4 and result.released_at is not None
        assert session.exec(select(RatingAdjustment)).one().reason == "Led the latency work across two teams"
    db.dispose()
