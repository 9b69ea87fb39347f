"""The same request delivered to two replicas at once: one write, both answered like the original, no ERROR."""

from __future__ import annotations

import logging
import threading

import pytest
from sqlmodel import func, select

from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from bot.sandbox.signed import command_body, signed_headers
from storage.feedback import Feedback
from storage.org import Role
from tests.served import ServedWorkspace

ROUNDS = 4


@pytest.fixture
def replicas(database_url, clock):
    slack = FakeSlack().start()
    first = ServedWorkspace.serve(database_url, clock, slack=slack)
    second = ServedWorkspace.serve(database_url, clock, slack=slack)
    yield first, second
    second.server.close()
    second.executor.shutdown(wait=True)
    second.db.dispose()
    first.close()


def at_once(replicas, body: str):
    """Post `body` to every replica at the same moment; their answers, in replica order."""
    barrier, answers = threading.Barrier(len(replicas)), [None] * len(replicas)

    def send(index: int) -> None:
        barrier.wait()
        answers[index] = replicas[index].server.post(body, signed_headers(body))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(replicas))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for replica in replicas:
        replica.executor.wait_idle()
        replica.deliver()
    return answers


def test_a_request_delivered_to_two_replicas_is_handled_once(replicas, caplog):
    caplog.set_level(logging.INFO)
    first, _ = replicas
    hr = first.person("Hana", role=Role.HR_ADMIN)
    maria, ken = first.person("Maria", role=Role.MANAGER), first.person("Ken")
    hr.runs("/perf kudos-channel <#C0KUDOS|kudos>")
    for round_ in range(ROUNDS):
        body = command_body(
            command="/kudos",
            text=f"{ken.mention} Thanks for round {round_}",
            user_id=maria.id,
            team_id=TEAM_ID,
            trigger_id=f"77.{round_}.both",
            response_url=first.slack.response_url_base + f"9{round_}/" + maria.id,
        )
        answers = at_once(replicas, body)
        assert [a.status for a in answers] == [200, 200]
        assert answers[0].json() == answers[1].json() and "kudos" in answers[0].body.decode().lower()
    with first.db.session() as session:
        assert session.exec(select(func.count()).select_from(Feedback)).one() == ROUNDS
    assert len(first.slack.messages_in("C0KUDOS")) == ROUNDS
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [] and "nothing was saved" not in caplog.text
