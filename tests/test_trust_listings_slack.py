"""Every place that lists someone's records asks the access policy: each listing, for every role pair, over HTTP."""

from __future__ import annotations

import json

import pytest

from bot.goals import cycles, negotiation
from bot.org import directory
from bot.record import feedback, oneonone, plans
from bot.sandbox.fake_slack import Message
from bot.sandbox.workspace import text_of
from storage.feedback import Kind, Visibility
from storage.org import Role
from storage.plans import PlanKind
from tests.conftest import START
from tests.goalkit import Q1_END, Q1_START, kpi
from tests.people import OTHER_WORKSPACE
from tests.people import person as org_person
from tests.served import http_ws  # noqa: F401 - a fixture


@pytest.fixture
def ws(http_ws):  # noqa: F811 - every story here travels as signed HTTP to the served app
    return http_ws


GOAL, NOTE, PLAN, POINT = "Secret draft goal", "Private note about Ken", "Secret plan title", "Secret agenda point"
ROLES = ("self", "peer", "manager", "skip-level", "hr", "outsider")
LINE = {"self", "manager", "skip-level", "hr"}


@pytest.fixture
def org(ws):
    hr = ws.person("Hana", role=Role.HR_ADMIN)
    olga = ws.person("Olga", role=Role.MANAGER)
    maria = ws.person("Maria", role=Role.MANAGER, manager=olga)
    ken = ws.person("Ken", manager=maria)
    people = {
        "self": ken,
        "peer": ws.person("Pia", manager=maria),
        "manager": maria,
        "skip-level": olga,
        "hr": hr,
        "outsider": ws.person("Zoe"),
    }
    with ws.db.session() as session:
        stored = {role: directory.get(session, ws.team_id, user.id) for role, user in people.items()}
        cycle, _ = cycles.create(
            session,
            team_id=ws.team_id,
            actor=stored["hr"],
            name="2027 Q1",
            cadence="quarterly",
            starts_on=Q1_START,
            ends_on=Q1_END,
            timetable=cycles.suggested_timetable(Q1_START, Q1_END),
            now=START,
        )
        negotiation.create(session, cycle=cycle, actor=stored["self"], data=kpi(GOAL), now=START)
        feedback.log(
            session,
            author=stored["hr"],
            subject=stored["self"],
            text=NOTE,
            kind=Kind.COACHING,
            visibility=Visibility.PRIVATE,
            now=START,
        )
        plans.open_plan(
            session, manager=stored["manager"], owner=stored["self"], kind=PlanKind.DEVELOPMENT, title=PLAN, now=START
        )
        pair = oneonone.pair_for(session, stored["manager"], stored["self"])
        oneonone.add_item(
            session, actor=stored["manager"], pair=pair, kind=oneonone.ItemKind.TALKING_POINT, text=POINT, now=START
        )
    return people


def everything_seen_by(ws, user, since: int) -> str:
    """All text the person was shown after message number `since`, plus their open modal."""
    shown = [
        m for m in ws.slack.messages[since:] if m.ephemeral_to == user.id or m.channel == ws.slack.dm_channel(user.id)
    ]
    modal = user.modal()
    return "\n".join([m.text + "\n" + text_of(m.blocks) for m in shown] + [json.dumps(modal or {})])


def who_sees(ws, org, secret: str, show) -> set[str]:
    """The roles that find `secret` in what they are shown after `show(viewer)`."""
    seeing = set()
    for role in ROLES:
        viewer, since = org[role], len(ws.slack.messages)
        show(viewer)
        if secret in everything_seen_by(ws, viewer, since):
            seeing.add(role)
        ws.slack.modal_stacks[viewer.id].clear()
    return seeing


def test_the_feedback_modal_lists_goals_only_to_who_may_see_them(ws, org):
    def pick_ken(viewer):
        viewer.runs("/feedback")
        viewer.clicks("feedback_subject", value=org["self"].id)

    assert who_sees(ws, org, GOAL, pick_ken) == LINE


def test_log_as_feedback_lists_goals_only_to_who_may_see_them(ws, org):
    message = Message(channel="C0ENG", ts="1700000500.000100", text="I shipped it", blocks=[], user=org["self"].id)
    ws.slack.messages.append(message)
    # Feedback on one's own message has no subject, so no goals either.
    assert who_sees(ws, org, GOAL, lambda viewer: viewer.uses_shortcut("log_as_feedback", message)) == LINE - {"self"}


@pytest.mark.parametrize(
    ("command", "secret", "allowed"),
    [
        ("/goal list {ken}", GOAL, LINE),
        ("/feedback show {ken}", NOTE, LINE - {"self"}),  # a private note is never shown to its subject
        ("/plan {ken}", PLAN, LINE),
        ("/1on1 {maria} {ken}", POINT, LINE),
    ],
    ids=["goal-list", "feedback-show", "plan", "1on1-agenda"],
)
def test_each_listing_shows_records_only_to_who_may_see_them(ws, org, command, secret, allowed):
    typed = command.format(ken=org["self"].mention, maria=org["manager"].mention)
    assert who_sees(ws, org, secret, lambda viewer: viewer.runs(typed)) == allowed


def test_goal_choices_never_cross_workspaces(db):
    with db.session() as session:
        hr_elsewhere = org_person(session, "UHR2", team=OTHER_WORKSPACE, role=Role.HR_ADMIN)
        ken = org_person(session, "UKEN")
        assert negotiation.goal_choices(session, hr_elsewhere, ken) == []
