"""Feedback about a person: logging it (one line, modal, message shortcut) and changing it; what pages read is in
feedback_reads.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.delivery import outbox
from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.text import escape, mention
from storage.db import Database
from storage.feedback import Feedback, Kind, Source, Visibility, insert_once, withdraw
from storage.org import Person

# Slack shows at most 3,000 characters in a section; longer feedback could never be shown whole.
MAX_TEXT = 3000
# The author may edit or delete within this time; a shared note reaches its subject once it is over.
GRACE = access.FEEDBACK_GRACE
SHARED_NOTICE = "feedback_shared"

_WORDS = {
    "praise": ("kind", Kind.PRAISE),
    "coaching": ("kind", Kind.COACHING),
    "private": ("visibility", Visibility.PRIVATE),
    "shared": ("visibility", Visibility.SHARED),
    "表扬": ("kind", Kind.PRAISE),
    "辅导": ("kind", Kind.COACHING),
    "私密": ("visibility", Visibility.PRIVATE),
    "私下": ("visibility", Visibility.PRIVATE),
    "共享": ("visibility", Visibility.SHARED),
    "公开": ("visibility", Visibility.SHARED),
}
_FLAG = re.compile(r"^(?:--?)?(\w+):?$")

# Goals are another feature: the composition root passes their lookup, (session, viewer, person) -> that person's
# goals the viewer may see, as [(goal id, title)]. Feedback offers them in its modal and accepts only those ids.
GoalLookup = Callable[[Session, Person, Person], list[tuple[int, str]]]


@dataclass(frozen=True)
class OneLiner:
    """`/feedback` text split into the words that choose kind and visibility, and the feedback itself."""

    kind: Kind
    visibility: Visibility
    text: str


def parse_words(text: str) -> OneLiner:
    """Leading words or flags (`praise`, `--coaching`, `shared:` …) in any order, then the text."""
    kind, visibility = Kind.PRAISE, Visibility.PRIVATE
    rest = text.strip()
    while rest:
        word, _, tail = rest.partition(" ")
        match = _FLAG.match(word.lower())
        chosen = _WORDS.get(match.group(1)) if match else None
        if chosen is None:
            break
        if chosen[0] == "kind":
            kind = chosen[1]
        else:
            visibility = chosen[1]
        rest = tail.strip()
    return OneLiner(kind=kind, visibility=visibility, text=rest)


def clean_text(text: str | None, *, field: str = "text") -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise Invalid("feedback.empty_text", field=field)
    if len(cleaned) > MAX_TEXT:
        raise Invalid("feedback.too_long", field=field, limit=MAX_TEXT, length=len(cleaned))
    return cleaned


def check_subject(author: Person, subject: Person, *, field: str = "subject") -> None:
    if subject.team_id != author.team_id:
        raise NotFound("org.unknown_person", field=field, person=subject.slack_id)
    if subject.id == author.id:
        raise Invalid("feedback.self", field=field)
    if not subject.is_active:
        raise Invalid("feedback.inactive", field=field, person=subject.slack_id)


def _no_goals(session: Session, viewer: Person, person: Person) -> list[tuple[int, str]]:
    return []


def log(
    session: Session,
    *,
    author: Person,
    subject: Person,
    text: str,
    kind: Kind,
    visibility: Visibility,
    now: datetime,
    source: Source = Source.COMMAND,
    goal_id: int | None = None,
    permalink: str | None = None,
    company_value: str | None = None,
    client_key: str | None = None,
    goal_choices: GoalLookup | None = None,
) -> Feedback:
    """Store feedback; a shared note is announced to its subject when the grace period is over.
    A linked goal must be one of `goal_choices(author, subject)`."""
    check_subject(author, subject)
    values = _note(author, subject, text, kind, visibility, now, client_key=client_key)
    allowed_goals = {goal for goal, _ in (goal_choices or _no_goals)(session, author, subject)} if goal_id else set()
    if goal_id is not None and goal_id not in allowed_goals:
        raise Invalid("feedback.unknown_goal", field="goal")
    feedback, new = insert_once(
        session, **values, source=source, goal_id=goal_id, permalink=permalink, company_value=company_value
    )
    if not new:  # a repeated submission: the first is kept as it was
        return _first(feedback)
    if visibility == Visibility.SHARED and source != Source.KUDOS:
        _schedule_notice(session, feedback, subject, author, not_before=now + GRACE)
    return feedback


def record(
    db: Database,
    *,
    author: Person,
    subject: Person,
    text: str,
    kind: Kind,
    visibility: Visibility,
    now: datetime,
    client_key: str,
) -> Feedback:
    """`log` a one-liner about someone already known, in as few round trips as it can be stored: a private note
    (nobody is told) is one statement that commits on its own; a shared one is stored with its notice in one
    transaction. Either way it is stored durably when this returns."""
    if visibility == Visibility.SHARED:
        with db.session() as session:
            return log(
                session,
                author=author,
                subject=subject,
                text=text,
                kind=kind,
                visibility=visibility,
                now=now,
                client_key=client_key,
            )
    check_subject(author, subject)
    with db.single_write() as connection:
        note, _ = insert_once(connection, **_note(author, subject, text, kind, visibility, now, client_key=client_key))
    return _first(note)


def _first(note: Feedback | None) -> Feedback:
    """What a repeated submission gets: the first note, kept as it was; a deleted one is not stored again."""
    if note is None:
        raise Invalid("feedback.withdrawn")
    return note


def _note(
    author: Person,
    subject: Person,
    text: str,
    kind: Kind,
    visibility: Visibility,
    now: datetime,
    *,
    client_key: str | None,
) -> dict[str, Any]:
    """A note's own columns: who wrote it about whom, what it says (cleaned), its kind, who sees it, and when."""
    return {
        "team_id": author.team_id,
        "subject_id": subject.id,
        "author_id": author.id,
        "kind": kind,
        "visibility": visibility,
        "text": clean_text(text),
        "client_key": client_key,
        "created_at": now,
        "updated_at": now,
    }


def _notice_period(feedback: Feedback) -> str:
    return f"feedback:{feedback.id}"


def _schedule_notice(session: Session, feedback: Feedback, subject: Person, author: Person, not_before) -> None:
    lang = language_for(subject.locale)
    key = "feedback.notice.praise" if feedback.kind == Kind.PRAISE else "feedback.notice.coaching"
    by = t(lang, "feedback.anonymous_author") if feedback.anonymous else mention(author.slack_id)
    text = t(lang, key, author=by, text=escape(feedback.text))
    queued = outbox.enqueue(
        session,
        team_id=feedback.team_id,
        recipient=subject.slack_id,
        kind=SHARED_NOTICE,
        period=_notice_period(feedback),
        message=outbox.message(text),
        not_before=not_before,
    )
    if not queued:  # shared again after being made private: revive the dropped notice
        outbox.revive(
            session,
            team_id=feedback.team_id,
            kind=SHARED_NOTICE,
            period=_notice_period(feedback),
            message=outbox.message(text),
            not_before=not_before,
        )


def _drop_notice(session: Session, feedback: Feedback) -> None:
    outbox.cancel(session, team_id=feedback.team_id, kind=SHARED_NOTICE, period=_notice_period(feedback))


def get_own(session: Session, actor: Person, feedback_id: int) -> Feedback:
    feedback = session.get(Feedback, feedback_id)
    if feedback is None or feedback.team_id != actor.team_id:
        raise NotFound("feedback.not_found")
    if not access.can_change_feedback(actor, feedback):
        raise Forbidden("feedback.not_yours")
    return feedback


def within_grace(feedback: Feedback, now: datetime) -> None:
    if now > feedback.created_at + GRACE:
        raise Invalid("feedback.grace_over", minutes=int(GRACE.total_seconds() // 60))


def edit(session: Session, *, actor: Person, feedback_id: int, text: str, now: datetime) -> Feedback:
    feedback = get_own(session, actor, feedback_id)
    within_grace(feedback, now)
    feedback.text = clean_text(text)
    feedback.updated_at = now
    if feedback.visibility == Visibility.SHARED and feedback.source != Source.KUDOS:
        subject, author = session.get(Person, feedback.subject_id), session.get(Person, feedback.author_id)
        _drop_notice(session, feedback)
        _schedule_notice(session, feedback, subject, author, not_before=feedback.created_at + GRACE)
    return feedback


def set_visibility(
    session: Session, *, actor: Person, feedback_id: int, visibility: Visibility, now: datetime
) -> Feedback:
    feedback = get_own(session, actor, feedback_id)
    if feedback.source in (Source.KUDOS, Source.REQUEST):
        raise Invalid("feedback.visibility_fixed")
    if feedback.visibility == visibility:
        return feedback
    feedback.visibility = visibility
    feedback.updated_at = now
    if visibility == Visibility.SHARED:
        subject, author = session.get(Person, feedback.subject_id), session.get(Person, feedback.author_id)
        _schedule_notice(session, feedback, subject, author, not_before=max(now, feedback.created_at + GRACE))
    else:
        _drop_notice(session, feedback)
    return feedback


def delete(session: Session, *, actor: Person, feedback_id: int, now: datetime) -> None:
    feedback = get_own(session, actor, feedback_id)
    within_grace(feedback, now)
    _drop_notice(session, feedback)
    withdraw(session, feedback, now)
