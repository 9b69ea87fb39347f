"""Peer feedback requests: ask colleagues about someone, remind them until the deadline, store answers."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from bot.delivery import outbox, planning
from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.record.feedback import check_subject, clean_text
from bot.text import mention, typed_day
from storage.feedback import Feedback, FeedbackAsk, FeedbackRequest, Kind, Source, Visibility
from storage.org import Person

MAX_ASKED = 10
DEFAULT_DEADLINE = timedelta(days=7)
REMIND_EVERY = timedelta(days=2)
ANSWER_ACTION = "feedback_answer_open"
_BY = re.compile(r"^(?:by\s+)?(\d{4}-\d{2}-\d{2})$", re.IGNORECASE)


def parse_deadline(text: str, tz: str) -> datetime:
    """`by 2027-01-20` -> the end of that day in the requester's time zone."""
    match = _BY.match(text.strip())
    if not match:
        raise Invalid("peer.usage")
    day = typed_day(match.group(1), usage="peer.usage")
    return datetime.combine(day, time(23, 59), tzinfo=ZoneInfo(tz or "UTC"))


def deadline_day(row: FeedbackRequest, requester: Person) -> date:
    """The deadline's date as the requester meant it (a typed `by 2027-01-20` is the end of that day where they
    are): everyone asked is shown this same date, whatever their own time zone."""
    return row.deadline.astimezone(ZoneInfo(requester.tz or "UTC")).date()


def request(
    session: Session,
    *,
    requester: Person,
    about: Person,
    responders: list[Person],
    now: datetime,
    deadline: datetime | None = None,
) -> FeedbackRequest:
    """Ask each responder for feedback on `about`; each gets a DM with a button to the answer form."""
    if not access.can_request_feedback_about(session, requester, about):
        raise Forbidden("peer.not_allowed", person=about.slack_id)
    if not responders:
        raise Invalid("peer.usage")
    if len(responders) > MAX_ASKED:
        raise Invalid("peer.too_many", limit=MAX_ASKED)
    if len({person.id for person in responders}) != len(responders):
        raise Invalid("peer.duplicate")
    for person in responders:
        if person.id == about.id:
            raise Invalid("peer.ask_self", person=about.slack_id)
        if not person.is_active or person.team_id != about.team_id:
            raise Invalid("feedback.inactive", person=person.slack_id)
    deadline = deadline or now + DEFAULT_DEADLINE
    if deadline <= now:
        raise Invalid("peer.deadline_past")
    row = FeedbackRequest(
        team_id=about.team_id, about_id=about.id, requester_id=requester.id, deadline=deadline, created_at=now
    )
    session.add(row)
    session.flush()
    for person in responders:
        ask = FeedbackAsk(team_id=row.team_id, request_id=row.id, responder_id=person.id, asked_at=now)
        session.add(ask)
        session.flush()
        notice = SimpleNamespace(
            id=ask.id,
            team_id=row.team_id,
            deadline=row.deadline,
            slack_id=person.slack_id,
            locale=person.locale,
            about=about.slack_id,
            requester=requester.slack_id,
            requester_tz=requester.tz,
        )
        _send_ask(session, notice, period=f"ask:{ask.id}", key="peer.ask")
    return row


def _ask_text(ask, key: str) -> str:
    return t(
        language_for(ask.locale),
        key,
        requester=mention(ask.requester),
        about=mention(ask.about),
        # The deadline's date as the requester meant it (see deadline_day), the same for everyone asked.
        deadline=ask.deadline.astimezone(_zone(ask.requester_tz)).date().isoformat(),
    )


def _send_ask(session, ask, *, period: str, key: str, text: str | None = None) -> bool:
    """`ask`: the ask's id and team, the deadline, the responder's slack_id and locale, the Slack ids of whom it
    is `about` and of the `requester`, and the requester's zone (`requester_tz`); `text`: its text if rendered
    already."""
    lang = language_for(ask.locale)
    text = text or _ask_text(ask, key)
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": t(lang, "peer.button")},
        "action_id": ANSWER_ACTION,
        "value": str(ask.id),
        "style": "primary",
    }
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}, {"type": "actions", "elements": [button]}]
    return outbox.enqueue(
        session,
        team_id=ask.team_id,
        recipient=ask.slack_id,
        kind="peer_ask",
        period=period,
        message=outbox.message(text, blocks),
    )


@cache
def _zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or "UTC")


def open_ask(session: Session, *, responder: Person, ask_id: int, now: datetime) -> tuple[FeedbackAsk, Person]:
    """The ask `responder` may answer now, and the person it is about."""
    ask = session.get(FeedbackAsk, ask_id)
    if ask is None or ask.team_id != responder.team_id or ask.responder_id != responder.id:
        raise NotFound("peer.not_found")
    row = session.get(FeedbackRequest, ask.request_id)
    if ask.answered_at is not None:
        raise Invalid("peer.already_answered")
    if now >= row.deadline:
        raise Invalid("peer.closed")
    return ask, session.get(Person, row.about_id)


def answer(
    session: Session,
    *,
    responder: Person,
    ask_id: int,
    text: str,
    kind: Kind,
    anonymous: bool,
    now: datetime,
) -> Feedback:
    """Store an answer (shared with the subject; an anonymous one only once enough people have answered)."""
    text = clean_text(text)
    ask, about = open_ask(session, responder=responder, ask_id=ask_id, now=now)
    check_subject(responder, about)
    ask.answered_at = now
    feedback = Feedback(
        team_id=ask.team_id,
        subject_id=about.id,
        author_id=responder.id,
        kind=kind,
        visibility=Visibility.SHARED,
        text=text,
        source=Source.REQUEST,
        anonymous=anonymous,
        request_id=ask.request_id,
        created_at=now,
        updated_at=now,
    )
    session.add(feedback)
    session.flush()
    return feedback


def plan_reminders(session: Session, now: datetime) -> int:
    """Remind unanswered colleagues every two days until the deadline; tell the requester when it closes.
    Each ask keeps how many reminders it has had, so only asks with one due are read: a quiet minute is one
    query for the counts in use, one that finds no ask due and one that finds no request just closed."""
    queued = _plan_asks_due(session, now)
    asked = select(func.count(FeedbackAsk.id)).where(FeedbackAsk.request_id == FeedbackRequest.id)
    answered = asked.where(FeedbackAsk.answered_at.is_not(None))
    requester, about = aliased(Person), aliased(Person)
    closed = (
        session.connection()
        .execute(
            select(
                FeedbackRequest.id,
                FeedbackRequest.team_id,
                requester.slack_id,
                requester.locale,
                about.slack_id.label("about"),
                asked.scalar_subquery().label("asked"),
                answered.scalar_subquery().label("answered"),
            )
            .join(requester, requester.id == FeedbackRequest.requester_id)
            .join(about, about.id == FeedbackRequest.about_id)
            .where(FeedbackRequest.deadline <= now, FeedbackRequest.closed_notice_sent.is_(False))
        )
        .all()
    )
    for row in closed:
        lang = language_for(row.locale)
        text = t(lang, "peer.closed_notice", about=mention(row.about), answered=row.answered or 0, asked=row.asked or 0)
        queued += outbox.enqueue(
            session,
            team_id=row.team_id,
            recipient=row.slack_id,
            kind="peer_closed",
            period=f"request:{row.id}",
            message=outbox.message(text),
        )
    if closed:
        ids = [row.id for row in closed]
        planning.later(
            session,
            update(FeedbackRequest)
            .where(planning.among(session, FeedbackRequest.id, ids))
            .values(closed_notice_sent=True),
        )
    return queued


def _plan_asks_due(session: Session, now: datetime) -> int:
    """The reminders due now: reminder n of an ask falls due n two-day periods after it was asked."""
    still_open = (
        FeedbackAsk.answered_at.is_(None),
        FeedbackAsk.request_id == FeedbackRequest.id,
        FeedbackRequest.deadline > now,
    )
    counts = select(FeedbackAsk.reminders_planned).where(*still_open).distinct()
    reminded = sorted(session.connection().execute(counts).scalars())
    if not reminded:
        return 0
    # Worked out per count in use (a handful), not per ask.
    due = or_(
        *(
            (FeedbackAsk.reminders_planned == count) & (FeedbackAsk.asked_at <= now - REMIND_EVERY * (count + 1))
            for count in reminded
        )
    )
    responder, about, requester = aliased(Person), aliased(Person), aliased(Person)
    open_asks = (
        session.connection()
        .execute(  # plain rows: thousands of asks may be due at once
            select(
                FeedbackAsk.id,
                FeedbackAsk.asked_at,
                FeedbackAsk.request_id,
                FeedbackRequest.team_id,
                FeedbackRequest.deadline,
                responder.slack_id,
                responder.locale,
                about.slack_id.label("about"),
                requester.slack_id.label("requester"),
                requester.tz.label("requester_tz"),
            )
            .join(FeedbackRequest, FeedbackRequest.id == FeedbackAsk.request_id)
            .join(responder, responder.id == FeedbackAsk.responder_id)
            .join(about, about.id == FeedbackRequest.about_id)
            .join(requester, requester.id == FeedbackRequest.requester_id)
            .where(*still_open, due, responder.is_active)
        )
        .all()
    )
    due_asks = [(ask, int((now - ask.asked_at) / REMIND_EVERY)) for ask in open_asks]
    # Nothing is looked up in the outbox first: the asks found are marked with the reminders planned, so nearly
    # every reminder is new, and one queued before its mark is skipped by the outbox's unique key.
    queued, texts, planned = 0, {}, {}
    for ask, number in due_asks:
        period = f"ask:{ask.id}:r{number}"
        planned.setdefault(number, []).append(ask.id)
        # The asks of one request share their text (per language): render it once.
        key = (ask.request_id, language_for(ask.locale))
        if key not in texts:
            texts[key] = _ask_text(ask, "peer.remind")
        queued += _send_ask(session, ask, period=period, key="peer.remind", text=texts[key])
    for number, ask_ids in sorted(planned.items()):
        for start in range(0, len(ask_ids), planning.MAX_LISTED):
            chunk = ask_ids[start : start + planning.MAX_LISTED]
            among = planning.among(session, FeedbackAsk.id, chunk)
            planning.later(session, update(FeedbackAsk).where(among).values(reminders_planned=number))
    return queued
