"""HR's review set-up, returning a self review, asking for a review of a rating, merit and promotions, and the
same messages in Chinese."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.org import directory
from storage.reviews import PromotionNomination, ReviewEvent, ReviewResult, ReviewSetup
from tests.reviewkit import CALIBRATION, MANAGER_REVIEW, RESULTS, SELF_REVIEW, agreed_goal, q1
from tests.test_reviews_story_slack import form_values


def start_cycle(ws, hr, *owners):
    with ws.db.session() as session:
        cycle = q1(session, ws.team_id, directory.get(session, ws.team_id, hr.id))
        for owner in owners:
            agreed_goal(session, cycle, directory.get(session, ws.team_id, owner.id))
    ws.clock.set(SELF_REVIEW)
    ws.tick()


def test_hr_sets_up_competencies_and_weights_and_bad_input_changes_nothing(ws, hr, maria, ken):
    start_cycle(ws, hr, ken)
    assert (
        "must sum to 100 (they sum to 90)"
        in hr.runs("/perf review-setup weights goals=30 manager=40 peer=10 self=10").text
    )
    assert "Give all four weights" in hr.runs("/perf review-setup weights goals=50 manager=50").text
    assert "HR" in maria.runs("/perf review-setup weights goals=40 manager=40 peer=10 self=10").text
    with ws.db.session() as session:
        assert session.exec(select(ReviewSetup)).all() == []
    shown = hr.runs("/perf review-setup weights goals=50 manager=30 peer=10 self=10").text
    assert "goals=50 manager=30 peer=10 self=10" in shown
    bad = hr.runs("/perf review-setup competencies impact:60:Impact:影响; craft:30:Craft:").text
    assert "needs English and Chinese text" in bad
    hr.runs("/perf review-setup competencies impact:60:Impact:影响力; craft:40:Craft:工艺")
    assert "Impact 60%; Craft 40%" in hr.runs("/perf review-setup").text
    assert "guideline" in hr.runs("/perf review-setup guideline 1=5 2=15 3=50").text.lower()
    ken.clicks("Write self review")
    labels = [b["label"]["text"] for b in ken.modal()["blocks"] if b.get("block_id", "").startswith("rating|")]
    assert labels == ["Goal: Cut p95 latency", "Competency: Impact (60%)", "Competency: Craft (40%)"]


def test_returned_self_review_a_review_request_merit_and_promotion(ws, hr, maria, ken):
    liwei = ws.person("Liwei", manager=maria, locale="zh-CN", tz="Asia/Shanghai")
    start_cycle(ws, hr, ken, liwei)
    assert not liwei.dms()  # 18:00 in Shanghai: after working hours
    ws.advance(timedelta(hours=16))  # 10:00 the next morning in Shanghai
    assert liwei.received_dm(containing="2027 Q1 的自评已开放", buttons=["填写自评"])
    ken.clicks("Write self review")
    ken.submits(form_values(ken.modal(), {}, summary="Done"))
    assert "Say what should change" in maria.runs(f"/review return {ken.mention}").text
    maria.runs(f"/review return {ken.mention} Add the outage you handled in February")
    assert ken.received_dm(containing="returned your self review for changes", buttons=["Write self review"])
    ken.clicks("Write self review")
    ken.submits(form_values(ken.modal(), {"delivery": "4"}, summary="Done, with the outage"))
    with ws.db.session() as session:
        actions = [(e.action, e.comment) for e in session.exec(select(ReviewEvent).order_by(ReviewEvent.id))]
    assert actions == [("submitted", ""), ("returned", "Add the outage you handled in February"), ("submitted", "")]
    assert "returned" in maria.runs(f"/review {ken.mention}").text

    ws.clock.set(MANAGER_REVIEW)
    maria.runs(f"/review {ken.mention}")
    maria.clicks("Write your review")
    maria.submits(
        form_values(maria.modal(), {"delivery": "5", "quality": "5"}, summary="Great", overall="4", potential="medium")
    )
    assert "a sentence or more" in maria.runs(f"/review promote {ken.mention} good").text
    maria.runs(f"/review promote {ken.mention} Led the platform migration and mentors two engineers")
    ws.clock.set(CALIBRATION)
    hr.runs("/perf calibrate")
    merit = hr.runs("/perf merit").text
    assert f"<@{ken.id}>: rating 3 → merit 3%, bonus × 1" in merit and "Led the platform migration" in merit
    assert "HR" in maria.runs("/perf merit").text
    hr.runs(f"/perf promotion {ken.mention} approved")
    with ws.db.session() as session:
        assert session.exec(select(PromotionNomination)).one().status == "approved"

    ws.clock.set(RESULTS)
    hr.runs("/perf release Engineering")
    ws.tick()  # the release planner queues the result DMs
    ken.clicks("Request a review")
    refused = ken.submits({"reason": "no"})
    assert "why the rating should be reviewed" in str(refused.body)
    ken.submits({"reason": "The migration counted for more than the goals show"})
    assert hr.received_dm(containing="asks for a review of their 2027 Q1 rating (3)")
    assert "The migration counted for more" in hr.dms()[-1].text
    with ws.db.session() as session:
        result = session.exec(select(ReviewResult)).one()
        assert result.review_requested_at is not None
