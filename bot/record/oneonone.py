"""One-to-ones: the running agenda of a manager–report pair, its notes, action items and cadence."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import and_, bindparam
from sqlalchemy.engine import Row
from sqlmodel import Session, func, select

from bot.delivery import outbox
from bot.errors import Forbidden, Invalid, NotFound
from bot.i18n import language_for, t
from bot.org import access
from bot.record.feedback import MAX_TEXT
from bot.text import escape, mention
from storage.oneonone import AgendaItem, ItemKind, Meeting, OneOnOne
from storage.org import Person

MAX_CADENCE_DAYS = 90
DONE_ACTION = "oneonone_action_done"


# A one-to-one page asks these on every open: built once.
_THE_PAIR = (
    OneOnOne.team_id == bindparam("team_id"),
    OneOnOne.manager_id == bindparam("manager_id"),
    OneOnOne.report_id == bindparam("report_id"),
)
_PAIR = select(OneOnOne).where(*_THE_PAIR)
_OPEN_MEETING = (
    select(Meeting).where(Meeting.pair_id == bindparam("pair_id"), Meeting.held_at.is_(None)).order_by(Meeting.number)
)
_PAIRS, _MEETINGS, _ITEM_ROWS = OneOnOne.__table__, Meeting.__table__, AgendaItem.__table__
# A page only reads a meeting's items: named tuples with an AgendaItem's attribute names load several times faster
# than objects, and read their fields eight times faster than SQLAlchemy's rows.
_ITEMS = select(*_ITEM_ROWS.c).where(_ITEM_ROWS.c.meeting_id == bindparam("meeting_id")).order_by(_ITEM_ROWS.c.id)
Item = namedtuple("Item", _ITEM_ROWS.c.keys())
_OPEN = _MEETINGS.alias("open_meeting")
_NEXT_NUMBER = (  # the pair's next meeting: the first not held yet
    select(func.min(_OPEN.c.number))
    .where(_OPEN.c.pair_id == _PAIRS.c.id, _OPEN.c.held_at.is_(None))
    .correlate(_PAIRS)
    .scalar_subquery()
)
# All a page that only reads shows, in one query: the pair, its next meeting and that meeting's items, a row per
# item (one row without items). Plain values, not objects: a page only reads them, and loading them costs a third
# less. Each table's columns come in turn, prefixed with its name.
_PAIR_PAGE = (
    select(*[column.label(f"pair_{column.name}") for column in _PAIRS.c])
    .add_columns(*[column.label(f"meeting_{column.name}") for column in _MEETINGS.c])
    .add_columns(*[column.label(f"item_{column.name}") for column in _ITEM_ROWS.c])
    .select_from(
        _PAIRS.outerjoin(
            _MEETINGS, and_(_MEETINGS.c.pair_id == _PAIRS.c.id, _MEETINGS.c.number == _NEXT_NUMBER)
        ).outerjoin(_ITEM_ROWS, _ITEM_ROWS.c.meeting_id == _MEETINGS.c.id)
    )
    .where(*_THE_PAIR)
    .order_by(_ITEM_ROWS.c.id)
)
_MEETING_AT, _ITEM_AT = len(_PAIRS.c), len(_PAIRS.c) + len(_MEETINGS.c)


def find_pair(session: Session, actor: Person, other: Person) -> OneOnOne | None:
    """The pair of `actor` and `other` (one manages the other directly), or None before its first use."""
    manager, report = _manager_and_report(actor, other)
    return session.exec(
        _PAIR, params={"team_id": actor.team_id, "manager_id": manager.id, "report_id": report.id}
    ).first()


def find_pair_and_open_meeting(
    session: Session, actor: Person, other: Person
) -> tuple[SimpleNamespace | None, SimpleNamespace | None, list[Item]]:
    """`find_pair`, that pair's `open_meeting` and its items, in one query: what a page that only reads shows.
    Plain values with a OneOnOne's and a Meeting's attribute names, and Items: they are only read."""
    manager, report = _manager_and_report(actor, other)
    params = {"team_id": actor.team_id, "manager_id": manager.id, "report_id": report.id}
    session.flush()  # a plain statement is not preceded by the session's autoflush
    rows = session.connection().execute(_PAIR_PAGE, params).all()
    if not rows:
        return None, None, []
    first = rows[0]
    pair = SimpleNamespace(**dict(zip(_PAIRS.c.keys(), first[:_MEETING_AT], strict=True)))
    if first.meeting_id is None:
        return pair, None, []
    meeting = SimpleNamespace(**dict(zip(_MEETINGS.c.keys(), first[_MEETING_AT:_ITEM_AT], strict=True)))
    return pair, meeting, [Item._make(row[_ITEM_AT:]) for row in rows if row.item_id is not None]


def pair_for(session: Session, actor: Person, other: Person) -> OneOnOne:
    """The pair of `actor` and `other` (one manages the other directly), created on first use."""
    pair = find_pair(session, actor, other)
    if pair is None:
        manager, report = _manager_and_report(actor, other)
        pair = OneOnOne(team_id=actor.team_id, manager_id=manager.id, report_id=report.id)
        session.add(pair)
        session.flush()
    return pair


def _manager_and_report(actor: Person, other: Person) -> tuple[Person, Person]:
    if other.team_id != actor.team_id:
        raise NotFound("org.unknown_person", person=other.slack_id)
    if other.id == actor.id:
        raise Invalid("oneonone.self")
    if other.manager_id == actor.id:
        return actor, other
    if actor.manager_id == other.id:
        return other, actor
    raise Invalid("oneonone.not_a_pair", person=other.slack_id)


def people_of(session: Session, pair: OneOnOne) -> tuple[Person, Person]:
    return session.get(Person, pair.manager_id), session.get(Person, pair.report_id)


def open_meeting(session: Session, pair: OneOnOne) -> Meeting | None:
    """The pair's next meeting, not held yet, or None before it is first needed."""
    return session.exec(_OPEN_MEETING, params={"pair_id": pair.id}).first()


def current_meeting(session: Session, pair: OneOnOne) -> Meeting:
    meeting = open_meeting(session, pair)
    if meeting is None:
        last = session.exec(select(Meeting).where(Meeting.pair_id == pair.id).order_by(Meeting.number.desc())).first()
        meeting = Meeting(team_id=pair.team_id, pair_id=pair.id, number=(last.number + 1) if last else 1)
        session.add(meeting)
        session.flush()
    return meeting


def _require_member(actor: Person, pair: OneOnOne) -> None:
    if actor.id not in (pair.manager_id, pair.report_id):
        raise Forbidden("oneonone.not_member")


def add_item(
    session: Session,
    *,
    actor: Person,
    pair: OneOnOne,
    kind: ItemKind,
    text: str,
    now: datetime,
    owner: Person | None = None,
    due: date | None = None,
) -> AgendaItem:
    """Add a talking point (the other side is told), a note, or an action item (owner: one of the pair)."""
    _require_member(actor, pair)
    text = (text or "").strip()
    if not text:
        raise Invalid(f"oneonone.empty.{kind}", field="text")
    if len(text) > MAX_TEXT:
        raise Invalid("feedback.too_long", field="text", limit=MAX_TEXT, length=len(text))
    if kind == ItemKind.ACTION:
        owner = owner or actor
        if owner.id not in (pair.manager_id, pair.report_id):
            raise Invalid("oneonone.owner_outside", person=owner.slack_id)
    meeting = current_meeting(session, pair)
    item = AgendaItem(
        team_id=pair.team_id,
        meeting_id=meeting.id,
        origin_meeting_id=meeting.id,
        kind=kind,
        author_id=actor.id,
        text=text,
        owner_id=owner.id if owner else None,
        due=due if kind == ItemKind.ACTION else None,
        created_at=now,
    )
    session.add(item)
    session.flush()
    if kind == ItemKind.TALKING_POINT:
        other_id = pair.report_id if actor.id == pair.manager_id else pair.manager_id
        other = session.get(Person, other_id)
        lang = language_for(other.locale)
        outbox.enqueue(
            session,
            team_id=pair.team_id,
            recipient=other.slack_id,
            kind="oneonone_point",
            period=f"point:{item.id}",
            message=outbox.message(t(lang, "oneonone.point_added", person=mention(actor.slack_id), text=escape(text))),
        )
    return item


def complete_action(session: Session, *, actor: Person, item_id: int, now: datetime) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.team_id != actor.team_id or item.kind != ItemKind.ACTION:
        raise NotFound("oneonone.item_not_found")
    meeting = session.get(Meeting, item.meeting_id)
    _require_member(actor, session.get(OneOnOne, meeting.pair_id))
    item.done_at = item.done_at or now
    return item


def hold(session: Session, *, actor: Person, pair: OneOnOne, now: datetime) -> Meeting:
    """Close the running agenda as held; open action items carry over to the next meeting."""
    _require_member(actor, pair)
    meeting = current_meeting(session, pair)
    meeting.held_at = now
    following = Meeting(
        team_id=pair.team_id,
        pair_id=pair.id,
        number=meeting.number + 1,
        scheduled_for=now + timedelta(days=pair.cadence_days) if pair.cadence_days else None,
    )
    session.add(following)
    session.flush()
    for item in session.exec(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.kind == ItemKind.ACTION, AgendaItem.done_at.is_(None)
        )
    ):
        item.meeting_id = following.id
    return following


def set_cadence(session: Session, *, actor: Person, pair: OneOnOne, days: int, now: datetime) -> Meeting:
    _require_member(actor, pair)
    if not 1 <= days <= MAX_CADENCE_DAYS:
        raise Invalid("oneonone.cadence_usage")
    pair.cadence_days = days
    meeting = current_meeting(session, pair)
    meeting.scheduled_for = meeting.scheduled_for or now + timedelta(days=days)
    return meeting


@dataclass
class Agenda:
    pair: OneOnOne | SimpleNamespace  # or plain values with its attribute names (see find_pair_and_open_meeting)
    manager: Person
    report: Person
    meeting: Meeting | SimpleNamespace
    # AgendaItems, or plain values with their attribute names: an agenda is only shown
    points: list[AgendaItem | Item]
    notes: list[AgendaItem | Item]
    actions: list[AgendaItem | Item]  # open ones carried over first, then this meeting's
    carried: set[int]


def agenda(session: Session, *, viewer: Person, pair: OneOnOne) -> Agenda:
    """What the viewer may see of the pair's next meeting (created when first needed)."""
    manager, report = _seen_by(session, viewer, pair)
    return _agenda_at(session, pair, manager, report, current_meeting(session, pair))


def open_agenda(session: Session, *, viewer: Person, pair: OneOnOne) -> Agenda | None:
    """`agenda` without writing: None while the pair has no next meeting yet."""
    manager, report = _seen_by(session, viewer, pair)
    meeting = open_meeting(session, pair)
    return None if meeting is None else _agenda_at(session, pair, manager, report, meeting)


def agenda_of(
    session: Session,
    *,
    viewer: Person,
    pair: SimpleNamespace,
    meeting: SimpleNamespace,
    items: list[Item],
    people: tuple[Person, Person],
) -> Agenda:
    """What the viewer may see of the pair's next meeting, as `find_pair_and_open_meeting` read it for `people`
    (the pair's two, at hand: not looked up again)."""
    by_id = {person.id: person for person in people}
    manager, report = by_id[pair.manager_id], by_id[pair.report_id]
    if not access.can_see_one_on_one(session, viewer, manager, report):
        raise Forbidden("oneonone.not_allowed")
    return agenda_from(pair, manager, report, meeting, items)


def _seen_by(session: Session, viewer: Person, pair: OneOnOne) -> tuple[Person, Person]:
    manager, report = people_of(session, pair)
    if not access.can_see_one_on_one(session, viewer, manager, report):
        raise Forbidden("oneonone.not_allowed")
    return manager, report


def _agenda_at(session: Session, pair: OneOnOne, manager: Person, report: Person, meeting: Meeting) -> Agenda:
    session.flush()  # a plain statement is not preceded by the session's autoflush
    items = list(map(Item._make, session.connection().execute(_ITEMS, {"meeting_id": meeting.id})))
    return agenda_from(pair, manager, report, meeting, items)


def agenda_from(
    pair: OneOnOne, manager: Person, report: Person, meeting: Meeting, items: list[AgendaItem] | list[Item] | list[Row]
) -> Agenda:
    actions = [i for i in items if i.kind == ItemKind.ACTION]
    return Agenda(
        pair=pair,
        manager=manager,
        report=report,
        meeting=meeting,
        points=[i for i in items if i.kind == ItemKind.TALKING_POINT],
        notes=[i for i in items if i.kind == ItemKind.NOTE],
        actions=actions,
        carried={i.id for i in actions if i.origin_meeting_id != meeting.id},
    )


_OPEN_ACTIONS = (
    select(AgendaItem)
    .where(
        AgendaItem.team_id == bindparam("team_id"),
        AgendaItem.owner_id == bindparam("owner_id"),
        AgendaItem.kind == ItemKind.ACTION,
        AgendaItem.done_at.is_(None),
    )
    .order_by(AgendaItem.due.is_(None), AgendaItem.due, AgendaItem.id)
    .limit(bindparam("limit"))
)


def open_actions_of(session: Session, owner: Person, limit: int = 5) -> list[AgendaItem]:
    """The person's open one-to-one action items, soonest due first."""
    return list(session.exec(_OPEN_ACTIONS, params={"team_id": owner.team_id, "owner_id": owner.id, "limit": limit}))


def history(
    session: Session, *, viewer: Person, pair: OneOnOne | SimpleNamespace, limit: int = 5
) -> list[tuple[Meeting, list]]:
    """The last held meetings, newest first, each with its talking points, notes and the actions closed there."""
    manager, report = people_of(session, pair)
    if not access.can_see_one_on_one(session, viewer, manager, report):
        raise Forbidden("oneonone.not_allowed")
    held = session.exec(
        select(Meeting)
        .where(Meeting.pair_id == pair.id, Meeting.held_at.is_not(None))
        .order_by(Meeting.number.desc())
        .limit(limit)
    )
    return [
        (
            meeting,
            list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.id))),
        )
        for meeting in held
    ]


def history_text(meetings: list[tuple[Meeting, list]], lang: str) -> str:
    lines = [f"*{t(lang, 'oneonone.history')}*"]
    for meeting, items in meetings:
        lines.append(t(lang, "oneonone.held_on", number=meeting.number, when=meeting.held_at.strftime("%Y-%m-%d")))
        for item in items:
            mark = {"talking_point": "💬", "note": "📝", "action": "✅" if item.done_at else "☐"}[item.kind]
            lines.append(f"{mark} {escape(item.text)}")
    if not meetings:
        lines.append(t(lang, "oneonone.none"))
    return "\n".join(lines)


def agenda_text(view: Agenda, lang: str) -> str:
    """The agenda as plain mrkdwn (for the DM a day before and as the fallback text)."""
    none = t(lang, "oneonone.none")
    when = view.meeting.scheduled_for.strftime("%Y-%m-%d") if view.meeting.scheduled_for else none
    lines = [t(lang, "oneonone.title", manager=mention(view.manager.slack_id), report=mention(view.report.slack_id))]
    lines.append(t(lang, "oneonone.when", number=view.meeting.number, when=when))
    lines.append(f"*{t(lang, 'oneonone.points')}*")
    lines += [f"• {escape(i.text)}" for i in view.points] or [none]
    lines.append(f"*{t(lang, 'oneonone.actions')}*")
    for item in view.actions:
        mark = "✅" if item.done_at else "☐"
        carried = f" _{t(lang, 'oneonone.carried')}_" if item.id in view.carried else ""
        due = f" ({item.due.isoformat()})" if item.due else ""
        owner = f" <@{_slack(view, item.owner_id)}>" if item.owner_id else ""
        lines.append(f"{mark} {escape(item.text)}{owner}{due}{carried}")
    if not view.actions:
        lines.append(none)
    lines.append(f"*{t(lang, 'oneonone.notes')}*")
    lines += [f"• {escape(i.text)}" for i in view.notes] or [none]
    return "\n".join(lines)


def _slack(view: Agenda, person_id: int) -> str:
    return view.manager.slack_id if person_id == view.manager.id else view.report.slack_id
