"""Domain: cycles, their timetable, scorecard weights, one active cycle, closing freezes goals."""

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from bot.errors import Invalid
from bot.goals import cycles, negotiation, reads, tracking
from bot.goals.cycles import PhaseDates
from storage.cycles import CycleStatus
from tests.goalkit import NOW, Q1_END, Q1_START, TEAM, kpi, people, q1  # noqa: F401


def timetable(**changes):
    phases = {p.kind: p for p in cycles.suggested_timetable(Q1_START, Q1_END)}
    for kind, dates in changes.items():
        if dates is None:
            phases.pop(kind)
        else:
            phases[kind] = PhaseDates(kind, *dates)
    return list(phases.values())


def test_suggested_timetable_fills_the_cycle_back_to_back():
    phases = cycles.suggested_timetable(Q1_START, Q1_END)
    assert [p.kind for p in phases] == list(cycles.PHASES)
    assert phases[0].opens_on == Q1_START and phases[-1].due_on == Q1_END
    for before, after in zip(phases, phases[1:], strict=False):
        assert after.opens_on == before.due_on + timedelta(days=1)
    assert cycles.validate_timetable(Q1_START, Q1_END, phases) == []


def test_peer_review_is_optional():
    phases = cycles.suggested_timetable(Q1_START, Q1_END, peer_review=False)
    assert "peer_review" not in [p.kind for p in phases]
    assert cycles.validate_timetable(Q1_START, Q1_END, phases) == []


def test_every_other_phase_is_required():
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_START, Q1_END, timetable(calibration=None))
    assert error.value.key == "cycle.phase_missing" and error.value.field == "phase_calibration_due"


def test_a_phase_outside_the_cycle_is_refused_naming_its_field():
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_START, Q1_END, timetable(goal_setting=(date(2026, 12, 20), date(2027, 1, 10))))
    assert error.value.key == "cycle.phase_outside" and error.value.field == "phase_goal_setting_opens"
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_START, Q1_END, timetable(results=(date(2027, 3, 25), date(2027, 4, 2))))
    assert error.value.field == "phase_results_due"


def test_overlapping_phases_are_refused():
    phases = timetable()
    check_ins = next(p for p in phases if p.kind == "check_ins")
    overlapping = timetable(check_ins=(check_ins.opens_on - timedelta(days=2), check_ins.due_on))
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_START, Q1_END, overlapping)
    assert error.value.key == "cycle.phase_overlap"
    assert error.value.params["previous"] == "goal_setting" and error.value.field == "phase_check_ins_opens"


def test_a_phase_that_ends_before_it_opens_is_refused():
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_START, Q1_END, timetable(goal_setting=(date(2027, 1, 10), date(2027, 1, 5))))
    assert error.value.key == "cycle.phase_reversed"


def test_gaps_are_reported_as_warnings():
    phases = timetable()
    check_ins = next(p for p in phases if p.kind == "check_ins")
    gappy = timetable(check_ins=(check_ins.opens_on + timedelta(days=3), check_ins.due_on))
    assert cycles.validate_timetable(Q1_START, Q1_END, gappy) == ["goal_setting>check_ins:3"]


def test_cycle_end_before_start_is_refused():
    with pytest.raises(Invalid) as error:
        cycles.validate_timetable(Q1_END, Q1_START, [])
    assert error.value.field == "ends_on"


def test_cadence_gives_the_end_date():
    assert cycles.default_end("quarterly", date(2027, 1, 1)) == date(2027, 3, 31)
    assert cycles.default_end("half_yearly", date(2027, 7, 1)) == date(2027, 12, 31)
    assert cycles.default_end("yearly", date(2027, 1, 1)) == date(2027, 12, 31)
    assert cycles.default_end("custom", date(2027, 1, 1)) is None


@pytest.mark.parametrize(
    ("text", "key"),
    [("40/30/20/20", "cycle.weights_sum"), ("40/30/30", "cycle.weights_shape"), ("a/b/c/d", "cycle.weights_shape")],
)
def test_weights_must_be_four_numbers_that_sum_to_100(text, key):
    with pytest.raises(Invalid) as error:
        cycles.parse_weights(text)
    assert error.value.key == key and error.value.field == "weights"


def test_weights_parse_in_perspective_order():
    assert cycles.parse_weights("40/30/20/10") == cycles.DEFAULT_WEIGHTS
    assert cycles.parse_weights("25%, 25%, 25%, 25%") == dict.fromkeys(cycles.PERSPECTIVES, 25)
    assert cycles.parse_weights("0/50/50/0")["financial"] == 0


def test_a_new_cycle_is_active_with_default_weights_and_reminders(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana)
        assert cycle.status == CycleStatus.ACTIVE
        assert cycle.weights == {"financial": 40, "customer": 30, "internal": 20, "learning": 10}
        assert cycle.reminder_days == [3, 1]
        assert [p.kind for p in cycles.phases(session, cycle)] == list(cycles.PHASES)
        assert cycles.active(session, TEAM).id == cycle.id


def test_one_active_cycle_per_workspace(db):
    with db.session() as session:
        crew = people(session)
        first = q1(session, crew.hana)
        second = q1(session, crew.hana, name="2027 Q2")
        assert second.status == CycleStatus.DRAFT
        with pytest.raises(Invalid) as error:
            cycles.activate(session, second)
        assert error.value.key == "cycle.another_active"
        cycles.close(session, first, NOW)
        cycles.activate(session, second)
        assert cycles.active(session, TEAM).id == second.id
        assert {c.name for c in cycles.all_cycles(session, TEAM)} == {"2027 Q1", "2027 Q2"}


def test_the_database_refuses_a_second_active_cycle(db):
    with pytest.raises(IntegrityError), db.session() as session:
        crew = people(session)
        q1(session, crew.hana)
        second = q1(session, crew.hana, name="2027 Q2")
        second.status = CycleStatus.ACTIVE
        session.flush()


def test_cycle_names_are_unique(db):
    with db.session() as session:
        crew = people(session)
        q1(session, crew.hana)
        with pytest.raises(Invalid) as error:
            q1(session, crew.hana)
        assert error.value.key == "cycle.name_taken" and error.value.field == "name"


def test_department_weights_override_the_cycle(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana)
        cycles.set_department_weights(session, cycle, "Sales", cycles.parse_weights("60/30/10/0"))
        assert cycles.weights_for(session, cycle, "Sales")["financial"] == 60
        assert cycles.weights_for(session, cycle, "Engineering") == cycles.DEFAULT_WEIGHTS
        with pytest.raises(Invalid):
            cycles.set_department_weights(session, cycle, "Sales", {"financial": 100})


def test_closing_freezes_goals(db):
    with db.session() as session:
        crew = people(session)
        cycle = q1(session, crew.hana)
        goal = negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(), now=NOW)
        metric = reads.metrics_of(session, goal)[0]
        cycles.close(session, cycle, NOW)
        with pytest.raises(Invalid) as error:
            negotiation.transition(session, goal=goal, actor=crew.ken, action="propose", now=NOW)
        assert error.value.key == "cycle.closed"
        with pytest.raises(Invalid):
            negotiation.edit(session, goal=goal, actor=crew.ken, data=kpi(title="Changed"), now=NOW)
        with pytest.raises(Invalid):
            tracking.record_value(session, metric=metric, value=300, now=NOW, actor=crew.ken)
        with pytest.raises(Invalid):
            negotiation.create(session, cycle=cycle, actor=crew.ken, data=kpi(perspective="customer"), now=NOW)


def test_reminder_days_are_validated():
    assert cycles.parse_reminder_days("1, 3 7") == [7, 3, 1]
    with pytest.raises(Invalid):
        cycles.parse_reminder_days("soon")
