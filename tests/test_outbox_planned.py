"""Storage: what a planning pass queued is inserted once, counted right and read back as it was planned."""

from datetime import UTC, datetime

from sqlmodel import select

from bot.delivery import outbox
from storage.org import Workspace
from storage.outbox import Delivery
from storage.types import utcnow

EXPIRES = datetime(2027, 2, 5, 20, 0, tzinfo=UTC)


def planned(db, recipients: list[str], message: dict) -> list[dict]:
    rows: list[dict] = []
    with db.read() as session:
        session.info[outbox.PLANNED] = rows
        for recipient in recipients:
            outbox.enqueue(
                session, team_id="T1", recipient=recipient, kind="checkin.prompt", period="2027-02-05",
                message=message, expires_at=EXPIRES,
            )  # fmt: skip
    return rows


def encoded(db, recipients: list[str], message: dict) -> list:
    return outbox.encode_planned(db.engine.dialect, planned(db, recipients, message))


def test_planned_rows_are_inserted_once_and_only_new_ones_are_counted(db):
    with db.session() as session:
        session.add(Workspace(team_id="T1"))
    shared = {"text": "Check-in for 2027-W05 <@U1>", "blocks": [{"type": "section", "text": "本周签到"}]}
    before = utcnow()
    with db.session() as session:
        assert outbox.insert_encoded(session, encoded(db, ["U1", "U2"], shared)) == 2
    with db.session() as session:  # a retried tick: U1 and U2 are queued already, U3 is new
        assert outbox.insert_encoded(session, encoded(db, ["U1", "U2", "U3"], shared)) == 1
    with db.read() as session:
        rows = list(session.exec(select(Delivery).order_by(Delivery.recipient)))
    assert [row.recipient for row in rows] == ["U1", "U2", "U3"]
    assert all(row.message == shared for row in rows)
    assert {(row.expires_at, row.not_before, row.status, row.anonymous) for row in rows} == {
        (EXPIRES, outbox.AS_SOON_AS_POSSIBLE, "pending", False)
    }
    assert all(before <= row.created_at <= utcnow() for row in rows)  # created when written
