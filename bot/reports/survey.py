"""The process survey: HR launches it, everyone gets a DM, answers are anonymous, results need 5 answers a group."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.checkins.calendar import at_local, zone
from bot.delivery import outbox
from bot.errors import Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.reports.scope import previous_cycle
from bot.text import escape
from storage.cycles import Cycle
from storage.org import Person
from storage.reports import SURVEY_QUESTIONS, Survey, SurveyAnswer, SurveyResponse

MIN_GROUP = 5  # results are shown only for groups of at least this many answers
KIND = "process_survey"
ALL = "all"
WORKDAY = (9, 18)  # the survey reaches people between these local hours


@dataclass
class GroupResult:
    group: str  # a department, or ALL
    answers: int
    means: dict[str, float]  # question -> mean score 1–5


def survey_message(lang: str, survey: Survey, cycle_name: str) -> dict:
    text = t(lang, "survey.invite", cycle=cycle_name)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": t(lang, "survey.answer_button")},
                    "action_id": "survey_open",
                    "value": str(survey.id),
                    "style": "primary",
                }
            ],
        },
    ]
    return outbox.message(text, blocks)


def launch(session: Session, *, actor: Person, cycle: Cycle, now: datetime) -> tuple[Survey, int]:
    """Open the survey for `cycle` (once) and queue the invitation to every active person (one query + one insert)."""
    access.require_hr(actor)
    survey = session.exec(select(Survey).where(Survey.team_id == actor.team_id, Survey.cycle_id == cycle.id)).first()
    if survey is None:
        survey = Survey(team_id=actor.team_id, cycle_id=cycle.id, launched_by_id=actor.id, launched_at=now)
        session.add(survey)
        session.flush()
    people = session.exec(
        select(Person.slack_id, Person.locale, Person.tz).where(Person.team_id == actor.team_id, Person.is_active)
    )
    messages = {}
    rows = []
    for slack_id, locale, tz in people:
        lang = language_for(locale)
        if lang not in messages:
            messages[lang] = survey_message(lang, survey, cycle.name)
        rows.append({"recipient": slack_id, "message": messages[lang], "not_before": working_hours(now, tz)})
    key = {"team_id": actor.team_id, "kind": KIND, "period": f"survey:{survey.id}"}
    queued = outbox.enqueue_many(session, [key | row for row in rows])
    return survey, queued


def working_hours(now: datetime, tz: str) -> datetime:
    """`now` if it is between 09:00 and 18:00 where the person is, else their next 09:00."""
    local = now.astimezone(zone(tz))
    if WORKDAY[0] <= local.hour < WORKDAY[1]:
        return now
    day = local.date() if local.hour < WORKDAY[0] else local.date() + timedelta(days=1)
    return at_local(day, f"{WORKDAY[0]:02d}:00", zone(tz))


def get(session: Session, team_id: str, survey_id: int) -> Survey:
    survey = session.get(Survey, survey_id)
    if survey is None or survey.team_id != team_id:
        raise NotFound("survey.not_found")
    return survey


def has_answered(session: Session, survey: Survey, person: Person) -> bool:
    query = select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.person_id == person.id
    )
    return session.exec(query).first() is not None


def answer(session: Session, *, survey: Survey, person: Person, scores: dict[str, int], comment: str) -> bool:
    """Keep one answer; False when the person had already answered (a double submit changes nothing)."""
    if person.team_id != survey.team_id:
        raise NotFound("survey.not_found")
    if set(scores) != set(SURVEY_QUESTIONS) or any(not 1 <= int(v) <= 5 for v in scores.values()):
        raise Invalid("survey.scores")
    if has_answered(session, survey, person):
        return False
    try:
        with session.begin_nested():
            session.add(SurveyResponse(team_id=survey.team_id, survey_id=survey.id, person_id=person.id))
            session.flush()
    except IntegrityError:
        return False
    session.add(
        SurveyAnswer(
            id=uuid.uuid4().hex,
            team_id=survey.team_id,
            survey_id=survey.id,
            department=person.department,
            comment=comment.strip()[:3000],
            **{question: int(scores[question]) for question in SURVEY_QUESTIONS},
        )
    )
    outbox.enqueue(
        session,
        team_id=survey.team_id,
        recipient=person.slack_id,
        kind="survey_thanks",
        period=f"survey:{survey.id}",
        message=outbox.message(t(language_for(person.locale), "survey.thanks")),
    )
    return True


def results(session: Session, survey: Survey) -> list[GroupResult]:
    """Means per department and overall, only for groups of at least MIN_GROUP answers."""
    columns = [func.avg(getattr(SurveyAnswer, question)) for question in SURVEY_QUESTIONS]
    base = select(func.count(), *columns).where(SurveyAnswer.survey_id == survey.id)
    found = []
    total = session.exec(base).one()
    if total[0] >= MIN_GROUP:
        found.append(_result(ALL, total))
    for row in session.exec(base.add_columns(SurveyAnswer.department).group_by(SurveyAnswer.department)):
        if row[0] >= MIN_GROUP and row[-1]:
            found.append(_result(row[-1], row[:-1]))
    return found


def _result(group: str, row) -> GroupResult:
    return GroupResult(group, int(row[0]), {q: float(v) for q, v in zip(SURVEY_QUESTIONS, row[1:], strict=True)})


def answer_count(session: Session, survey: Survey) -> int:
    return session.exec(select(func.count()).where(SurveyAnswer.survey_id == survey.id)).one()


def for_cycle(session: Session, cycle: Cycle | None) -> Survey | None:
    if cycle is None:
        return None
    return session.exec(select(Survey).where(Survey.team_id == cycle.team_id, Survey.cycle_id == cycle.id)).first()


def _overall(session: Session, found: Survey | None) -> GroupResult | None:
    if found is None:
        return None
    return next((result for result in results(session, found) if result.group == ALL), None)


def summary_lines(session: Session, cycle: Cycle, lang: str) -> list[str]:
    """The survey's lines in the organisation report: this cycle's means beside the previous cycle's, or how
    many answers there are while fewer than MIN_GROUP."""
    current = for_cycle(session, cycle)
    if current is None:
        return []
    overall = _overall(session, current)
    if overall is None:
        return [t(lang, "report.survey.too_few", answers=answer_count(session, current), minimum=MIN_GROUP)]
    earlier_cycle = previous_cycle(session, cycle)
    before = _overall(session, for_cycle(session, earlier_cycle))
    previous = ""
    if before is not None:
        means = {question: f"{value:.1f}" for question, value in before.means.items()}
        previous = t(lang, "report.survey.previous", cycle=escape(earlier_cycle.name), **means)
    means = {question: f"{value:.1f}" for question, value in overall.means.items()}
    return [t(lang, "report.survey", answers=overall.answers, previous=previous, **means)]
