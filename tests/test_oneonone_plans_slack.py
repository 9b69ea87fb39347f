"""Slack-level: `/1on1` and `/plan` commands, their buttons, cadence, and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from storage.oneonone import AgendaItem
from storage.plans import Plan


def items(ws) -> list[AgendaItem]:
    with ws.db.session() as session:
        return list(session.exec(select(AgendaItem)))


def test_cadence_sends_both_the_agenda_a_day_before_and_done_closes_an_item(ws, maria, ken):
    reply = maria.runs(f"/1on1 {ken.mention} every 2 weeks")
    assert "Every 14 days; next one on 2027-01-18" in reply.text
    ken.runs(f"/1on1 {maria.mention} action 2027-01-12 Update the runbook")
    ws.advance(timedelta(days=13, hours=1), tick_every=timedelta(hours=12))
    for person in (maria, ken):
        assert person.received_dm(containing="Update the runbook")
    assert ken.received_dm(containing="is due (2027-01-12)", buttons=["Done"])
    ken.clicks("Done")
    assert "Done: Update the runbook" in ken.last_reply().text
    (item,) = items(ws)
    assert item.done_at is not None


@pytest.mark.parametrize(
    ("who", "line", "expected"),
    [
        ("ken", "/1on1", "Try `/1on1 @person`"),
        ("ken", "/1on1 {pia}", "between a manager and a direct report"),
        ("maria", "/1on1 {ken} action {pia} 2027-01-10 Fix it", "isn't in this one-to-one"),
        ("maria", "/1on1 {ken} action 2027-13-45 Fix it", "2027-13-45 does not exist: months go from 01 to 12"),
        ("maria", "/1on1 {ken} note", "The note is empty. Write it after `note`"),
        ("maria", "/1on1 {ken} every fortnight", "every 2 weeks"),
        ("maria", "/1on1 {ken} dance", "Try `/1on1 @person`"),
        ("pia", "/1on1 {maria} {ken}", "for the pair, their manager line and HR"),
    ],
)
def test_one_to_one_bad_input_is_explained_and_stores_nothing(ws, maria, ken, who, line, expected):
    people = {"maria": maria, "ken": ken, "pia": ws.person("Pia", manager=maria)}
    reply = people[who].runs(line.format(**{name: p.mention for name, p in people.items()}))
    assert reply.body["response_type"] == "ephemeral"
    assert expected in reply.text
    assert items(ws) == []


@pytest.mark.parametrize(
    ("who", "line", "expected"),
    [
        ("maria", "/plan {ken} improvement Faster reviews", "needs a review date"),
        ("maria", "/plan {ken} improvement 2026-01-01 Faster reviews", "must be in the future"),
        ("ken", "/plan {maria} development Lead a team", "<@{maria_id}>'s plan is for them, their manager line and HR"),
        ("ken", "/plan {ken} development Lead a team", "Only <@{ken_id}>'s manager line or HR"),
        ("maria", "/plan {ken} weekly Review PRs", "has no running plan"),
        ("maria", "/plan {ken} close met Done", "has no running plan"),
        ("maria", "/plan {ken} {maria}", "Try `/plan @report"),
    ],
)
def test_plan_bad_input_is_explained_and_stores_nothing(ws, maria, ken, who, line, expected):
    people = {"maria": maria, "ken": ken}
    reply = people[who].runs(line.format(**{name: p.mention for name, p in people.items()}))
    assert reply.body["response_type"] == "ephemeral"
    assert expected.format(maria_id=maria.id, ken_id=ken.id) in reply.text
    with ws.db.session() as session:
        assert session.exec(select(Plan)).all() == []


def test_opening_a_plan_tells_its_owner_at_once_in_their_language(ws, maria, ken):
    maria.runs(f"/plan {ken.mention} improvement 2027-02-01 Dependable <on-call> handovers")
    assert ken.received_dm(
        containing=f"<@{maria.id}> opened an improvement plan with you: “Dependable &lt;on-call&gt; handovers”, "
        "to be reviewed on 2027-02-01"
    )
    li = ws.person("Li", manager=maria, locale="zh-CN")
    maria.runs(f"/plan {li.mention} development Grow into tech lead")
    assert li.received_dm(containing="为你开启了发展计划：“Grow into tech lead”")
    maria.runs(f"/plan {li.mention} development Grow into tech lead")  # refused: one running plan
    assert len([m for m in li.dms() if "发展计划" in m.text]) == 1


def test_a_development_plan_with_a_monthly_goal(ws, maria, ken):
    assert "Plan opened" in maria.runs(f"/plan {ken.mention} development Grow into tech lead").text
    view = maria.runs(f"/plan {ken.mention} monthly Run one design review").text
    assert "Development plan for" in view and "Run one design review (every month)" in view
    ws.advance(timedelta(days=4, hours=7))  # Friday afternoon
    assert ken.received_dm(containing="Grow into tech lead", buttons=["Done this month"])


def test_help_lists_the_new_commands_by_audience(ws, hr, maria, ken):
    everyone = ken.runs("/perf help").text
    assert all(
        c in everyone for c in ("/feedback @person", "/feedback request", "/kudos", "/1on1 @person", "/plan [@person]")
    )
    assert "/plan @report improvement" not in everyone and "kudos-channel" not in everyone
    assert "/plan @report improvement" in maria.runs("/perf help").text
    assert "kudos-channel" in hr.runs("/perf help").text


def test_app_home_shows_shared_feedback_open_action_items_and_the_running_plan(ws, maria, ken):
    maria.runs(f"/feedback {ken.mention} shared Thanks for the migration")
    maria.runs(f"/feedback {ken.mention} coaching Private thought")
    maria.runs(f"/1on1 {ken.mention} action {ken.mention} 2027-01-20 Book the training")
    maria.runs(f"/plan {ken.mention} development Grow into tech lead")
    ws.advance(timedelta(minutes=10))  # shared feedback reaches Ken when Maria can no longer change it
    home = "\n".join(t["text"] for b in ken.opens_home()["blocks"] for t in [b.get("text") or {}] if t)
    assert "Thanks for the migration" in home and "Private thought" not in home
    assert "Book the training (2027-01-20)" in home and "Grow into tech lead" in home
