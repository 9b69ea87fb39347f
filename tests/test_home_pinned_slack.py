"""Slack-level: the whole App Home of a manager, one of their reports and HR, pinned block for block, on a
small organisation with every section filled (check-ins and prompts, goals and approvals, feedback of every
visibility, a plan, an open action)."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bench import organisation
from bot.delivery.clock import ManualClock
from bot.sandbox.workspace import SandboxWorkspace, SlackUser
from storage.feedback import Feedback, FeedbackRequest
from storage.org import Person
from storage.outbox import Delivery

PINNED = Path(__file__).parent / "data" / "home_pinned.json"


def _feedback(team: str, subject: int, author: int, at, **fields) -> dict:
    row = {"team_id": team, "subject_id": subject, "author_id": author, "kind": "praise", "visibility": "shared"}
    row |= {"text": f"Note from {author} at {at:%m-%d %H:%M}", "source": "command", "anonymous": False}
    return row | {"created_at": at, "updated_at": at} | fields


def _fill(workspace: SandboxWorkspace, org: organisation.Organisation) -> None:
    """Feedback about the manager of every kind the App Home treats apart, and sent check-in prompts."""
    now, team = organisation.QUIET, workspace.team_id
    with workspace.db.session() as session:
        ids = dict(session.execute(select(Person.slack_id, Person.id).where(Person.team_id == team)).all())
        manager, hr = ids[org.manager], ids[org.hr]
        others = [i for slack_id, i in sorted(ids.items()) if i not in (manager, hr)]
        # Three anonymous answers to one request (enough to be shown), one to another (held back); all older
        # than the fifty newest notes.
        requests = [
            session.execute(
                insert(FeedbackRequest).values(
                    team_id=team, about_id=manager, requester_id=manager, deadline=now, created_at=now
                )
            ).inserted_primary_key[0]
            for _ in range(2)
        ]
        old = now - timedelta(days=60)
        rows = [
            _feedback(team, manager, others[n], old + timedelta(hours=n), source="request", anonymous=True)
            | {"request_id": requests[0]}
            for n in range(3)
        ]
        rows.append(
            _feedback(team, manager, others[3], old, source="request", anonymous=True) | {"request_id": requests[1]}
        )
        # Fifty-five shared notes, one private, one still in its grace period, one kudos.
        rows += [_feedback(team, manager, others[n % 9], now - timedelta(days=40 - n // 2)) for n in range(55)]
        rows.append(_feedback(team, manager, hr, now - timedelta(days=2), visibility="private"))
        rows.append(_feedback(team, manager, hr, now - timedelta(minutes=2)))
        rows.append(_feedback(team, manager, hr, now - timedelta(days=1), source="kudos"))
        session.execute(insert(Feedback), rows)
        prompts = [(slack_id, day) for slack_id in ids for day in ("2027-01-29", "2027-02-05")]
        session.execute(
            insert(Delivery),
            [
                {
                    "team_id": team,
                    "recipient": slack_id,
                    "kind": "checkin.prompt",
                    "period": day,
                    "message": {},
                    "status": "sent",
                    "not_before": now,
                    "created_at": now,
                }
                for slack_id, day in prompts
            ],
        )


def homes(database_url: str) -> dict[str, list]:
    workspace = SandboxWorkspace.start(database_url, ManualClock(organisation.QUIET))
    try:
        org = organisation.build(workspace.db, 30, managers=3, team_id=workspace.team_id)
        _fill(workspace, org)
        shown = {}
        for label, slack_id in (("manager", org.manager), ("report", org.report), ("hr", org.hr)):
            workspace.slack.add_member(slack_id, slack_id, tz=organisation.ZONE)
            shown[label] = SlackUser(workspace, slack_id, label).opens_home()["blocks"]
        return shown
    finally:
        workspace.close()


def test_the_app_home_of_a_manager_a_report_and_hr_is_pinned(database_url):
    shown = homes(database_url)
    if os.environ.get("PERFBOT_PIN_HOME"):  # set to write the pinned copy again, after a deliberate change
        PINNED.write_text(json.dumps(shown, indent=1, ensure_ascii=False) + "\n")
    assert shown == json.loads(PINNED.read_text())
