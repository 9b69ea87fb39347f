"""The process survey: anonymous answers, results only for groups of 5 or more, beside the previous cycle's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.errors import Forbidden, Invalid
from bot.goals import cycles
from bot.org import directory
from bot.reports import survey
from storage.reports import SurveyAnswer, SurveyResponse
from tests import goalkit, reportkit

NOW = datetime(2027, 3, 31, 12, tzinfo=UTC)
SCORES = {"fair": 4, "clear_goals": 3, "useful_feedback": 5, "helpful_one_on_ones": 2}


def test_the_invitation_waits_for_working_hours_where_each_person_is():
    evening_in_london = datetime(2027, 3, 31, 19, tzinfo=UTC)
    assert survey.working_hours(evening_in_london, "Europe/London") == datetime(2027, 4, 1, 8, tzinfo=UTC)  # BST
    assert survey.working_hours(evening_in_london, "America/New_York") == evening_in_london  # 15:00 there
    assert survey.working_hours(datetime(2027, 1, 4, 6, tzinfo=UTC), "UTC") == datetime(2027, 1, 4, 9, tzinfo=UTC)


def test_results_show_only_for_groups_of_five_or_more(db):
    with db.session() as session:
        org = reportkit.build(session)
        extra = [goalkit.person(session, f"UX{n}", f"Extra{n}", department="Engineering") for n in range(3)]
        with pytest.raises(Forbidden):
            survey.launch(session, actor=org.people.maria, cycle=org.cycle, now=NOW)
        found, queued = survey.launch(session, actor=org.people.hana, cycle=org.cycle, now=NOW)
        assert queued == 8 and survey.launch(session, actor=org.people.hana, cycle=org.cycle, now=NOW)[1] == 0
        engineers = [org.people.olga, org.people.maria, org.people.ken, *extra[:1]]
        for person in engineers:
            assert survey.answer(session, survey=found, person=person, scores=SCORES, comment="ok")
        assert not survey.answer(session, survey=found, person=org.people.ken, scores=SCORES, comment="again")
        assert survey.results(session, found) == []  # four answers: nothing shows
        survey.answer(session, survey=found, person=org.people.zoe, scores={**SCORES, "fair": 1}, comment="")
        results = survey.results(session, found)
        assert [(r.group, r.answers) for r in results] == [("all", 5)]  # Engineering has 4: still hidden
        assert results[0].means["fair"] == pytest.approx((4 * 4 + 1) / 5)
        survey.answer(session, survey=found, person=extra[1], scores=SCORES, comment="")
        assert {(r.group, r.answers) for r in survey.results(session, found)} == {("all", 6), ("Engineering", 5)}
        with pytest.raises(Invalid):
            survey.answer(session, survey=found, person=extra[2], scores={**SCORES, "fair": 6}, comment="")
        # Who answered and what they answered are kept apart: an answer names no one.
        assert session.exec(select(SurveyResponse)).all().__len__() == 6
        assert "person_id" not in SurveyAnswer.model_fields and "created_at" not in SurveyAnswer.model_fields


def test_a_survey_story_in_slack_with_the_previous_cycle_beside(ws, hr, maria, ken):
    others = [ws.person(f"P{n}", manager=maria, department="Engineering") for n in range(5)]
    with ws.db.session() as session:
        hana = directory.get(session, ws.team_id, hr.id)
        for name, start, end in (
            ("2026 Q4", date(2026, 10, 1), date(2026, 12, 31)),
            ("2027 Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ):
            cycles.create(
                session,
                team_id=ws.team_id,
                actor=hana,
                name=name,
                cadence="quarterly",
                starts_on=start,
                ends_on=end,
                timetable=cycles.suggested_timetable(start, end),
                now=ws.clock.now(),
                activate=name == "2027 Q1",
            )
    assert "Only HR admins" in ken.runs("/perf survey").text
    assert "on its way to 8 people" in hr.runs("/perf survey 2026 Q4").text
    for person in [ken, *others]:
        person.clicks("Answer")
        person.submits({"fair": "2", "clear_goals": "2", "useful_feedback": "2", "helpful_one_on_ones": "2"})
    assert "Thank you! Your answer is anonymous." in ken.last_dm().text
    reply = ken.clicks("Answer")
    assert "already answered" in ken.last_reply().text or "already answered" in reply.text

    assert "on its way to 8 people" in hr.runs("/perf survey").text  # the active cycle, 2027 Q1
    for person in [ken, *others[:3]]:
        person.clicks("Answer")
        person.submits({"fair": "4", "clear_goals": "4", "useful_feedback": "4", "helpful_one_on_ones": "4"})
    hr.runs("/perf report org")  # no goals, check-ins or feedback: no chart, the summary alone
    assert "Process survey: 4 answers so far; results show from 5." in hr.dms()[-1].text
    assert ws.slack.uploads_to(hr.id) == []
    others[3].clicks("Answer")
    others[3].submits({"fair": "5", "clear_goals": "4", "useful_feedback": "4", "helpful_one_on_ones": "4"})
    hr.runs("/perf report org")
    assert (
        "Process survey (5 answers, 1–5): fair 4.2, clear goals 4.0, useful feedback 4.0, helpful one-to-ones 4.0"
        " · previous cycle 2026 Q4: fair 2.0" in hr.dms()[-1].text
    )
