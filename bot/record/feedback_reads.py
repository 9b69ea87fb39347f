"""What pages about feedback read: the notes about a person that a viewer may see, with their authors, in a
bounded number of statements; and the notes a person gave."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, union
from sqlmodel import Session, func, select

from bot.errors import Forbidden, NotFound
from bot.org import access, directory
from storage.db import read_memo
from storage.feedback import Feedback
from storage.org import Person


@dataclass(frozen=True)
class Shown:
    """One feedback as a given viewer may see it: the author is None when it must stay anonymous."""

    feedback: Feedback | Note  # pages only read it: plain values with a Feedback's attribute names will do
    author: Person | None
    held_back: bool  # anonymous and hidden from its subject until the request has enough answers


def shown_to(session: Session, viewer: Person, feedback: Feedback) -> Shown:
    author = session.get(Person, feedback.author_id) if access.shows_feedback_author(viewer, feedback) else None
    return Shown(feedback, author, access.anonymous_held_back(session, feedback))


# Pages about a person ask these on every open: built once.
_FEEDBACK = Feedback.__table__
_ANSWERS = _FEEDBACK.alias("answers")
# Whether an anonymous answer is held back depends on how many anonymous answers its request has: each such
# row comes with that count, so a page is one query however many requests it shows.
_ANONYMOUS_ANSWERS = case(
    (
        and_(_FEEDBACK.c.anonymous, _FEEDBACK.c.request_id.is_not(None)),
        select(func.count())
        .select_from(_ANSWERS)
        .where(
            _ANSWERS.c.request_id == _FEEDBACK.c.request_id,
            _ANSWERS.c.subject_id == _FEEDBACK.c.subject_id,
            _ANSWERS.c.anonymous,
        )
        .correlate(_FEEDBACK)
        .scalar_subquery(),
    )
).label("anonymous_answers")
# Plain rows: a page only reads them, and they load several times faster than Feedback objects. Not when a note was
# last edited, nor the key that made its logging idempotent: no page shows them, and a timestamp costs more to
# load than the rest of a row.
_SHOWN_COLUMNS = [column for column in _FEEDBACK.c if column.name not in ("updated_at", "client_key")]
_ABOUT = select(*_SHOWN_COLUMNS, _ANONYMOUS_ANSWERS).where(
    _FEEDBACK.c.team_id == bindparam("team_id"), _FEEDBACK.c.subject_id == bindparam("subject_id")
)
# A note as a page holds it: a named tuple with those of a Feedback's attribute names (and its request's anonymous
# answers). A page reads each note's fields a dozen times, and a Row's attribute access costs eight times a tuple's.
Note = namedtuple("Note", _ABOUT.selected_columns.keys())
_OLDEST_FIRST = _ABOUT.order_by(_FEEDBACK.c.anonymous, _FEEDBACK.c.created_at, _FEEDBACK.c.id).execution_options(
    yield_per=50
)
_NEWEST_FIRST = _ABOUT.order_by(_FEEDBACK.c.anonymous.desc(), _FEEDBACK.c.created_at.desc(), _FEEDBACK.c.id.desc())
_LATEST = _NEWEST_FIRST.limit(bindparam("limit"))
_ALL_NEWEST_FIRST = _NEWEST_FIRST.execution_options(yield_per=50)
# A page of the latest notes about oneself reads this many more than it shows: a few the subject may not see (not
# shared with them yet, or held back) still leave it enough without reading on.
LATEST_SPARE = 5


def about(
    session: Session, *, viewer: Person, subject: Person, now: datetime, latest: int | None = None
) -> list[Shown]:
    """Everything about `subject` that `viewer` may see at `now`, oldest first (anonymous answers undated, last);
    with `latest`, only the last that many. Two queries (three when the latest are mostly hidden from the viewer),
    however many notes."""
    if subject.team_id != viewer.team_id:
        raise NotFound("org.unknown_person", person=subject.slack_id)
    line_or_hr = viewer.id != subject.id
    if line_or_hr and not access.is_line_or_hr(session, viewer, subject):
        raise Forbidden("feedback.not_in_line", person=subject.slack_id)
    about_subject = {"team_id": subject.team_id, "subject_id": subject.id}
    session.flush()  # a plain statement is not preceded by the session's autoflush
    connection = session.connection()

    def visible(rows, enough: int | None) -> list[tuple[Note, bool]]:
        found = []
        for row in map(Note._make, rows):
            held_back = _held_back(row)
            if access.can_see_feedback_about(viewer, row, now, line_or_hr=line_or_hr, held_back=held_back):
                found.append((row, held_back))
                if len(found) == enough:
                    break
        return found

    if latest is None:
        with connection.execute(_OLDEST_FIRST, about_subject) as rows:
            found = visible(rows, None)
    else:
        # The latest few are usually among the first few rows: read with a LIMIT, in one round trip (a streamed
        # read on PostgreSQL costs four more). Only when too few of those are the viewer's to see are they all
        # read again, streamed, until enough are found. The line and HR see every note: no spare rows for them.
        limit = latest if line_or_hr else latest + LATEST_SPARE
        first = connection.execute(_LATEST, {**about_subject, "limit": limit}).all()
        found = visible(first, latest)
        if len(found) < latest and len(first) == limit:
            with connection.execute(_ALL_NEWEST_FIRST, about_subject) as rows:
                found = visible(rows, latest)
        found.reverse()
    return _with_authors(session, viewer, found)


def _held_back(note: Note) -> bool:
    """`access.anonymous_held_back`, from the request's anonymous answers read with the note."""
    answers = note.anonymous_answers
    return access.held_back_given(note, {note.request_id: answers} if answers is not None else {})


def _with_authors(session: Session, viewer: Person, found: list[tuple[Note, bool]]) -> list[Shown]:
    """The notes found (each with whether it is held back), as the viewer sees them: authors read in one query."""
    author_ids = [row.author_id if access.shows_feedback_author(viewer, row) else None for row, _ in found]
    authors = directory.by_ids(session, set(author_ids) - {None})
    return [
        Shown(row, authors.get(author_id), held_back)
        for (row, held_back), author_id in zip(found, author_ids, strict=True)
    ]


# The App Home's read of the feedback about the person opening it: the newest notes (the dashboard counts those
# they may see) and the newest anonymous answers (the feedback section shows them first), in one statement.
RECEIVED_LOOKED_AT = 50
_ANONYMOUS_LOOKED_AT = 10
_RECENT = _FEEDBACK.alias("recent")
_NEWEST_IDS = (
    select(_RECENT.c.id)
    .where(_RECENT.c.team_id == bindparam("team_id"), _RECENT.c.subject_id == bindparam("subject_id"))
    .order_by(_RECENT.c.created_at.desc(), _RECENT.c.id.desc())
)
_NEWEST = _NEWEST_IDS.limit(RECEIVED_LOOKED_AT).subquery("newest")
_NEWEST_ANONYMOUS = _NEWEST_IDS.where(_RECENT.c.anonymous).limit(_ANONYMOUS_LOOKED_AT).subquery("newest_anonymous")
_RECEIVED = (
    select(*_SHOWN_COLUMNS, _ANONYMOUS_ANSWERS)
    # One list of ids, not two IN tests joined by OR: PostgreSQL would scan the whole table for that.
    .where(_FEEDBACK.c.id.in_(union(select(_NEWEST.c.id), select(_NEWEST_ANONYMOUS.c.id))))
    .order_by(_FEEDBACK.c.created_at.desc(), _FEEDBACK.c.id.desc())
)


def received(session: Session, person: Person, *, now: datetime, latest: int) -> tuple[list[Shown], list[Note]]:
    """For the person's own App Home: `about(viewer=person, subject=person, latest=latest)`, and the notes they
    may see among the RECEIVED_LOOKED_AT newest about them (newest first). The notes are read once per read
    transaction, whichever section asks first; `about` is asked only when they do not hold the latest few."""
    about_person = {"team_id": person.team_id, "subject_id": person.id}

    def load() -> list[Note]:
        session.flush()  # a plain statement is not preceded by the session's autoflush
        return list(map(Note._make, session.connection().execute(_RECEIVED, about_person)))

    rows = read_memo(session, ("feedback received", person.id), load)
    held_back = {row.id: _held_back(row) for row in rows}
    may_see = {
        row.id
        for row in rows
        if access.can_see_feedback_about(person, row, now, line_or_hr=False, held_back=held_back[row.id])
    }
    seen = [row for row in rows[:RECEIVED_LOOKED_AT] if row.id in may_see]
    # `about`'s order: anonymous answers first, each part newest first. Each part read is its newest rows, and
    # the whole of it when fewer than its limit were read.
    anonymous = [row for row in rows if row.anonymous]
    named = [row for row in rows if not row.anonymous]
    found: list[Note] = []
    for part, whole in ((anonymous, len(anonymous) < _ANONYMOUS_LOOKED_AT), (named, len(rows) < RECEIVED_LOOKED_AT)):
        found += [row for row in part if row.id in may_see][: latest - len(found)]
        if len(found) < latest and not whole:
            return about(session, viewer=person, subject=person, now=now, latest=latest), seen
    found.reverse()
    return _with_authors(session, person, [(row, held_back[row.id]) for row in found]), seen


def given_by(session: Session, author: Person) -> list[Feedback]:
    return list(
        session.exec(
            select(Feedback)
            .where(Feedback.team_id == author.team_id, Feedback.author_id == author.id)
            .order_by(Feedback.created_at, Feedback.id)
        )
    )
