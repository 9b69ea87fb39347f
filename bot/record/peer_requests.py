"""Peer feedback requests: ask colleagues about someone, remind them until the deadline, store answers."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.delivery import outbox
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
        _send_ask(session, ask, row, person, about, requester, period=f"ask:{ask.id}", key="peer.ask")
    return row


def _send_ask(session, ask, row, responder, about, requester, *, period: str, key: str) -> bool:
    lang = language_for(responder.locale)
    text = t(
        lang,
        key,
        requester=mention(requester.slack_id),
        about=mention(about.slack_id),
        deadline=deadline_day(row, requester).isoformat(),
    )
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
        team_id=row.team_id,
        recipient=responder.slack_id,
        kind="peer_ask",
        period=period,
        message=outbox.message(text, blocks),
    )


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
    """Remind unanswered colleagues every two days until the deadline; tell the requester when it closes."""
    queued = 0
    open_asks = session.exec(
        select(FeedbackAsk, FeedbackRequest)
        .join(FeedbackRequest, FeedbackRequest.id == FeedbackAsk.request_id)
        .where(FeedbackAsk.answered_at.is_(None), FeedbackRequest.deadline > now)
    )
    for ask, row in open_asks:
        round_ = int((now - ask.asked_at) / REMIND_EVERY)
        if round_ < 1:
            continue
        responder = session.get(Person, ask.responder_id)
        if not responder.is_active:
            continue
        about, requester = session.get(Person, row.about_id), session.get(Person, row.requester_id)
        queued += _send_ask(
            session, ask, row, responder, about, requester, period=f"ask:{ask.id}:r{round_}", key="peer.remind"
        )
    closed = session.exec(
        select(FeedbackRequest).where(FeedbackRequest.deadline <= now, FeedbackRequest.closed_notice_sent.is_(False))
    )
    for row in closed:
        row.closed_notice_sent = True
        requester, about = session.get(Person, row.requester_id), session.get(Person, row.about_id)
        asked = session.exec(select(FeedbackAsk).where(FeedbackAsk.request_id == row.id)).all()
        lang = language_for(requester.locale)
        text = t(
            lang,
            "peer.closed_notice",
            about=mention(about.slack_id),
            answered=sum(1 for ask in asked if ask.answered_at),
            asked=len(asked),
        )
        queued += outbox.enqueue(
            session,
            team_id=row.team_id,
            recipient=requester.slack_id,
            kind="peer_closed",
            period=f"request:{row.id}",
            message=outbox.message(text),
        )
    return queued
