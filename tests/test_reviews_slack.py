"""Reviews through Slack when people try what they may not: forged buttons, tampered modal metadata, double
submits, closed phases and bad input each get a clear message and change nothing."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from bot.org import directory
from bot.reviews import notices
from bot.sandbox.workspace import text_of
from storage.org import Role
from storage.reviews import Review, ReviewKind, ReviewRating, ReviewStatus, SavedEvidence
from tests.reviewkit import CALIBRATION, SELF_REVIEW, agreed_goal, q1
from tests.test_reviews_story_slack import form_values


@pytest.fixture
def team(ws, hr, maria, ken):
    pia = ws.person("Pia", manager=maria)
    ola = ws.person("Ola", role=Role.MANAGER)
    with ws.db.session() as session:
        cycle = q1(session, ws.team_id, directory.get(session, ws.team_id, hr.id))
        agreed_goal(session, cycle, directory.get(session, ws.team_id, ken.id))
    ws.clock.set(SELF_REVIEW)
    ws.tick()
    return pia, ola


def forged(user, message, action_id: str, value: str):
    """`user` clicks a button they were never shown, with a value of their choosing."""
    block = {"type": "actions", "block_id": "forged", "elements": []}
    element = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text", "text": "x"}}
    return user.acts("message", {"message": message}, block, element)


def modal_inputs(view):
    return [(block, block["element"]) for block in view["blocks"] if block.get("type") == "input"]


def reviews(ws):
    with ws.db.session() as session:
        return session.exec(select(Review)).all()


def test_forged_buttons_open_nothing_that_is_not_theirs(ws, ken, maria, team):
    pia, ola = team
    invitation = ken.last_dm()
    ken.clicks("Write self review")
    ken.submits(form_values(ken.modal(), {}, summary="Done"))
    before = [(r.id, r.kind, r.status) for r in reviews(ws)]
    for user, action, value, says in (
        (pia, notices.OPEN_MANAGER, None, "Only <@{ken}>'s manager can do that"),
        (ola, notices.OPEN_MANAGER, None, "Only <@{ken}>'s manager can do that"),
        (pia, notices.OPEN_MANAGER, "not-a-number", "That review is not here any more"),
        (pia, notices.OPEN_PEER, "1", "someone else's to write"),
        (pia, notices.OPEN_SELF, "999", "I can't find that cycle"),
    ):
        with ws.db.session() as session:
            ken_id = directory.get(session, ws.team_id, ken.id).id
        forged(user, invitation, action, value or str(ken_id))
        assert user.modal() is None
        shown = user.last_reply().text
        assert says.format(ken=ken.id) in shown, shown
    assert [(r.id, r.kind, r.status) for r in reviews(ws)] == before


def test_tampered_metadata_double_submit_and_a_closed_phase_change_nothing(ws, ken, maria, team):
    pia, _ = team
    ken.clicks("Write self review")
    first = ken.modal()
    ken.submits(form_values(first, {}, mode="draft", summary="Draft"))
    ken.clicks("Write self review")
    ken.submits(form_values(ken.modal(), {}, summary="Final"))
    own = next(r for r in reviews(ws) if r.kind == ReviewKind.SELF)
    assert own.status == ReviewStatus.SUBMITTED and own.summary == "Final"

    # Pia opens her own self review, then points the form at Ken's.
    pia.clicks("Write self review")
    pia.modal()["private_metadata"] = json.dumps({"review": own.id})
    refused = pia.submits(form_values(pia.modal(), {}, summary="Hijack"))
    assert "someone else's" in json.dumps(refused.body["errors"])
    pia.modal()["private_metadata"] = "{not json"
    assert "not here" in json.dumps(pia.submits(form_values(pia.modal(), {})).body["errors"])

    # A double submit of Ken's form (the same modal sent again) is refused; nothing changes.
    ken.ws.slack.modal_stacks[ken.id].append(first["id"])
    again = ken.submits(form_values(ken.modal(), {"delivery": "1"}, summary="Changed"))
    assert "already submitted" in json.dumps(again.body["errors"])
    with ws.db.session() as session:
        stored = session.get(Review, own.id)
        assert stored.summary == "Final"
        assert {r.rating for r in session.exec(select(ReviewRating).where(ReviewRating.review_id == own.id))} == {3}

    # Out of range and after the phase.
    pia.modal()["private_metadata"] = json.dumps(
        {"review": next(r.id for r in reviews(ws) if r.author_id != own.author_id)}
    )
    ws.clock.set(CALIBRATION)
    pia.clicks("Write self review")
    assert "Self review phase is not running" in pia.last_reply().text


def test_add_as_evidence_keeps_a_message_for_ones_own_or_a_reports_review(ws, hr, maria, ken, team):
    pia, _ = team
    message = ken.last_dm()
    ken.uses_shortcut("add_as_evidence", message)
    ken.submits({"note": "Customer thanked us for the fast fix"})
    assert ken.received_dm(containing="Kept as evidence")
    pia.uses_shortcut("add_as_evidence", message)
    refused = pia.submits({"subject": ken.id})
    assert "in your line" in json.dumps(refused.body["errors"])
    maria.uses_shortcut("add_as_evidence", message)
    maria.submits({"subject": ken.id, "note": "Handled the escalation calmly"})
    assert maria.received_dm(containing=f"Kept as evidence for <@{ken.id}>")
    with ws.db.session() as session:
        saved = session.exec(select(SavedEvidence)).one()  # the same message is kept once
        assert saved.permalink.startswith("https://perfco.slack.com/archives/")
    ken.clicks("Write self review")
    offered = [
        option["text"]["text"] for _, element in modal_inputs(ken.modal()) for option in element.get("options", [])
    ]
    assert "saved: Customer thanked us for the fast fix" in offered


def test_the_app_home_offers_the_self_review_and_shows_hr_the_calibration(ws, hr, maria, ken, team):
    home = ken.opens_home()
    assert "Reviews: 2027 Q1" in text_of(home["blocks"])
    ken.clicks("Write self review")  # from the App Home
    assert ken.modal()["callback_id"] == "review_form"
    ken.submits(form_values(ken.modal(), {}, summary="Done"))
    assert f"Review {'Ken'}" in text_of(maria.opens_home()["blocks"])
    assert "Self review: not started" not in text_of(maria.opens_home()["blocks"])  # no manager: no self review
    assert "Reviews: 2027 Q1" in text_of(hr.opens_home()["blocks"])
