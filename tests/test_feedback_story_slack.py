"""The written record of a cycle, as one story through Slack: feedback, a peer request, a one-to-one and a plan,
and what each person is allowed to see of it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from storage.feedback import Feedback
from storage.oneonone import AgendaItem
from storage.org import Role
from storage.plans import Plan, PlanProgress, PlanStatus

COACHING = "Hand over on-call properly"
PRAISE = "Excellent incident write-up"


def test_a_cycle_of_evidence_and_who_sees_what(ws, hr, maria, ken):
    victor = ws.person("Victor", role=Role.MANAGER)  # Maria's manager: Ken's skip-level
    hr.runs(f"/perf admin set-manager {maria.mention} {victor.mention}")
    pia, zoe = ws.person("Pia", manager=maria), ws.person("Zoe", manager=maria)
    ola = ws.person("Ola", role=Role.MANAGER, manager=victor)
    omar = ws.person("Omar", manager=ola)

    # Maria logs private coaching and shared praise for Ken.
    maria.runs(f"/feedback {ken.mention} coaching {COACHING}")
    maria.runs(f"/feedback {ken.mention} praise shared {PRAISE}")
    ws.advance(timedelta(minutes=11))
    assert ken.received_dm(containing=PRAISE) and not ken.received_dm(containing=COACHING)

    # A peer request: two attributed answers and one anonymous.
    maria.runs(f"/feedback request {ken.mention} {pia.mention} {zoe.mention} {omar.mention}")
    for colleague, answer, attribution in (
        (omar, "Ken unblocked our team twice", "anonymous"),
        (pia, "Ken reviews carefully", "attributed"),
    ):
        colleague.clicks("Give feedback")
        colleague.submits({"text": answer, "attribution": attribution})
    zoe.clicks("Give feedback")
    zoe.submits({"text": "Ken mentors juniors", "attribution": "attributed"})

    # Ken sees the shared praise and the signed answers. The one anonymous answer stays with the manager line
    # and HR: with two signed answers out of three, Ken could tell who wrote it.
    ken_sees = ken.runs("/feedback show").text
    assert PRAISE in ken_sees and COACHING not in ken_sees
    assert "reviews carefully" in ken_sees and "mentors juniors" in ken_sees
    assert "unblocked our team" not in ken_sees and omar.id not in ken_sees
    for line in (maria, victor, hr):
        sees = line.runs(f"/feedback show {ken.mention}").text
        assert all(text in sees for text in (COACHING, PRAISE, "unblocked our team", "mentors juniors"))
        assert omar.id not in sees and "until at least 3 people answer this request anonymously" in sees
    for outsider in (pia, ola):
        refused = outsider.runs(f"/feedback show {ken.mention}").text
        assert "manager line and HR" in refused and COACHING not in refused
    assert "Ken reviews carefully" in pia.runs("/feedback given").text
    assert "unblocked our team" in omar.runs("/feedback given").text
    with ws.db.session() as session:
        assert len(session.exec(select(Feedback)).all()) == 5

    # A one-to-one: an action item carries over to the next meeting and is reminded when due.
    ken.runs(f"/1on1 {maria.mention} point Career path")
    assert maria.received_dm(containing="Career path")
    maria.runs(f"/1on1 {ken.mention} action {ken.mention} 2027-01-08 Draft the on-call handbook")
    maria.runs(f"/1on1 {ken.mention} note Agreed to pair on handovers")
    maria.runs(f"/1on1 {ken.mention} held")
    agenda = ken.runs(f"/1on1 {maria.mention}").text
    assert "Meeting #2" in agenda and "Draft the on-call handbook" in agenda and "carried over" in agenda
    assert "Agreed to pair on handovers" in ken.runs(f"/1on1 {maria.mention} history").text
    assert "Agreed to pair on handovers" in victor.runs(f"/1on1 {maria.mention} {ken.mention}").text
    assert "Agreed to pair" not in pia.runs(f"/1on1 {maria.mention} {ken.mention}").text

    # An improvement plan runs three weeks: Ken ticks weeks 1 and 3, week 2 slips.
    maria.runs(f"/plan {ken.mention} improvement 2027-02-01 Dependable on-call handovers")
    maria.runs(f"/plan {ken.mention} weekly Write a handover note after each shift")
    ws.advance(timedelta(days=5), tick_every=timedelta(hours=6))  # to Saturday: Friday's prompt came
    assert ken.received_dm(containing="Draft the on-call handbook")  # the action item was due on the 8th
    ken.clicks("Done this week")
    ws.advance(timedelta(days=9), tick_every=timedelta(hours=6))  # week 2 prompted, not ticked; Monday of week 3
    assert maria.received_dm(containing="did not tick off “Write a handover note after each shift” for 2027-W02")
    ws.advance(timedelta(days=5), tick_every=timedelta(hours=6))  # Saturday of week 3
    ken.clicks("Done this week")
    assert "Ticked off for 2027-W03" in ken.last_reply().text
    ws.advance(timedelta(days=2), tick_every=timedelta(hours=6))
    view = maria.runs(f"/plan {ken.mention}").text
    assert "done: 2027-W01, 2027-W03" in view and "slipped: 2027-W02" in view
    maria.runs(f"/plan {ken.mention} close met Handovers are reliable now")
    assert ken.received_dm(containing="Dependable on-call handovers”: met")
    assert "Status: met" in ken.runs("/plan").text and "Handovers are reliable now" in ken.runs("/plan").text
    assert "is for them, their manager line and HR" in pia.runs(f"/plan {ken.mention}").text

    with ws.db.session() as session:
        plan = session.exec(select(Plan)).one()
        assert plan.status == PlanStatus.MET and plan.outcome_note == "Handovers are reliable now"
        assert sorted(session.exec(select(PlanProgress.period))) == ["2027-W01", "2027-W03"]
        item = session.exec(select(AgendaItem).where(AgendaItem.text == "Draft the on-call handbook")).one()
        assert item.meeting_id != item.origin_meeting_id
