"""Domain: goals, the negotiation state machine, weights, progress, alignment, access and metric points."""

from datetime import date, timedelta

import pytest

from bot.errors import Forbidden, Invalid, NotFound
from bot.goals import negotiation, reads, scorecard, tracking
from bot.org import access
from storage.goals import Direction, GoalStatus, GoalType, OwnerKind
from tests.goalkit import NOW, kpi, people, q1  # noqa: F401

LEGAL = {
    (GoalStatus.DRAFT, "propose"): GoalStatus.PROPOSED,
    (GoalStatus.CHANGES_REQUESTED, "propose"): GoalStatus.PROPOSED,
    (GoalStatus.PROPOSED, "withdraw"): GoalStatus.DRAFT,
    (GoalStatus.PROPOSED, "approve"): GoalStatus.AGREED,
    (GoalStatus.PROPOSED, "request_changes"): GoalStatus.CHANGES_REQUESTED,
    (GoalStatus.AGREED, "reopen"): GoalStatus.PROPOSED,
    (GoalStatus.ASSIGNED, "acknowledge"): GoalStatus.AGREED,
}
ACTOR = {"propose": "ken", "withdraw": "ken", "reopen": "ken", "acknowledge": "ken"}


@pytest.fixture
def setup(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana)
    return db, crew, cycle


def goal_in(session, crew, cycle, status):
    goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
    goal.status = status
    session.flush()
    return goal


@pytest.mark.parametrize("status", list(GoalStatus))
@pytest.mark.parametrize("action", negotiation.ACTIONS)
def test_every_transition_is_legal_or_refused(setup, status, action):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, status)
        actor = getattr(crew, ACTOR.get(action, "maria"))
        if (status, action) in LEGAL:
            negotiation.transition(session, goal=goal, actor=actor, action=action, now=NOW, comment="why")
            assert goal.status == LEGAL[(status, action)]
            last = reads.history(session, goal)[-1]
            assert (last.action, last.from_status, last.to_status) == (action, status, goal.status)
            assert last.actor_id == actor.id and last.at == NOW and last.comment == "why"
        else:
            with pytest.raises(Invalid) as error:
                negotiation.transition(session, goal=goal, actor=actor, action=action, now=NOW, comment="why")
            assert error.value.key == "goal.illegal_transition"
            assert goal.status == status


@pytest.mark.parametrize(("status", "action"), list(LEGAL))
def test_only_the_right_person_may_make_a_legal_transition(setup, status, action):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, status)
        wrong = ["maria", "zoe", "hana"] if action in ACTOR else ["ken", "zoe", "hana"]
        for name in wrong:
            with pytest.raises(Forbidden):
                negotiation.transition(
                    session, goal=goal, actor=getattr(crew, name), action=action, now=NOW, comment="x"
                )
        assert goal.status == status


def test_the_managers_manager_may_approve(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, GoalStatus.PROPOSED)
        negotiation.transition(session, goal=goal, actor=crew.olga, action="approve", now=NOW)
        assert goal.status == GoalStatus.AGREED


def test_requesting_changes_needs_a_comment(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, GoalStatus.PROPOSED)
        with pytest.raises(Invalid) as error:
            negotiation.transition(session, goal=goal, actor=crew.maria, action="request_changes", now=NOW, comment=" ")
        assert error.value.field == "comment" and goal.status == GoalStatus.PROPOSED


def test_proposing_without_a_manager_is_explained(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = negotiation.create(session, cycle=cycle, actor=crew.zoe, data=kpi(), now=NOW)
        with pytest.raises(Invalid) as error:
            negotiation.transition(session, goal=goal, actor=crew.zoe, action="propose", now=NOW)
        assert error.value.key == "goal.no_manager"


def test_full_negotiation_is_recorded_as_history(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        later = NOW + timedelta(hours=1)
        negotiation.transition(session, goal=goal, actor=crew.ken, action="propose", now=later)
        negotiation.transition(
            session, goal=goal, actor=crew.maria, action="request_changes", now=later, comment="Tighter"
        )
        negotiation.edit(session, goal=goal, actor=crew.ken, data=kpi(target=150.0), now=later)
        negotiation.transition(session, goal=goal, actor=crew.ken, action="propose", now=later)
        negotiation.transition(session, goal=goal, actor=crew.maria, action="approve", now=later)
        steps = [(e.action, e.to_status) for e in reads.history(session, goal)]
        assert steps == [
            ("create", "draft"),
            ("propose", "proposed"),
            ("request_changes", "changes_requested"),
            ("edit", "changes_requested"),
            ("propose", "proposed"),
            ("approve", "agreed"),
        ]
        assert reads.metrics_of(session, goal)[0].target_value == 150.0


def test_editing_an_agreed_goal_needs_approval_again(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, GoalStatus.AGREED)
        negotiation.edit(session, goal=goal, actor=crew.ken, data=kpi(title="Cut p95 latency to 150"), now=NOW)
        assert goal.status == GoalStatus.PROPOSED
        assert reads.history(session, goal)[-1].action == "reopen"


def test_a_proposed_goal_is_locked_until_answered(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = goal_in(session, crew, cycle, GoalStatus.PROPOSED)
        with pytest.raises(Invalid) as error:
            negotiation.edit(session, goal=goal, actor=crew.ken, data=kpi(title="Sneaky"), now=NOW)
        assert error.value.key == "goal.not_editable" and goal.title == "Cut p95 latency"


def test_a_manager_sets_a_goal_the_report_acknowledges(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = negotiation.create(session, cycle=cycle, actor=crew.maria, owner=crew.ken, data=kpi(), now=NOW)
        assert goal.status == GoalStatus.ASSIGNED and goal.owner_person_id == crew.ken.id
        negotiation.edit(session, goal=goal, actor=crew.maria, data=kpi(title="Cut p99 latency"), now=NOW)
        negotiation.transition(session, goal=goal, actor=crew.ken, action="acknowledge", now=NOW)
        assert goal.status == GoalStatus.AGREED


def test_nobody_sets_goals_for_people_outside_their_line(setup):
    db, crew, cycle = setup
    with db.session() as session, pytest.raises(Forbidden):
        negotiation.create(session, cycle=cycle, actor=crew.zoe, owner=crew.ken, data=kpi(), now=NOW)


def test_weights_inside_a_perspective_cannot_pass_100(setup):
    db, crew, cycle = setup
    with db.session() as session:
        negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("A", weight=60), now=NOW)
        with pytest.raises(Invalid) as error:
            negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("B", weight=50), now=NOW)
        assert error.value.field == "weight" and error.value.params["left"] == 40
        negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("B", weight=40), now=NOW)
        negotiation.create(
            session, cycle=cycle, actor=crew.ken, data=kpi("C", perspective="customer", weight=70), now=NOW
        )


def test_scorecard_reports_what_does_not_add_up(setup):
    db, crew, cycle = setup
    with db.session() as session:
        negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("A", weight=60), now=NOW)
        card = reads.person_scorecard(session, cycle, crew.ken)
        problems = card.problems()
        assert ("goal.problem.weights", {"perspective": "internal", "total": 60}) in problems
        missing = {params["perspective"] for key, params in problems if key == "goal.problem.no_goal"}
        assert missing == {"financial", "customer", "learning"}


@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("title", kpi(title="x" * 151)),
        ("title", kpi(title="  ")),
        ("weight", kpi(weight=0)),
        ("due_on", kpi(due_on=date(2027, 4, 2))),
        ("perspective", kpi(perspective=None)),
        ("target", kpi(start=10.0, target=10.0)),
        (
            "target",
            negotiation.GoalInput(title="No numbers", goal_type=GoalType.KPI, weight=10, perspective="customer"),
        ),
    ],
)
def test_invalid_goals_name_the_field_and_save_nothing(setup, field, data):
    db, crew, cycle = setup
    with db.session() as session:
        with pytest.raises(Invalid) as error:
            negotiation.create(session, cycle=cycle, actor=crew.ken, data=data, now=NOW)
        assert error.value.field == field
        assert reads.goals_of(session, cycle, crew.ken) == []


def test_direction_must_match_the_target():
    metric = negotiation.MetricInput(name="Churn", start=5, target=3, direction=Direction.HIGHER)
    data = negotiation.GoalInput(
        title="Churn", goal_type=GoalType.KPI, weight=10, perspective="customer", metrics=(metric,)
    )
    with pytest.raises(Invalid) as error:
        negotiation._validate_metrics(data)
    assert error.value.key == "goal.target_direction_higher"


@pytest.mark.parametrize(("text", "value"), [("95", 95.0), ("95%", 95.0), (" 1,200.5 ", 1200.5), ("-3", -3.0)])
def test_numbers_people_type(text, value):
    assert negotiation.parse_number(text, field="value") == value


@pytest.mark.parametrize("text", ["", "abc", "nan", "inf", None])
def test_not_numbers(text):
    with pytest.raises(Invalid) as error:
        negotiation.parse_number(text, field="value")
    assert error.value.key == "goal.not_a_number" and error.value.field == "value"


@pytest.mark.parametrize(
    ("start", "target", "current", "direction", "expected"),
    [
        (0, 100, 50, Direction.HIGHER, 0.5),
        (0, 100, 150, Direction.HIGHER, 1.0),
        (0, 100, -10, Direction.HIGHER, 0.0),
        (80, 95, 92, Direction.HIGHER, 0.8),
        (400, 200, 300, Direction.LOWER, 0.5),
        (400, 200, 150, Direction.LOWER, 1.0),
        (400, 200, 500, Direction.LOWER, 0.0),
        (5, 5, 5, Direction.LOWER, 1.0),
        (5, 5, 6, Direction.LOWER, 0.0),
    ],
)
def test_metric_progress(start, target, current, direction, expected):
    assert scorecard.metric_progress(start, target, current, direction) == pytest.approx(expected)


def test_weighted_progress_across_perspectives(setup):
    db, crew, cycle = setup
    with db.session() as session:
        made = {}
        for perspective in ("financial", "customer", "internal", "learning"):
            made[perspective] = negotiation.create(
                session, cycle=cycle, actor=crew.ken, data=kpi(perspective, perspective=perspective), now=NOW
            )
        # financial halfway, customer done, the rest untouched: 0.4*0.5 + 0.3*1.0 = 0.5
        tracking.record_value(
            session, metric=reads.metrics_of(session, made["financial"])[0], value=300, now=NOW, actor=crew.ken
        )
        tracking.record_value(
            session, metric=reads.metrics_of(session, made["customer"])[0], value=200, now=NOW, actor=crew.maria
        )
        card = reads.person_scorecard(session, cycle, crew.ken)
        assert card.progress == pytest.approx(0.5)
        assert card.problems() == []
        assert scorecard.bar(card.progress) == "▓▓▓▓▓░░░░░ 50%"


def test_without_bsc_goal_weights_add_up_across_all_goals(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana, bsc_enabled=False)
        negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("A", perspective=None, weight=70), now=NOW)
        with pytest.raises(Invalid):
            negotiation.create(
                session, cycle=cycle, actor=crew.ken, data=kpi("B", perspective="customer", weight=40), now=NOW
            )
        goal = negotiation.create(
            session, cycle=cycle, actor=crew.ken, data=kpi("B", perspective="customer", weight=30), now=NOW
        )
        assert goal.perspective is None
        assert reads.person_scorecard(session, cycle, crew.ken).problems() == []


def test_metric_updates_are_kept_as_dated_points(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        metric = reads.metrics_of(session, goal)[0]
        tracking.record_value(session, metric=metric, value=350, now=NOW + timedelta(days=7), actor=crew.ken)
        tracking.record_value(session, metric=metric, value=300, now=NOW + timedelta(days=14), actor=crew.maria)
        series = [(p.value, p.recorded_at, p.source) for p in tracking.points(session, metric)]
        assert series == [
            (400, NOW, "start"),
            (350, NOW + timedelta(days=7), "slack"),
            (300, NOW + timedelta(days=14), "slack"),
        ]
        assert metric.current_value == 300
        with pytest.raises(Forbidden):
            tracking.record_value(session, metric=metric, value=1, now=NOW, actor=crew.zoe)


def test_alignment_tree_refuses_loops(setup):
    db, crew, cycle = setup
    with db.session() as session:
        company = negotiation.create(
            session, cycle=cycle, actor=crew.hana, owner_kind=OwnerKind.COMPANY, data=kpi("Company", weight=50), now=NOW
        )
        team = negotiation.create(
            session,
            cycle=cycle,
            actor=crew.maria,
            owner_kind=OwnerKind.TEAM,
            department="Engineering",
            data=kpi("Team", parent_id=company.id, weight=50),
            now=NOW,
        )
        mine = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("Mine", parent_id=team.id), now=NOW)
        assert (company.status, team.status) == (GoalStatus.AGREED, GoalStatus.AGREED)
        for parent in (mine, company):
            with pytest.raises(Invalid) as error:
                negotiation.set_parent(
                    session, goal=parent if parent is company else mine, actor=crew.hana, parent=mine, now=NOW
                )
            assert error.value.key == "goal.alignment_cycle"
        assert negotiation.would_create_cycle(session, company, team)
        assert not negotiation.would_create_cycle(session, mine, company)


def test_only_hr_sets_company_goals_and_only_the_department_its_team_goals(setup):
    db, crew, cycle = setup
    with db.session() as session:
        with pytest.raises(Forbidden):
            negotiation.create(
                session, cycle=cycle, actor=crew.maria, owner_kind=OwnerKind.COMPANY, data=kpi(), now=NOW
            )
        with pytest.raises(Forbidden):
            negotiation.create(
                session,
                cycle=cycle,
                actor=crew.zoe,
                owner_kind=OwnerKind.TEAM,
                department="Engineering",
                data=kpi(),
                now=NOW,
            )


def test_who_sees_whose_goals(setup):
    db, crew, cycle = setup
    with db.session() as session:
        personal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        company = negotiation.create(
            session, cycle=cycle, actor=crew.hana, owner_kind=OwnerKind.COMPANY, data=kpi("Company"), now=NOW
        )
        for name, sees in {"ken": True, "maria": True, "olga": True, "hana": True, "zoe": False}.items():
            assert access.can_view_goal(session, getattr(crew, name), personal) is sees, name
            assert access.can_view_goal(session, getattr(crew, name), company)


def test_key_results_one_a_line():
    parsed = negotiation.parse_key_results("Churn; 8; 2\n\nReplies | 70 | 95 | %")
    assert [(m.name, m.start, m.target, m.unit, m.direction) for m in parsed] == [
        ("Churn", 8, 2, "", Direction.LOWER),
        ("Replies", 70, 95, "%", Direction.HIGHER),
    ]
    with pytest.raises(Invalid) as error:
        negotiation.parse_key_results("Churn; 8; 2\nReplies; many; 95")
    assert error.value.field == "key_results"


def test_a_goal_supports_only_goals_its_owner_may_see(setup):
    db, crew, cycle = setup
    with db.session() as session:
        zoes = negotiation.create(session, cycle=cycle, actor=crew.zoe, data=kpi("Zoe's own"), now=NOW)
        with pytest.raises(NotFound) as error:
            negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(parent_id=zoes.id), now=NOW)
        assert error.value.field == "parent"
        mine = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi("Mine", weight=50), now=NOW)
        with pytest.raises(NotFound):
            negotiation.create(
                session,
                cycle=cycle,
                actor=crew.hana,
                owner_kind=OwnerKind.COMPANY,
                data=kpi("Company", parent_id=mine.id),
                now=NOW,
            )


def test_repeating_a_step_is_harmless(setup):
    db, crew, cycle = setup
    with db.session() as session:
        goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        for _ in range(2):
            negotiation.transition(session, goal=goal, actor=crew.ken, action="propose", now=NOW)
        assert [e.action for e in reads.history(session, goal)] == ["create", "propose"]


def test_a_second_goal_with_the_same_title_is_refused(setup):
    db, crew, cycle = setup
    with db.session() as session:
        negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(weight=50), now=NOW)
        with pytest.raises(Invalid) as error:
            negotiation.create(
                session, cycle=cycle, actor=crew.ken, data=kpi(title="cut P95 latency", weight=50), now=NOW
            )
        assert error.value.key == "goal.title_taken" and error.value.field == "title"
        negotiation.create(session, cycle=cycle, actor=crew.maria, data=kpi(weight=50), now=NOW)


def test_team_goals_are_for_that_teams_manager_or_hr(setup):
    db, crew, cycle = setup

    titles = iter(range(100))

    def team_goal(actor, department="Engineering"):
        data = kpi(f"Team goal {next(titles)}", weight=10)
        return negotiation.create(
            session, cycle=cycle, actor=actor, owner_kind=OwnerKind.TEAM, department=department, data=data, now=NOW
        )

    with db.session() as session:
        assert team_goal(crew.maria).status == GoalStatus.AGREED  # Engineering's manager
        assert team_goal(crew.olga).status == GoalStatus.AGREED  # manages Maria, in Engineering
        assert team_goal(crew.hana, "Sales").status == GoalStatus.AGREED  # HR, any department
        for actor, department in ((crew.ken, "Engineering"), (crew.zoe, "Sales"), (crew.maria, "Sales")):
            with pytest.raises(Forbidden) as refused:
                team_goal(actor, department)
            assert refused.value.key == "goal.team_goal_forbidden" and refused.value.params == {
                "department": department
            }
        with pytest.raises(Invalid):
            team_goal(crew.ken, "")
