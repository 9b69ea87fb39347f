"""Reviews without Slack: evidence, drafts and submit, peers, the score, calibration, release and what follows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.errors import Forbidden, Invalid, NotFound
from bot.reviews import calibration, forms, peers, results, scoring
from bot.reviews.competencies import DEFAULT_COMPETENCIES
from bot.reviews.evidence import record_items
from bot.reviews.forms import RatingInput, ReviewInput
from storage.feedback import Feedback, Visibility
from storage.plans import PlanAction, PlanKind
from storage.reviews import RatingAdjustment, ReviewKind, ReviewResult, ReviewStatus
from tests.people import build
from tests.reviewkit import CALIBRATION, MANAGER_REVIEW, PEER_REVIEW, RESULTS, SELF_REVIEW, agreed_goal, q1

EXAMPLE = "Led the incident review and shipped the fix the same week"


def rate_all(session, cycle, subject, kind, rating, *, example=EXAMPLE, skip=()):
    items = forms.items_to_rate(session, cycle, subject, kind)
    return [RatingInput(item, rating, [], example) for item in items if item not in skip]


def self_submit(session, org, cycle, rating=4, now=SELF_REVIEW):
    review = forms.start(session, actor=org.ken, cycle=cycle, subject=org.ken, kind=ReviewKind.SELF, now=now)
    available = record_items(session, cycle, org.ken, org.ken, now)
    data = ReviewInput(rate_all(session, cycle, org.ken, ReviewKind.SELF, rating), summary="A good quarter")
    return forms.save(session, actor=org.ken, review=review, data=data, available=available, submit=True, now=now)


@pytest.fixture
def setting(db):
    with db.session() as session:
        org = build(session)
        cycle = q1(session, org.hr.team_id, org.hr)
        agreed_goal(session, cycle, org.ken, progress=0.5)
        yield session, org, cycle


def test_a_rating_without_evidence_is_refused_next_to_its_field_and_nothing_is_saved(setting):
    session, org, cycle = setting
    review = forms.start(session, actor=org.ken, cycle=cycle, subject=org.ken, kind=ReviewKind.SELF, now=SELF_REVIEW)
    item = forms.items_to_rate(session, cycle, org.ken, ReviewKind.SELF)[0]
    for written, key in (("", "review.evidence_needed"), ("did well", "review.evidence_too_short")):
        with pytest.raises(Invalid) as refused:
            forms.save(
                session,
                actor=org.ken,
                review=review,
                data=ReviewInput([RatingInput(item, 4, [], written)]),
                available=[],
                submit=False,
                now=SELF_REVIEW,
            )
        assert refused.value.key == key and refused.value.field == f"written|{item}"
    assert forms.ratings_of(session, review) == {}
    with pytest.raises(Invalid) as out_of_range:
        forms.save(
            session,
            actor=org.ken,
            review=review,
            data=ReviewInput([RatingInput(item, 7, [], EXAMPLE)]),
            available=[],
            submit=False,
            now=SELF_REVIEW,
        )
    assert out_of_range.value.key == "review.rating_range"


def test_evidence_is_picked_from_the_persons_own_record_or_is_a_permalink(setting):
    session, org, cycle = setting
    session.add(
        Feedback(
            team_id=org.ken.team_id,
            subject_id=org.ken.id,
            author_id=org.maria.id,
            text="Great write-up",
            visibility=Visibility.SHARED,
            created_at=SELF_REVIEW - timedelta(days=10),
        )
    )
    session.add(
        Feedback(
            team_id=org.omar.team_id,
            subject_id=org.omar.id,
            author_id=org.ola.id,
            text="Omar's",
            visibility=Visibility.SHARED,
            created_at=SELF_REVIEW - timedelta(days=10),
        )
    )
    session.flush()
    available = record_items(session, cycle, org.ken, org.ken, SELF_REVIEW)
    assert [i.text for i in available if i.kind == "feedback"] == ["praise: Great write-up"]
    review = forms.start(session, actor=org.ken, cycle=cycle, subject=org.ken, kind=ReviewKind.SELF, now=SELF_REVIEW)
    item = forms.items_to_rate(session, cycle, org.ken, ReviewKind.SELF)[0]
    omar_feedback = session.exec(select(Feedback).where(Feedback.subject_id == org.omar.id)).one()
    with pytest.raises(Forbidden):  # a tampered pick naming someone else's record
        forms.save(
            session,
            actor=org.ken,
            review=review,
            submit=False,
            now=SELF_REVIEW,
            available=available,
            data=ReviewInput([RatingInput(item, 4, [f"feedback:{omar_feedback.id}"], "")]),
        )
    link = "https://perfco.slack.com/archives/C0GENERAL/p1700000000.000100"
    token = next(i.token for i in available if i.kind == "feedback")
    forms.save(
        session,
        actor=org.ken,
        review=review,
        submit=False,
        now=SELF_REVIEW,
        available=available,
        data=ReviewInput([RatingInput(item, 4, [token], link)]),
    )
    evidence = forms.ratings_of(session, review)[item].evidence
    assert [e["kind"] for e in evidence] == ["feedback", "link"]


def test_submit_locks_and_the_manager_can_return_it_with_the_comment_kept(setting):
    session, org, cycle = setting
    review = self_submit(session, org, cycle)
    assert review.status == ReviewStatus.SUBMITTED
    with pytest.raises(Invalid, match="review.already_submitted"):
        forms.save(
            session, actor=org.ken, review=review, data=ReviewInput([]), available=[], submit=True, now=SELF_REVIEW
        )
    with pytest.raises(Forbidden):  # the skip-level manager does not return it; the direct manager does
        forms.return_for_changes(session, actor=org.vp, review=review, comment="More detail", now=SELF_REVIEW)
    forms.return_for_changes(session, actor=org.maria, review=review, comment="Add the outage", now=SELF_REVIEW)
    assert review.status == ReviewStatus.RETURNED
    assert [(e.action, e.comment) for e in forms.events_of(session, review)][-1] == ("returned", "Add the outage")


def test_who_may_write_which_review(setting):
    session, org, cycle = setting
    with pytest.raises(Invalid, match="review.manager_locked"):
        forms.start(session, actor=org.maria, cycle=cycle, subject=org.ken, kind=ReviewKind.MANAGER, now=SELF_REVIEW)
    self_submit(session, org, cycle)
    forms.start(session, actor=org.maria, cycle=cycle, subject=org.ken, kind=ReviewKind.MANAGER, now=SELF_REVIEW)
    for outsider in (org.vp, org.ola, org.pia, org.hr, org.hr_elsewhere):
        with pytest.raises((Forbidden, NotFound)):
            forms.start(session, actor=outsider, cycle=cycle, subject=org.ken, kind=ReviewKind.MANAGER, now=SELF_REVIEW)
    with pytest.raises(Forbidden):
        forms.start(session, actor=org.pia, cycle=cycle, subject=org.ken, kind=ReviewKind.SELF, now=SELF_REVIEW)
    with pytest.raises(Forbidden):  # peers review only when asked
        forms.start(session, actor=org.pia, cycle=cycle, subject=org.ken, kind=ReviewKind.PEER, now=SELF_REVIEW)
    with pytest.raises(Invalid, match="review.closed"):
        forms.start(session, actor=org.pia, cycle=cycle, subject=org.pia, kind=ReviewKind.SELF, now=CALIBRATION)


def test_peer_nominations_respect_the_limits_and_the_manager_approves(setting):
    session, org, cycle = setting
    with pytest.raises(Invalid, match="review.peer_count"):
        peers.nominate(session, actor=org.ken, cycle=cycle, peers=[org.pia, org.zoe], now=SELF_REVIEW)
    with pytest.raises(Invalid, match="review.peer_self"):
        peers.nominate(session, actor=org.ken, cycle=cycle, peers=[org.pia, org.zoe, org.ken], now=SELF_REVIEW)
    peers.nominate(session, actor=org.ken, cycle=cycle, peers=[org.pia, org.zoe, org.omar], now=SELF_REVIEW)
    with pytest.raises(Forbidden):
        peers.approve(session, actor=org.pia, cycle=cycle, subject=org.ken, now=SELF_REVIEW)
    tasks = peers.approve(session, actor=org.maria, cycle=cycle, subject=org.ken, now=SELF_REVIEW)
    assert sorted(t.author_id for t in tasks) == sorted([org.pia.id, org.zoe.id, org.omar.id])
    with pytest.raises(Invalid, match="review.decline_reason_needed"):
        peers.decline(session, actor=org.omar, review=tasks[-1], reason="", now=SELF_REVIEW)
    omar_task = next(t for t in tasks if t.author_id == org.omar.id)
    peers.decline(session, actor=org.omar, review=omar_task, reason="Asked for eight reviews", now=SELF_REVIEW)
    assert omar_task.status == ReviewStatus.DECLINED


def test_score_formula_weights_bands_and_rounding():
    assert scoring.band(3.49) == 3 and scoring.band(3.5) == 4 and scoring.band(1.0) == 1 and scoring.band(5.0) == 5
    assert scoring.round_score(3.775) == 3.78
    score, rows = scoring.combine(
        [
            scoring.Component("goals", 40, 3.0, {}),
            scoring.Component("manager", 40, 4.0, {}),
            scoring.Component("peer", 10, None, {}),  # no peer reviews: its weight is shared out
            scoring.Component("self", 10, 5.0, {}),
        ]
    )
    assert score == round((40 * 3 + 40 * 4 + 10 * 5) / 90, 2) == 3.67
    assert [row["share"] for row in rows] == [44.4, 44.4, 0.0, 11.1]
    weights = {c["key"]: c["weight"] for c in DEFAULT_COMPETENCIES}
    assert scoring.weighted_competencies({"delivery": 5, "quality": 3}, weights) == (30 * 5 + 20 * 3) / 50


def walk_to_results(session, org, cycle):
    self_submit(session, org, cycle, rating=5)
    peers.nominate(session, actor=org.ken, cycle=cycle, peers=[org.pia, org.zoe, org.omar], now=SELF_REVIEW)
    for task in peers.approve(session, actor=org.maria, cycle=cycle, subject=org.ken, now=SELF_REVIEW):
        author = session.get(type(org.ken), task.author_id)
        data = ReviewInput(
            rate_all(session, cycle, org.ken, ReviewKind.PEER, 3),
            anonymous=True,
            answers={"strengths": "Careful reviews"},
        )
        forms.save(session, actor=author, review=task, data=data, available=[], submit=True, now=PEER_REVIEW)
    review = forms.start(
        session, actor=org.maria, cycle=cycle, subject=org.ken, kind=ReviewKind.MANAGER, now=MANAGER_REVIEW
    )
    data = ReviewInput(
        rate_all(session, cycle, org.ken, ReviewKind.MANAGER, 3), summary="Solid", overall=3, potential="high"
    )
    forms.save(session, actor=org.maria, review=review, data=data, available=[], submit=True, now=MANAGER_REVIEW)
    assert scoring.compute_cycle(session, cycle, CALIBRATION) == 1
    return session.exec(select(ReviewResult)).one()


def test_the_final_score_has_a_breakdown_and_calibration_keeps_every_change(setting):
    session, org, cycle = setting
    result = walk_to_results(session, org, cycle)
    parts = {row["name"]: row for row in result.breakdown["components"]}
    assert parts["goals"]["value"] == 3.0 and parts["goals"]["progress"] == 50.0
    assert parts["self"]["value"] == 5.0 and parts["peer"]["value"] == 3.0 and parts["manager"]["value"] == 3.0
    assert result.score == 3.2 and result.rating == result.computed_rating == 3
    view = calibration.view(session, viewer=org.hr, cycle=cycle)
    assert view.org.distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 0}
    assert [row.person.id for row in view.gaps] == [org.ken.id]  # self 5 vs manager 3
    assert {box: [p.slack_id for p in people] for box, people in view.nine_box.items()} == {
        ("medium", "high"): ["UKEN"]
    }
    assert [r.person.id for r in calibration.view(session, viewer=org.vp, cycle=cycle).rows] == [org.ken.id]
    assert calibration.view(session, viewer=org.ola, cycle=cycle).rows == []
    with pytest.raises(Forbidden):
        calibration.view(session, viewer=org.pia, cycle=cycle)
    with pytest.raises(Forbidden):
        calibration.adjust(
            session, actor=org.maria, cycle=cycle, subject=org.ken, rating=4, reason="Strong finish", now=CALIBRATION
        )
    with pytest.raises(Invalid, match="review.adjust_reason_needed"):
        calibration.adjust(session, actor=org.hr, cycle=cycle, subject=org.ken, rating=4, reason="", now=CALIBRATION)
    calibration.adjust(
        session, actor=org.hr, cycle=cycle, subject=org.ken, rating=4, reason="Led the migration", now=CALIBRATION
    )
    scoring.compute_cycle(session, cycle, CALIBRATION)  # a recompute keeps the calibrated rating
    session.refresh(result)
    assert result.rating == 4 and result.computed_rating == 3
    change = session.exec(select(RatingAdjustment)).one()
    assert (change.actor_id, change.from_rating, change.to_rating, change.reason) == (
        org.hr.id,
        3,
        4,
        "Led the migration",
    )


def test_release_acknowledge_and_a_development_plan_from_the_lowest_competencies(setting):
    session, org, cycle = setting
    result = walk_to_results(session, org, cycle)
    with pytest.raises(Invalid, match="review.closed"):
        results.release(session, actor=org.hr, cycle=cycle, department=None, now=CALIBRATION)
    with pytest.raises(Forbidden):
        results.release(session, actor=org.maria, cycle=cycle, department=None, now=RESULTS)
    with pytest.raises(Forbidden):
        results.visible_result(session, org.ken, cycle, org.ken)
    assert results.release(session, actor=org.hr, cycle=cycle, department=None, now=RESULTS) == 1
    assert results.visible_result(session, org.ken, cycle, org.ken).id == result.id
    with pytest.raises(Forbidden):
        results.acknowledge(session, actor=org.pia, result=result, comment="", now=RESULTS)
    results.acknowledge(session, actor=org.ken, result=result, comment="Fair", now=RESULTS)
    with pytest.raises(Invalid, match="review.already_acknowledged"):
        results.acknowledge(session, actor=org.ken, result=result, comment="", now=RESULTS)
    plan = results.seed_development_plan(session, actor=org.maria, result=result, now=RESULTS)
    assert plan.kind == PlanKind.DEVELOPMENT
    actions = session.exec(select(PlanAction).where(PlanAction.plan_id == plan.id)).all()
    assert [(a.skill, a.action_kind) for a in actions] == [
        ("Delivers results", "training"),
        ("Quality of work", "mentoring"),
    ]
    assert all(a.due_on is not None for a in actions)


def result_row(person, cycle, rating, *, self_value=3.0, manager_value=3.0, potential=None):
    components = [{"name": "self", "value": self_value}, {"name": "manager", "value": manager_value}]
    return ReviewResult(
        team_id=person.team_id,
        cycle_id=cycle.id,
        person_id=person.id,
        score=float(rating),
        computed_rating=rating,
        rating=rating,
        breakdown={"components": components, "potential": potential},
        self_value=self_value,
        manager_value=manager_value,
        potential=potential,
    )


def test_calibration_flags_lenient_severe_and_narrow_raters_and_warns_about_the_guideline(setting):
    session, org, cycle = setting
    from tests.people import person

    extra = [person(session, f"UX{i}", manager=org.maria) for i in range(2)]
    for someone in (org.ken, org.pia, org.zoe, *extra):  # Maria: everyone a 5
        session.add(result_row(someone, cycle, 5))
    others = [person(session, f"UY{i}", manager=org.ola) for i in range(4)]
    for someone, rating in zip((org.omar, *others), (1, 2, 1, 2, 1), strict=True):  # Ola: low
        session.add(result_row(someone, cycle, rating, self_value=4.5, manager_value=float(rating)))
    session.flush()
    from bot.reviews.competencies import set_guideline

    set_guideline(
        session, actor=org.hr, cycle=cycle, shares={"1": 5, "2": 15, "3": 50, "4": 20, "5": 10}, now=CALIBRATION
    )
    view = calibration.view(session, viewer=org.hr, cycle=cycle)
    keys = {(key, params.get("manager")) for key, params in view.alerts}
    assert ("review.calibration.lenient", "UMARIA") in keys and ("review.calibration.narrow", "UMARIA") in keys
    assert ("review.calibration.severe", "UOLA") in keys
    assert {params["band"] for _, params in view.guideline_warnings} == {1, 3, 4, 5}  # 2: 20 % vs 15 % is fine
    assert {row.person.slack_id for row in view.gaps} == {"UOMAR", "UY0", "UY1", "UY2", "UY3"}
    assert view.org.distribution == {1: 3, 2: 2, 3: 0, 4: 0, 5: 5}


def test_a_rating_of_two_or_less_prompts_an_improvement_plan_and_a_results_one_to_one(setting):
    session, org, cycle = setting
    session.add(result_row(org.ken, cycle, 2))
    session.add(result_row(org.pia, cycle, 4))
    session.flush()
    assert results.release(session, actor=org.hr, cycle=cycle, department=None, now=RESULTS) == 2
    from bot.reviews.release import plan_released_results
    from storage.oneonone import AgendaItem
    from storage.outbox import Delivery

    assert not session.exec(select(Delivery).where(Delivery.kind.startswith("review_result"))).all()  # planned later
    assert plan_released_results(session, RESULTS) == 2
    assert plan_released_results(session, RESULTS) == 0  # exactly once
    prompts = {d.period: d.message["text"] for d in session.exec(select(Delivery)) if d.recipient == "UMARIA"}
    assert "improvement plan" in prompts[f"cycle{cycle.id}:{org.ken.id}"]
    assert "improvement plan" not in prompts[f"cycle{cycle.id}:{org.pia.id}"]
    assert [item.text for item in session.exec(select(AgendaItem))] == ["Results conversation: 2027 Q1"] * 2
