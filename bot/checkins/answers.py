"""Weekly check-ins: answering (one per person per week, resubmitting edits), away days, streaks, replies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Integer, String, bindparam, cast, null, union_all
from sqlmodel import Session, col, func, select

from bot.checkins.calendar import monday_of, previous_week, week_of, zone
from bot.checkins.goal_source import NO_GOALS, GoalSource
from bot.checkins.render import TEXT, Renderer
from bot.checkins.results import GoalChange, Stats, Submitted
from bot.checkins.schedules import DEFAULT_QUESTIONS, for_person
from bot.delivery.outbox import enqueue
from bot.errors import Invalid, NotFound
from bot.i18n import language_for
from bot.org import access, directory
from storage.checkins import AwayPeriod, Checkin, CheckinReply
from storage.org import Person
from storage.outbox import Delivery, DeliveryStatus

PROMPT = "checkin.prompt"
REMINDER = "checkin.reminder"
THANKS = "checkin.thanks"
DIGEST = "checkin.digest"
REPLY = "checkin.reply"
TEXT_LIMIT = 3000
MAX_AWAY_DAYS = 366
PARTICIPATION_WEEKS = 12
MANY = 200  # people above which a query reads the whole workspace's rows rather than list them


def local_today(person: Person, now: datetime) -> date:
    return now.astimezone(zone(person.tz)).date()


def questions_for(session: Session, person: Person) -> list[dict[str, Any]]:
    schedule = for_person(session, person)
    return list(schedule.questions) if schedule is not None else list(DEFAULT_QUESTIONS)


def current_week(session: Session, person: Person, now: datetime) -> str:
    """The week `/checkin` answers: an unanswered prompt from the last 7 days, else this local week."""
    recent = session.exec(
        select(Delivery.period)
        .where(
            Delivery.team_id == person.team_id,
            Delivery.kind == PROMPT,
            Delivery.recipient == person.slack_id,
            Delivery.period >= (local_today(person, now) - timedelta(days=7)).isoformat(),
        )
        .order_by(col(Delivery.period).desc())
    ).first()
    if recent is not None:
        week = week_of(date.fromisoformat(recent))
        if find(session, person, week) is None:
            return week
    return week_of(local_today(person, now))


def valid_week(week: str, person: Person, now: datetime) -> str:
    try:
        monday = monday_of(week)
    except (ValueError, IndexError):
        raise Invalid("checkin.bad_week") from None
    today = local_today(person, now)
    if monday > today or monday < today - timedelta(weeks=8):
        raise Invalid("checkin.bad_week")
    return week


def find(session: Session, person: Person, week: str) -> Checkin | None:
    return session.exec(
        select(Checkin).where(Checkin.team_id == person.team_id, Checkin.person_id == person.id, Checkin.week == week)
    ).first()


def _scale(value: Any, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise Invalid("checkin.bad_scale", field=field_name) from None
    if not 1 <= number <= 5:
        raise Invalid("checkin.bad_scale", field=field_name)
    return number


def _number(value: Any, field_name: str, *, low: float | None = None, high: float | None = None) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError:
        raise Invalid("checkin.bad_number", field=field_name) from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise Invalid("checkin.bad_progress", field=field_name)
    return number


def submit(
    session: Session,
    team_id: str,
    slack_id: str,
    week: str,
    values: dict[str, Any],
    *,
    request_id: str,
    now: datetime,
    goals: GoalSource = NO_GOALS,
    renderer: Renderer = TEXT,
) -> Submitted:
    """Store the person's check-in for `week` (editing it if there is one), record goal progress, thank them.
    `values` maps a question id to its answer; goal progress comes as `goal:<id>` and `kpi:<id>`."""
    person = directory.get(session, team_id, slack_id)
    week = valid_week(week, person, now)
    existing = find(session, person, week)
    earlier = {answer["id"]: answer for answer in (existing.answers if existing else [])}
    answers: list[dict[str, Any]] = []
    changes: list[GoalChange] = []
    for question in questions_for(session, person):
        qid, kind = question["id"], question["type"]
        base = {"id": qid, "type": kind, **{k: question[k] for k in ("key", "label") if k in question}}
        if kind == "text":
            text = str(values.get(qid) or "").strip()
            if len(text) > TEXT_LIMIT:
                raise Invalid("checkin.too_long", field=qid, limit=TEXT_LIMIT)
            answers.append({**base, "value": text})
        elif kind == "scale":
            answers.append({**base, "value": _scale(values.get(qid), qid)})
        else:
            before_of = {g["goal_id"]: g.get("before") for g in (earlier.get(qid) or {}).get("value") or []}
            items = []
            for goal in goals.active_goals(session, team_id, person.id):
                progress = _number(values.get(f"goal:{goal.goal_id}"), f"goal:{goal.goal_id}", low=0, high=100)
                kpi = _number(values.get(f"kpi:{goal.goal_id}"), f"kpi:{goal.goal_id}")
                before = before_of.get(goal.goal_id, goal.progress)
                after = goal.progress if progress is None else int(progress)
                if (progress is not None and int(progress) != goal.progress) or (
                    kpi is not None and kpi != goal.kpi_value
                ):
                    updated = goals.record_progress(
                        session, team_id, person.id, goal.goal_id, progress=after, kpi_value=kpi, at=now
                    )
                    after = after if updated.progress is None else updated.progress  # a KPI value moves it
                    changes.append(GoalChange(goal.goal_id, goal.title, before, after, kpi))
                items.append(
                    {"goal_id": goal.goal_id, "title": goal.title, "before": before, "progress": after, "kpi": kpi}
                )
            answers.append({**base, "value": items})
    if not any(a["value"] not in (None, "", []) for a in answers):
        raise Invalid("checkin.empty")
    by_id = {a["id"]: a["value"] for a in answers}
    mood = by_id.get("mood") if isinstance(by_id.get("mood"), int) else None
    blockers = by_id.get("blockers") or None
    created = existing is None
    changed = created or existing.answers != answers
    if created:
        existing = Checkin(team_id=team_id, person_id=person.id, week=week, submitted_at=now, updated_at=now)
        session.add(existing)
    if changed:
        if not created:
            existing.revision += 1
        existing.answers, existing.mood, existing.blockers, existing.updated_at = answers, mood, blockers, now
        session.flush()
    result = Submitted(existing, created, changed, changes)
    lang = language_for(person.locale)
    enqueue(
        session,
        team_id=team_id,
        recipient=person.slack_id,
        kind=THANKS,
        period=f"{week}:{request_id}"[:128],
        message=renderer.thanks(lang, result, stats(session, person, now)),
    )
    return result


def away(
    session: Session, team_id: str, slack_id: str, first: date, last: date, *, now: datetime, reason: str = "away"
) -> AwayPeriod:
    """Mark days out of office: no prompt or reminder on them."""
    person = directory.get(session, team_id, slack_id)
    if last < first:
        raise Invalid("checkin.away.order")
    if last < local_today(person, now) or (last - first).days >= MAX_AWAY_DAYS:
        raise Invalid("checkin.away.range", days=MAX_AWAY_DAYS)
    period = AwayPeriod(team_id=team_id, person_id=person.id, first_day=first, last_day=last, reason=reason)
    session.add(period)
    session.flush()
    return period


def skip_week(session: Session, team_id: str, slack_id: str, *, now: datetime) -> tuple[str, AwayPeriod]:
    """Skip the check-in being asked: no prompt or reminder from today to the end of its week."""
    person = directory.get(session, team_id, slack_id)
    week = current_week(session, person, now)
    today = local_today(person, now)
    last = max(today, monday_of(week) + timedelta(days=6))
    return week, away(session, team_id, slack_id, today, last, now=now, reason="skip")


def away_between(session: Session, team_id: str, first: date, last: date) -> dict[int, list[AwayPeriod]]:
    rows = session.exec(
        select(AwayPeriod).where(
            AwayPeriod.team_id == team_id, AwayPeriod.last_day >= first, AwayPeriod.first_day <= last
        )
    )
    found: dict[int, list[AwayPeriod]] = {}
    for row in rows:
        found.setdefault(row.person_id, []).append(row)
    return found


def is_away(periods: list[AwayPeriod], day: date) -> bool:
    return any(p.first_day <= day <= p.last_day for p in periods)


def absence(periods: list[AwayPeriod], monday: date) -> str | None:
    """How a person was out in the week starting `monday`: "skipped" (`/checkin skip`), "away", or None."""
    sunday = monday + timedelta(days=6)
    in_week = [p for p in periods if p.first_day <= sunday and p.last_day >= monday]
    if any(p.reason == "skip" for p in in_week):
        return "skipped"
    return "away" if in_week else None


def _answered_and_prompted(*, listed: bool) -> CompoundSelect:
    """Per person, the weeks they answered (keyed by id) and the days they were prompted (by Slack id), each
    joined by commas, in one statement: thousands of people have many thousands of check-ins, and a row costs far
    more to fetch than the database spends joining them."""
    answered = select(Checkin.person_id, cast(null(), String), func.aggregate_strings(Checkin.week, ",")).where(
        Checkin.team_id == bindparam("team_id")
    )
    prompted = select(cast(null(), Integer), Delivery.recipient, func.aggregate_strings(Delivery.period, ",")).where(
        Delivery.team_id == bindparam("team_id"),
        Delivery.kind == PROMPT,
        Delivery.status == DeliveryStatus.SENT,
        Delivery.period >= bindparam("since"),
    )
    if listed:
        answered = answered.where(col(Checkin.person_id).in_(bindparam("person_ids", expanding=True)))
        prompted = prompted.where(col(Delivery.recipient).in_(bindparam("slack_ids", expanding=True)))
    return union_all(answered.group_by(Checkin.person_id), prompted.group_by(Delivery.recipient))


_LISTED = _answered_and_prompted(listed=True)
_WORKSPACE = _answered_and_prompted(listed=False)


def stats(session: Session, person: Person, now: datetime) -> Stats:
    """Streak: weeks in a row with a check-in, up to this or last week. Participation: answered / prompted."""
    return stats_for(session, [person], now)[person.id]


def stats_for(session: Session, people: list[Person], now: datetime) -> dict[int, Stats]:
    """`stats` of many people of one workspace in one query (a whole team's, or every digest's)."""
    if not people:
        return {}
    team_id = people[0].team_id
    today_in: dict[str | None, date] = {}  # each zone's today, worked out once rather than once per person
    for person in people:
        if person.tz not in today_in:
            today_in[person.tz] = local_today(person, now)
    since = (min(today_in.values()) - timedelta(weeks=PARTICIPATION_WEEKS + 1)).isoformat()
    # A few people: ask for theirs; many: read the workspace's, cheaper than a long IN list.
    listed = {"person_ids": [p.id for p in people], "slack_ids": [p.slack_id for p in people]}
    statement, params = (_LISTED, listed) if len(people) <= MANY else (_WORKSPACE, {})
    answered, prompted = {}, {}
    for person_id, recipient, joined in session.connection().execute(
        statement, {"team_id": team_id, "since": since} | params
    ):
        if person_id is not None:
            answered[person_id] = joined
        else:
            prompted[recipient] = joined
    stats_of = cache(_stats_of_joined)  # most people share a history (everyone answered the same weeks)
    return {p.id: stats_of(answered.get(p.id, ""), prompted.get(p.slack_id, ""), today_in[p.tz]) for p in people}


def _stats_of_joined(weeks: str, prompt_days: str, today: date) -> Stats:
    answered = set(weeks.split(",")) if weeks else set()
    prompted = {_week_of_day(day) for day in prompt_days.split(",")} if prompt_days else set()
    return _stats_of_weeks(answered, prompted, today)


@cache
def _week_of_day(day: str) -> str:
    return week_of(date.fromisoformat(day))  # everyone was prompted on the same few days


def _stats_of_weeks(answered: set[str], prompted_weeks: set[str], today: date) -> Stats:
    since, week = _weeks_around(today)
    if week not in answered:
        week = _week_before(week)
    streak = 0
    while week in answered:
        streak, week = streak + 1, _week_before(week)
    prompted = {w for w in prompted_weeks | answered if w > since}
    recent_answered = {w for w in answered if w > since}
    participation = round(100 * len(recent_answered) / len(prompted)) if prompted else None
    return Stats(streak, participation)


_week_before = cache(previous_week)  # a digest walks back the same few weeks for each of thousands of people


@cache
def _weeks_around(today: date) -> tuple[str, str]:
    """The last week before the participation window, and today's week."""
    return week_of(today - timedelta(weeks=PARTICIPATION_WEEKS)), week_of(today)


def get_checkin(session: Session, team_id: str, checkin_id: int) -> Checkin:
    checkin = session.get(Checkin, checkin_id)
    if checkin is None or checkin.team_id != team_id:
        raise NotFound("checkin.not_found")
    return checkin


def reply(
    session: Session,
    team_id: str,
    author_slack_id: str,
    checkin_id: int,
    text: str,
    *,
    request_id: str,
    now: datetime,
    renderer: Renderer = TEXT,
) -> CheckinReply:
    """A manager's reply to a check-in: stored (shared with the person) and sent to them as a DM thread."""
    author = directory.get(session, team_id, author_slack_id)
    checkin = get_checkin(session, team_id, checkin_id)
    subject = session.get(Person, checkin.person_id)
    access.require_checkin_reply(session, author, subject)
    text = text.strip()
    if not 1 <= len(text) <= TEXT_LIMIT:
        raise Invalid("checkin.reply.length", field="reply", limit=TEXT_LIMIT)
    done = session.exec(select(CheckinReply).where(CheckinReply.request_id == request_id)).first()
    if done is not None:  # a double-clicked submit
        return done
    stored = CheckinReply(
        team_id=team_id,
        checkin_id=checkin.id,
        author_id=author.id,
        subject_id=subject.id,
        text=text,
        request_id=request_id[:64],
        created_at=now,
    )
    session.add(stored)
    session.flush()
    anchor = session.exec(
        select(Delivery)
        .where(
            Delivery.team_id == team_id,
            Delivery.recipient == subject.slack_id,
            col(Delivery.kind).in_([PROMPT, THANKS]),
            Delivery.status == DeliveryStatus.SENT,
            Delivery.ts.is_not(None),
        )
        .order_by(col(Delivery.created_at).desc())
    ).all()
    ours = [d for d in anchor if _week_of_delivery(d) == checkin.week]
    thread = next((d for d in ours if d.kind == PROMPT), None) or next(iter(ours), None)  # the prompt, else thanks
    lang = language_for(subject.locale)
    message = renderer.reply(lang, author.slack_id, checkin.week, text)
    if thread is not None:
        message = {**message, "thread_ts": thread.ts}
    enqueue(
        session,
        team_id=team_id,
        recipient=thread.channel if thread is not None else subject.slack_id,
        kind=REPLY,
        period=str(stored.id),
        message=message,
    )
    return stored


def _week_of_delivery(delivery: Delivery) -> str:
    if delivery.kind == PROMPT:
        return week_of(date.fromisoformat(delivery.period))
    return delivery.period.split(":", 1)[0]
