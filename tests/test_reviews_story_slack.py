"""One cycle of reviews through Slack: self review with evidence, peer answers, the manager's review, calibration
with one adjusted rating, release, acknowledgement and a development plan, and what each role sees on the way."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.org import directory
from bot.sandbox.workspace import text_of
from storage.feedback import Feedback
from storage.org import Role
from storage.plans import PlanAction
from storage.reviews import RatingAdjustment, Review, ReviewKind, ReviewRating, ReviewResult, ReviewStatus
from tests.reviewkit import CALIBRATION, MANAGER_REVIEW, RESULTS, SELF_REVIEW, agreed_goal, q1

EXAMPLE = "Ran the incident review and shipped the fix within the same week"
COMPETENCIES = ("delivery", "quality", "collaboration", "ownership", "growth")


def form_values(modal: dict, ratings: dict[str, str], *, mode: str = "submit", **extra) -> dict:
    """A rating (and a written example) for every item of the open review form, plus `extra` inputs."""
    entered: dict = {"mode": mode, **extra}
    for block in modal["blocks"]:
        block_id = block.get("block_id", "")
        if block_id.startswith("rating|"):
            item = block_id.split("|", 1)[1]
            entered[block_id] = ratings.get(item.split(":")[0] if item.startswith("goal:") else item.split(":")[1], "3")
            entered.setdefault(f"written|{item}", EXAMPLE)
    return entered


def test_one_review_cycle_from_self_review_to_a_development_plan(ws, hr, maria, ken):
    victor = ws.person("Victor", role=Role.MANAGER)  # Ken's skip-level manager
    hr.runs(f"/perf admin set-manager {maria.mention} {victor.mention}")
    pia, zoe = ws.person("Pia", manager=maria), ws.person("Zoe", manager=maria)
    omar = ws.person("Omar", manager=victor)
    with ws.db.session() as session:
        cycle = q1(session, ws.team_id, directory.get(session, ws.team_id, hr.id))
        agreed_goal(session, cycle, directory.get(session, ws.team_id, ken.id), progress=0.5)
    maria.runs(f"/feedback {ken.mention} praise shared Excellent incident write-up")

    # The self-review phase opens: Ken is invited at 09:00 his time, and his packet is ready.
    ws.clock.set(SELF_REVIEW)
    ws.tick()
    assert ken.received_dm(containing="Self review for 2027 Q1 is open", buttons=["Write self review"])
    ken.clicks("Write self review")
    form = text_of(ken.modal()["blocks"])
    assert "Cut p95 latency" in form and "Excellent incident write-up" in form and "Delivers results" in form

    # A rating without evidence is refused next to its field, and nothing is stored.
    refused = ken.submits({"rating|competency:delivery": "5", "mode": "submit"})
    assert "Every rating needs evidence" in refused.body["errors"]["written|competency:delivery"]
    with ws.db.session() as session:
        assert session.exec(select(ReviewRating)).all() == []
        praise = session.exec(select(Feedback)).one()
    values = form_values(ken.modal(), {"goal": "4", **dict.fromkeys(COMPETENCIES, "5")}, summary="A strong quarter")
    values["evidence|competency:delivery"] = [f"feedback:{praise.id}"]
    ken.submits(values)
    assert ken.received_dm(containing="Submitted: Self review")
    assert maria.received_dm(containing="submitted their self review", buttons=["Write your review"])
    with ws.db.session() as session:
        cited = session.exec(select(ReviewRating).where(ReviewRating.item == "competency:delivery")).one().evidence
        assert [e["kind"] for e in cited] == ["feedback", "note"] and cited[0]["ref"] == praise.id

    # Peers: Ken nominates three, Maria approves, two answer anonymously and one declines with a reason.
    assert "between 3 and 5" in ken.runs(f"/review peers {pia.mention} {zoe.mention}").text
    assert "Nominated" in ken.runs(f"/review peers {pia.mention} {zoe.mention} {omar.mention}").text
    maria.clicks("Approve peers")
    for peer in (pia, zoe, omar):
        assert peer.received_dm(containing="peer review of", buttons=["Write peer review", "Decline"])
    for peer, answer in ((pia, "Careful reviews of every change"), (zoe, "Always unblocks the team")):
        peer.clicks("Write peer review")
        assert "Excellent incident write-up" not in text_of(peer.modal()["blocks"])  # no packet for peers
        peer.submits(form_values(peer.modal(), {}, **{"q|strengths": answer, "anonymous": ["yes"]}))
    omar.clicks("Decline")
    omar.submits({"reason": "Asked for eight reviews this cycle"})
    assert maria.received_dm(containing="declined the peer review")
    refused = pia.runs(f"/review {ken.mention}").text
    assert "reporting line" in refused and "Careful reviews" not in refused

    # The manager review: Maria sees the self review side by side and the peer answers, never their authors.
    ws.clock.set(MANAGER_REVIEW)
    side = maria.runs(f"/review {ken.mention}").text
    assert "self 5 · manager –" in side and "Careful reviews" in side and pia.id not in side
    maria.clicks("Write your review")
    assert "self: 5" in text_of(maria.modal()["blocks"])
    ratings = {"goal": "3", "delivery": "3", "quality": "3", "collaboration": "4", "ownership": "3", "growth": "2"}
    maria.submits(
        form_values(maria.modal(), ratings, summary="Solid quarter; grow design skills", overall="3", potential="high")
    )
    for reader in (maria, victor, hr):
        assert "Solid quarter" in reader.runs(f"/review {ken.mention}").text
    before_release = ken.runs(f"/review {ken.mention}").text
    assert "Solid quarter" not in before_release and "score" not in before_release

    # Calibration: HR sees the distribution, the self-vs-manager gap and the 9-box, and adjusts with a reason.
    ws.clock.set(CALIBRATION)
    view = hr.runs("/perf calibrate").text
    assert "Organisation: 1:0 2:0 3:1 4:0 5:0" in view and "Self vs manager gaps" in view
    assert "medium performance, high potential" in view
    assert "Organisation" in maria.runs("/perf calibrate").text
    assert "Calibration is for HR and managers" in pia.runs("/perf calibrate").text
    assert "HR" in maria.runs(f"/perf calibrate adjust {ken.mention} 4 Led the storage migration").text
    assert "needs a reason" in hr.runs(f"/perf calibrate adjust {ken.mention} 4").text
    assert "3 → 4" in hr.runs(f"/perf calibrate adjust {ken.mention} 4 Led the storage migration").text

    # Results: HR releases; Ken reads his rating, its breakdown and Maria's summary, and acknowledges.
    ws.clock.set(RESULTS)
    assert "Released 1 results" in hr.runs("/perf release all").text
    assert not ken.received_dm(containing="Your 2027 Q1 result")  # planned by the next tick, not by the command
    ws.tick()
    assert ken.received_dm(
        containing="Your 2027 Q1 result: 4 – Exceeds expectations", buttons=["Acknowledge", "Request a review"]
    )
    # goals 1 + 4 × 50 % = 3.00; manager (30×3 + 20×3 + 20×4 + 15×3 + 15×2) / 100 = 3.05; peers 3.00; self 5.00;
    # (40×3.00 + 40×3.05 + 10×3.00 + 10×5.00) / 100 = 3.22 → band 3, calibrated to 4.
    for line in (
        "score 3.22",
        "Goals: 3.00 × weight 40",
        "Manager: 3.05 × weight 40",
        "Peers: 3.00 × weight 10",
        "Self: 5.00 × weight 10",
        "Solid quarter",
    ):
        assert ken.received_dm(containing=line), line
    assert "Calibrated from 3 to 4" in ken.runs(f"/review {ken.mention}").text
    assert "Results conversation: 2027 Q1" in maria.runs(f"/1on1 {ken.mention}").text
    ken.clicks("Acknowledge")
    ken.submits({"reason": "Fair, thanks"})
    assert ken.received_dm(containing="Thanks, acknowledged.")

    # What follows: a development plan seeded from Ken's lowest-rated competencies.
    maria.clicks("Start development plan")
    assert "Development plan opened for" in maria.last_reply().text
    assert "Training: Learning and growth" in maria.last_reply().text
    plan_text = ken.runs("/plan").text
    assert "Development after 2027 Q1" in plan_text and "Training: Learning and growth" in plan_text
    assert "Training · skill: Learning and growth · due 2027-06-22" in plan_text  # kind, skill and due date shown

    # The cycle closes and stays readable: past results, past goals, the App Home.
    hr.runs("/perf cycle close")
    assert "2027 Q1: 4 – Exceeds expectations (score 3.22)" in ken.runs("/review history").text
    assert "2027 Q1: 4" in maria.runs(f"/review history {ken.mention}").text
    assert "reporting line" in pia.runs(f"/review history {ken.mention}").text
    assert "Cut p95 latency" in ken.runs('/goal list --cycle "2027 Q1"').text
    assert "find that cycle" in ken.runs('/goal list --cycle "1999 Q9"').text
    assert "Past results" in text_of(ken.opens_home()["blocks"])

    with ws.db.session() as session:
        reviews = {(r.kind, r.status) for r in session.exec(select(Review))}
        assert (ReviewKind.PEER, ReviewStatus.DECLINED) in reviews and (
            ReviewKind.MANAGER,
            ReviewStatus.SUBMITTED,
        ) in reviews
        result = session.exec(select(ReviewResult)).one()
        assert (result.computed_rating, result.rating) == (3, 4) and result.acknowledged_at >= RESULTS
        assert result.ack_comment == "Fair, thanks"
        change = session.exec(select(RatingAdjustment)).one()
        assert (change.from_rating, change.to_rating, change.reason) == (3, 4, "Led the storage migration")
        actions = session.exec(select(PlanAction)).all()
        assert [(a.skill, a.action_kind) for a in actions] == [
            ("Learning and growth", "training"),
            ("Delivers results", "mentoring"),
        ]
        assert all(a.due_on == RESULTS.date() + timedelta(days=90) for a in actions)
