"""Domain, no Slack: the nudge rules, thresholds, goal quality hints, the handbook and onboarding's exactly-once DMs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.coaching import guide, nudges, onboarding, settings
from bot.coaching.nudges import GoalFact, TeamFacts
from bot.coaching.settings import Thresholds
from bot.errors import Forbidden, Invalid, NotFound
from bot.goals import hints
from storage.cycles import Cycle
from storage.goals import Goal, GoalType, Metric
from storage.outbox import Delivery
from tests.conftest import START
from tests.people import build

LIMITS = Thresholds()
TODAY = START.date()


def weeks(*moods, blockers=""):
    return [(f"2026-W{52 - i}", mood, blockers) for i, mood in enumerate(moods)]  # newest first


@pytest.mark.parametrize(
    ("moods", "why"),
    [((2, 2, 4), "low"), ((1, 2), "low"), ((2, 5, 5), "drop"), ((3, 5, 5, 5), "drop"), ((3, 3, 3), None)],
)
def test_mood_low_twice_running_or_a_sharp_drop(moods, why):
    found = nudges.mood_nudge(weeks(*moods), LIMITS)
    assert (found or {}).get("why") == why
    if found:
        assert found["moods"] == list(reversed(moods))[-4:]


def test_one_low_mood_or_missing_answers_are_not_enough():
    assert nudges.mood_nudge(weeks(1), LIMITS) is None
    assert nudges.mood_nudge([("2026-W52", None, ""), ("2026-W51", 2, "")], LIMITS) is None


def test_repeated_blockers_in_the_last_three_check_ins():
    assert nudges.blockers_nudge(weeks(3, 3, 3, blockers="CI is red"), LIMITS)["count"] == 3
    assert nudges.blockers_nudge(weeks(3, blockers="CI is red"), LIMITS) is None


def test_one_to_ones_follow_the_pairs_cadence_or_the_default():
    held = START - timedelta(days=15)
    assert nudges.oneonone_nudge(held, None, TODAY, LIMITS, known=True) is None
    assert nudges.oneonone_nudge(held, 14, TODAY, LIMITS, known=True) == {"never": False, "days": 15, "limit": 14}
    assert nudges.oneonone_nudge(None, None, TODAY, LIMITS, known=False)["never"]


def goal_fact(progress: float, last_update: datetime) -> GoalFact:
    return GoalFact(1, 7, "Cut churn", progress, last_update, date(2027, 1, 1), date(2027, 3, 31))


def test_a_goal_is_off_track_when_behind_the_cycle_or_not_updated():
    later = date(2027, 2, 15)  # half the cycle gone
    assert nudges.goal_nudge(goal_fact(0.2, START), later, LIMITS)["why"] == "behind"
    assert nudges.goal_nudge(goal_fact(0.45, datetime(2027, 2, 10, tzinfo=UTC)), later, LIMITS) is None
    assert nudges.goal_nudge(goal_fact(0.45, datetime(2027, 1, 20, tzinfo=UTC)), later, LIMITS)["why"] == "stale"
    assert nudges.goal_nudge(goal_fact(1.0, START), later, LIMITS) is None  # done


def test_evaluate_leaves_out_snoozed_nudges_and_names_the_unrecognised_team():
    team = TeamFacts(manager_id=1, reports=[7], last_held={7: START}, last_feedback={7: START})
    team.moods[7] = weeks(1, 1)
    assert [n.rule for n in nudges.evaluate(team, TODAY, START, LIMITS)] == ["mood", "recognition"]
    team.snoozed = {(7, "mood"), (1, "recognition")}
    assert nudges.evaluate(team, TODAY, START, LIMITS) == []
    assert nudges.Raised(7, "goal", {}).actions == ("ask_update", "add_point")


def test_thresholds_parse_validate_and_keep_only_what_differs(db):
    assert settings.parse_changes("mood=1 goal-margin=30") == {"mood": 1, "goal_margin": 30}
    for bad in ("", "mood", "mood=x", "colour=2"):
        with pytest.raises(Invalid):
            settings.parse_changes(bad)
    with db.session() as session:
        o = build(session)
        with pytest.raises(Forbidden):
            settings.update(session, actor=o.maria, changes={"mood": 1}, now=START)
        with pytest.raises(Invalid):
            settings.update(session, actor=o.hr, changes={"oneonone_days": 1}, now=START)
        settings.update(session, actor=o.hr, changes={"mood": 1, "blockers": 2}, now=START)
        assert settings.thresholds(session, o.hr.team_id).mood == 1
        assert settings.thresholds(session, "T0OTHER") == Thresholds()


def quality(title: str, goal_type=GoalType.KPI, unit="ms", start=400.0, target=200.0, due=None) -> list[str]:
    cycle = Cycle(team_id="T", name="Q1", cadence="quarterly", starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31))
    goal = Goal(team_id="T", cycle_id=1, title=title, goal_type=goal_type, due_on=due)
    metric = Metric(
        team_id="T", goal_id=1, name=title, unit=unit, start_value=start, target_value=target, current_value=start
    )
    metrics = [] if goal_type == GoalType.MILESTONE else [metric]
    return [hint.key for hint in hints.for_goal(goal, metrics, cycle)]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"title": "Cut p95 latency to 200 ms"}, []),
        ({"title": "Improve things"}, ["hint.vague_title"]),
        ({"title": "提升一些体验"}, ["hint.vague_title"]),
        ({"title": "Cut p95 latency", "unit": " "}, ["hint.kpi_unmeasured"]),
        ({"title": "Cut p95 latency", "target": 400.0}, ["hint.target_is_start"]),
        ({"title": "Ship search", "goal_type": GoalType.MILESTONE, "due": date(2027, 5, 1)}, ["hint.due_outside"]),
    ],
)
def test_goal_quality_hints(kwargs, expected):
    assert quality(**kwargs) == expected


def test_the_handbook_has_every_page_in_both_languages_and_company_pages(db):
    with db.session() as session:
        o = build(session)
        for lang in ("en", "zh-CN"):
            pages = guide.contents(session, o.hr.team_id, lang)
            assert [p.slug for p in pages] == list(guide.TOPICS)
            assert all(p.title and "/" in p.body for p in pages)  # each names its command
        guide.save_page(session, actor=o.hr, slug="values", title="Values", body="Own it", now=START)
        guide.save_page(session, actor=o.hr, slug="values", title="Our values", body="Own it", now=START)
        assert guide.page(session, o.hr.team_id, "VALUES", "en").title == "Our values"
        assert guide.contents(session, "T0OTHER", "en")[-1].slug == "plans"  # nothing crosses workspaces
        with pytest.raises(Forbidden):
            guide.save_page(session, actor=o.ken, slug="x", title="X", body="Y", now=START)
        with pytest.raises(Invalid):
            guide.save_page(session, actor=o.hr, slug="Bad slug!", title="X", body="Y", now=START)
        with pytest.raises(NotFound):
            guide.page(session, o.hr.team_id, "nothing", "en")
        guide.remove_page(session, actor=o.hr, slug="values")
        with pytest.raises(NotFound):
            guide.remove_page(session, actor=o.hr, slug="values")


def test_welcome_intro_and_checklist_are_queued_exactly_once(db):
    with db.session() as session:
        o = build(session)
        assert onboarding.welcome(session, o.ken, START)
        assert not onboarding.welcome(session, o.ken, START + timedelta(days=1))
        assert onboarding.manager_intro(session, o.maria)
        assert not onboarding.manager_intro(session, o.maria)
        assert not onboarding.manager_intro(session, o.ken)  # no reports, no introduction
        assert onboarding.welcome(session, o.hr, START)
        hr_welcome = session.exec(select(Delivery).where(Delivery.recipient == "UHR")).one()
        steps = {step.key: step.done for step in onboarding.checklist(session, o.hr.team_id)}
    assert "Perfbot setup checklist" in str(hr_welcome.message["blocks"])
    assert steps == {"org": True, "managers": True, "cycle": False, "checkins": False, "kudos": False}


def test_a_long_digest_fits_slacks_block_limit_and_says_how_many_more():
    from bot.coaching import digest

    raised = [(i, nudges.Raised(7, "feedback", {"days": None})) for i in range(40)]
    message = digest.message("en", "2027-W01", raised, {7: "UKEN"}, total=40)
    assert len(message["blocks"]) <= 50
    assert "40 things need your action" in message["text"]
    assert "…and 17 more." in str(message["blocks"])
