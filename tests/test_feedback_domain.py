"""Domain: who sees which feedback (every role pair), anonymity thresholds, input rules and the grace period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.errors import Forbidden, Invalid, NotFound
from bot.org import access
from bot.record import feedback, feedback_reads, peer_requests
from storage.counting import statements_sent
from storage.feedback import Feedback, Kind, Visibility, insert_once
from storage.outbox import Delivery, DeliveryStatus
from tests.conftest import START
from tests.people import build

ROLES = ["author", "subject", "manager", "skip_level", "peer", "hr", "other_manager", "other_workspace"]


def viewer(o, role: str):
    return {
        "author": o.pia,
        "subject": o.ken,
        "manager": o.maria,
        "skip_level": o.vp,
        "peer": o.zoe,
        "hr": o.hr,
        "other_manager": o.ola,
        "other_workspace": o.hr_elsewhere,
    }[role]


# Once the author's window to edit or delete is over (shared notes reach their subject then).
LATER = START + feedback.GRACE
PRIVATE_SEEN_BY = {"author", "manager", "skip_level", "hr"}
SHARED_SEEN_BY = PRIVATE_SEEN_BY | {"subject"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SHARED])
def test_each_role_sees_exactly_what_the_policy_allows(db, role, visibility):
    with db.session() as session:
        o = build(session)
        note = feedback.log(
            session,
            author=o.pia,
            subject=o.ken,
            text="Helped me debug",
            kind=Kind.PRAISE,
            visibility=visibility,
            now=START,
        )
        allowed = PRIVATE_SEEN_BY if visibility == Visibility.PRIVATE else SHARED_SEEN_BY
        assert access.can_see_feedback(session, viewer(o, role), note, LATER) is (role in allowed)


def test_listing_filters_by_the_policy_and_refuses_outsiders(db):
    with db.session() as session:
        o = build(session)
        for visibility in Visibility:
            feedback.log(
                session,
                author=o.maria,
                subject=o.ken,
                text=f"{visibility} note",
                kind=Kind.COACHING,
                visibility=visibility,
                now=START,
            )
        assert [s.feedback.text for s in feedback_reads.about(session, viewer=o.ken, subject=o.ken, now=LATER)] == [
            "shared note"
        ]
        assert len(feedback_reads.about(session, viewer=o.vp, subject=o.ken, now=LATER)) == 2
        assert len(feedback_reads.about(session, viewer=o.hr, subject=o.ken, now=LATER)) == 2
        for outsider in (o.zoe, o.ola, o.omar):
            with pytest.raises(Forbidden):
                feedback_reads.about(session, viewer=outsider, subject=o.ken, now=LATER)
        with pytest.raises(NotFound):
            feedback_reads.about(session, viewer=o.hr_elsewhere, subject=o.ken, now=LATER)
        assert [f.text for f in feedback_reads.given_by(session, o.maria)] == ["private note", "shared note"]


def test_the_latest_notes_are_the_last_the_viewer_may_see_however_many_are_hidden_before_them(db):
    """A page of the latest notes reads a few more than it shows; when too few of those are the viewer's to see
    (the subject's own page, most notes private), it reads on until it has as many as it shows."""
    with db.session() as session:
        o = build(session)
        visibilities = [Visibility.SHARED] * 4 + [Visibility.PRIVATE] * 3 + [Visibility.SHARED] * 2
        visibilities += [Visibility.PRIVATE] * (2 * feedback_reads.LATEST_SPARE)
        for number, visibility in enumerate(visibilities):
            feedback.log(
                session,
                author=o.maria,
                subject=o.ken,
                text=f"note {number}",
                kind=Kind.COACHING,
                visibility=visibility,
                now=START + timedelta(minutes=number),
            )
        later = START + timedelta(minutes=len(visibilities)) + feedback.GRACE

        def latest(viewer, count: int) -> list[str]:
            shown = feedback_reads.about(session, viewer=viewer, subject=o.ken, now=later, latest=count)
            return [s.feedback.text for s in shown]

        assert latest(o.ken, 3) == ["note 3", "note 7", "note 8"]
        assert latest(o.ken, 10) == ["note 0", "note 1", "note 2", "note 3", "note 7", "note 8"]
        assert latest(o.maria, 2) == [f"note {len(visibilities) - 2}", f"note {len(visibilities) - 1}"]
        everything = [s.feedback.text for s in feedback_reads.about(session, viewer=o.maria, subject=o.ken, now=later)]
        assert latest(o.maria, len(visibilities) + 1) == everything == [f"note {n}" for n in range(len(visibilities))]


def _answered_request(session, o, anonymous_flags: list[bool]):
    responders = [o.pia, o.zoe, o.omar, o.ola][: len(anonymous_flags)]
    request = peer_requests.request(session, requester=o.maria, about=o.ken, responders=responders, now=START)
    asks = {a.responder_id: a for a in session.exec(select(peer_requests.FeedbackAsk)).all()}
    answers = []
    for responder, anonymous in zip(responders, anonymous_flags, strict=True):
        answers.append(
            peer_requests.answer(
                session,
                responder=responder,
                ask_id=asks[responder.id].id,
                text=f"from {responder.slack_id}",
                kind=Kind.PRAISE,
                anonymous=anonymous,
                now=START + timedelta(hours=1),
            )
        )
    return request, answers


def test_an_anonymous_answer_with_fewer_than_three_answers_is_for_the_line_and_hr_only(db):
    with db.session() as session:
        o = build(session)
        _, (signed, anonymous) = _answered_request(session, o, [False, True])
        assert access.can_see_feedback(session, o.ken, signed, LATER)
        assert not access.can_see_feedback(session, o.ken, anonymous, LATER)
        for line in (o.maria, o.vp, o.hr):
            assert access.can_see_feedback(session, line, anonymous, LATER)
            assert not access.shows_feedback_author(line, anonymous)
        assert access.shows_feedback_author(o.zoe, anonymous)  # its author
        shown = feedback_reads.about(session, viewer=o.maria, subject=o.ken, now=LATER)
        assert [(s.author.slack_id if s.author else None, s.held_back) for s in shown] == [
            ("UPIA", False),
            (None, True),
        ]


def test_two_signed_and_one_anonymous_answer_keep_the_anonymous_one_from_the_subject(db):
    """Three people answered, but the subject could name the anonymous one by elimination."""
    with db.session() as session:
        o = build(session)
        _, answers = _answered_request(session, o, [False, False, True])
        assert [s.feedback.text for s in feedback_reads.about(session, viewer=o.ken, subject=o.ken, now=LATER)] == [
            "from UPIA",
            "from UZOE",
        ]
        assert access.can_see_feedback(session, o.maria, answers[2], LATER)


def test_with_three_anonymous_answers_the_subject_sees_them_without_author_or_date(db):
    with db.session() as session:
        o = build(session)
        _answered_request(session, o, [False, True, True, True])
        shown = feedback_reads.about(session, viewer=o.ken, subject=o.ken, now=LATER)
        assert [s.feedback.text for s in shown] == ["from UPIA", "from UZOE", "from UOMAR", "from UOLA"]
        assert shown[0].author.slack_id == "UPIA"
        assert all(s.author is None and not s.held_back for s in shown[1:])


def test_requests_are_for_oneself_or_the_line_and_answers_are_once_by_the_asked(db):
    with db.session() as session:
        o = build(session)
        with pytest.raises(Forbidden):
            peer_requests.request(session, requester=o.pia, about=o.ken, responders=[o.zoe], now=START)
        with pytest.raises(Invalid):
            peer_requests.request(session, requester=o.ken, about=o.ken, responders=[o.ken], now=START)
        request = peer_requests.request(session, requester=o.ken, about=o.ken, responders=[o.pia], now=START)
        ask = session.exec(
            select(peer_requests.FeedbackAsk).where(peer_requests.FeedbackAsk.request_id == request.id)
        ).one()
        with pytest.raises(NotFound):
            peer_requests.answer(
                session, responder=o.zoe, ask_id=ask.id, text="x", kind=Kind.PRAISE, anonymous=False, now=START
            )
        peer_requests.answer(
            session, responder=o.pia, ask_id=ask.id, text="x", kind=Kind.PRAISE, anonymous=False, now=START
        )
        with pytest.raises(Invalid, match="peer.already_answered"):
            peer_requests.answer(
                session, responder=o.pia, ask_id=ask.id, text="y", kind=Kind.PRAISE, anonymous=False, now=START
            )


def test_reminders_every_two_days_until_the_deadline_then_the_requester_hears(db):
    with db.session() as session:
        o = build(session)
        peer_requests.request(session, requester=o.maria, about=o.ken, responders=[o.pia], now=START)
    queued = []
    for day in range(1, 9):
        with db.session() as session:
            queued.append(peer_requests.plan_reminders(session, START + timedelta(days=day)))
    assert queued == [0, 1, 0, 1, 0, 1, 1, 0]  # days 2, 4, 6 remind; day 7 closes
    with db.session() as session:
        kinds = [d.kind for d in session.exec(select(Delivery).order_by(Delivery.id))]
    assert kinds == ["peer_ask", "peer_ask", "peer_ask", "peer_ask", "peer_closed"]


@pytest.mark.parametrize(
    ("text", "kind", "visibility", "rest"),
    [
        ("Great demo", Kind.PRAISE, Visibility.PRIVATE, "Great demo"),
        ("coaching shared Slow down in reviews", Kind.COACHING, Visibility.SHARED, "Slow down in reviews"),
        ("--shared --coaching: x", Kind.COACHING, Visibility.SHARED, "x"),
        ("shared: praise Thanks", Kind.PRAISE, Visibility.SHARED, "Thanks"),
        ("辅导 共享 多写测试", Kind.COACHING, Visibility.SHARED, "多写测试"),
        ("private", Kind.PRAISE, Visibility.PRIVATE, ""),
    ],
)
def test_leading_words_choose_kind_and_visibility(text, kind, visibility, rest):
    assert feedback.parse_words(text) == feedback.OneLiner(kind, visibility, rest)


@pytest.mark.parametrize(
    ("text", "key"), [("", "feedback.empty_text"), ("   ", "feedback.empty_text"), ("x" * 3001, "feedback.too_long")]
)
def test_empty_or_overlong_text_is_refused(text, key):
    with pytest.raises(Invalid) as error:
        feedback.clean_text(text)
    assert error.value.key == key


def test_no_feedback_about_oneself(db):
    with db.session() as session:
        o = build(session)
        with pytest.raises(Invalid, match="feedback.self"):
            feedback.log(
                session,
                author=o.ken,
                subject=o.ken,
                text="x",
                kind=Kind.PRAISE,
                visibility=Visibility.SHARED,
                now=START,
            )
        assert session.exec(select(Feedback)).all() == []


def test_grace_period_edit_delete_and_the_delayed_notice(db):
    with db.session() as session:
        o = build(session)
        note = feedback.log(
            session,
            author=o.maria,
            subject=o.ken,
            text="Nice",
            kind=Kind.PRAISE,
            visibility=Visibility.SHARED,
            now=START,
        )
        notice = session.exec(select(Delivery)).one()
        assert notice.recipient == "UKEN" and notice.not_before == START + feedback.GRACE
        with pytest.raises(Forbidden):
            feedback.edit(session, actor=o.vp, feedback_id=note.id, text="Mine now", now=START)
        feedback.edit(session, actor=o.maria, feedback_id=note.id, text="Very nice", now=START + timedelta(minutes=5))
        assert "Very nice" in session.exec(select(Delivery)).one().message["text"]
        feedback.set_visibility(session, actor=o.maria, feedback_id=note.id, visibility=Visibility.PRIVATE, now=START)
        assert session.exec(select(Delivery)).one().status == DeliveryStatus.DROPPED
        feedback.set_visibility(session, actor=o.maria, feedback_id=note.id, visibility=Visibility.SHARED, now=START)
        assert session.exec(select(Delivery)).one().status == DeliveryStatus.PENDING
        with pytest.raises(Invalid, match="feedback.grace_over"):
            feedback.delete(session, actor=o.maria, feedback_id=note.id, now=START + timedelta(minutes=11))
        feedback.delete(session, actor=o.maria, feedback_id=note.id, now=START + timedelta(minutes=9))
        assert session.exec(select(Feedback)).all() == []
        assert session.exec(select(Delivery)).one().status == DeliveryStatus.DROPPED


def test_shared_feedback_reaches_its_subject_only_when_the_edit_window_ends(db):
    with db.session() as session:
        o = build(session)
        note = feedback.log(
            session,
            author=o.maria,
            subject=o.ken,
            text="Nice",
            kind=Kind.PRAISE,
            visibility=Visibility.SHARED,
            now=START,
        )
        almost = START + feedback.GRACE - timedelta(seconds=1)
        assert not access.can_see_feedback(session, o.ken, note, almost)
        assert feedback_reads.about(session, viewer=o.ken, subject=o.ken, now=almost) == []
        for line in (o.maria, o.vp, o.hr):  # the author and the line see it at once, as with private notes
            assert access.can_see_feedback(session, line, note, START)
        assert access.can_see_feedback(session, o.ken, note, START + feedback.GRACE)
        # Made shared after the window: the subject sees it from then on.
        later = feedback.log(
            session,
            author=o.maria,
            subject=o.ken,
            text="Later",
            kind=Kind.PRAISE,
            visibility=Visibility.PRIVATE,
            now=START,
        )
        shared_at = START + timedelta(hours=1)
        feedback.set_visibility(
            session, actor=o.maria, feedback_id=later.id, visibility=Visibility.SHARED, now=shared_at
        )
        assert access.can_see_feedback(session, o.ken, later, shared_at)


def test_a_retried_submission_stores_one_row(db):
    with db.session() as session:
        o = build(session)
        for _ in range(2):
            feedback.log(
                session,
                author=o.maria,
                subject=o.ken,
                text="Once",
                kind=Kind.PRAISE,
                visibility=Visibility.PRIVATE,
                now=START,
                client_key="view:V1",
            )
        assert len(session.exec(select(Feedback)).all()) == 1


def test_a_shared_note_submitted_twice_at_the_same_moment_is_stored_and_announced_once(db):
    with db.session() as session:
        o = build(session)
        first, again = (
            feedback.log(
                session,
                author=o.maria,
                subject=o.ken,
                text="Once",
                kind=Kind.PRAISE,
                visibility=Visibility.SHARED,
                now=START,
                client_key="trigger:T1",
            )
            for _ in range(2)
        )
        assert again.id == first.id and (first.anonymous, first.request_id, first.goal_id) == (False, None, None)
        assert session.get(Feedback, first.id) is first  # the stored note, held by the session
        notices = session.exec(select(Delivery.period).where(Delivery.recipient == o.ken.slack_id)).all()
    assert notices == [f"feedback:{first.id}"]
    with db.read() as session:
        stored = session.exec(select(Feedback)).one()
    assert (stored.text, stored.kind, stored.created_at, stored.anonymous) == ("Once", Kind.PRAISE, START, False)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.SHARED])
def test_a_deleted_note_is_not_stored_again_by_its_key_for_the_replay_window(db, visibility):
    from handlers.replays import REPLAY_WINDOW
    from storage.replays import claim

    with db.session() as session:
        o = build(session)
    note = {"author": o.maria, "subject": o.ken, "kind": Kind.COACHING, "visibility": visibility}
    first = feedback.record(db, **note, text="Oops", now=START, client_key="trigger:T1")
    unkeyed = feedback.record(db, **note, text="Without a key", now=START, client_key=None)
    with db.session() as session:
        feedback.delete(session, actor=o.maria, feedback_id=first.id, now=START + timedelta(minutes=1))
        feedback.delete(session, actor=o.maria, feedback_id=unkeyed.id, now=START + timedelta(minutes=1))
    with pytest.raises(Invalid) as refused:
        feedback.record(db, **note, text="Oops", now=START + timedelta(minutes=2), client_key="trigger:T1")
    assert refused.value.key == "feedback.withdrawn"
    with db.read() as session:
        assert session.exec(select(Feedback)).all() == []
    later = START + REPLAY_WINDOW + timedelta(minutes=2)  # the key is forgotten with the claims
    with db.unsynced() as connection:
        claim(connection, team_id="T9", request_key="command:9", now=later, forget_before=later - REPLAY_WINDOW)
    feedback.record(db, **note, text="Oops", now=later, client_key="trigger:T1")
    with db.read() as session:
        assert [(row.text, row.created_at) for row in session.exec(select(Feedback))] == [("Oops", later)]


def test_a_note_names_only_columns_it_has(db):
    with db.session() as session, pytest.raises(TypeError, match="mood"):
        insert_once(session, team_id="T1", mood="happy")


def test_a_private_one_liner_is_stored_in_one_statement_and_a_shared_one_with_its_notice(db):

    with db.session() as session:
        o = build(session)
    note = {"author": o.maria, "subject": o.ken, "kind": Kind.COACHING, "now": START}
    with statements_sent(db) as written:
        private = feedback.record(db, **note, text="Private", visibility=Visibility.PRIVATE, client_key="trigger:1")
    assert [statement.split()[:3] for statement in written] == [["INSERT", "INTO", "feedback"]]
    assert feedback.record(db, **note, text="Again", visibility=Visibility.PRIVATE, client_key="trigger:1") == private
    shared = feedback.record(db, **note, text="Shared", visibility=Visibility.SHARED, client_key="trigger:2")
    with db.read() as session:
        assert session.exec(select(Feedback.text).order_by(Feedback.id)).all() == ["Private", "Shared"]
        notices = session.exec(select(Delivery.period).where(Delivery.recipient == o.ken.slack_id)).all()
    assert notices == [f"feedback:{shared.id}"]


def test_hr_and_managers_as_subjects_see_only_what_is_shared_with_them(db):
    with db.session() as session:
        o = build(session)
        o.hr.manager_id = o.vp.id
        for subject in (o.hr, o.maria):
            private = feedback.log(
                session,
                author=o.vp,
                subject=subject,
                text="private",
                kind=Kind.COACHING,
                visibility=Visibility.PRIVATE,
                now=START,
            )
            assert not access.can_see_feedback(session, subject, private, LATER)
            assert feedback_reads.about(session, viewer=subject, subject=subject, now=LATER) == []
