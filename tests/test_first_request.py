"""A process that has just started answers its very first commands: a replica that does not run the clock has run
no ORM query before its first request, and the rows read on every request are built without one."""

import subprocess
import sys

import pytest

from bench import organisation
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from storage import migrate
from storage.db import Database

# Built as `perfbot serve` builds a replica whose clock another replica runs: no tick, no query before the request.
FIRST_REQUESTS = """
import http.client
from bot.app import build
from bot.config import Settings
from bot.sandbox.serving import ServedApp
from bot.sandbox.signed import SIGNING_SECRET, command_body, signed_headers
from bot.web import wsgi_app
settings = Settings(SLACK_BOT_TOKEN="xoxb-first", SLACK_SIGNING_SECRET=SIGNING_SECRET, DATABASE_URL={url!r},
                    SLACK_API_URL={slack!r})
served = ServedApp(wsgi_app(build(settings)))
for number, (command, text) in enumerate({commands!r}):
    body = command_body(command=command, text=text, user_id={manager!r}, team_id={team!r}, trigger_id=f"{{number}}.1.t",
                        response_url="http://127.0.0.1:9/respond")
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("POST", "/slack/events", body=body, headers=signed_headers(body))
    response = connection.getresponse()
    print(response.status, response.read().decode())
served.stop()
"""


@pytest.fixture
def organisation_of_twenty(database_url) -> tuple[str, organisation.Organisation]:
    db = Database(database_url)
    try:
        migrate.upgrade(db.engine)
        return database_url, organisation.build(db, 20, team_id=TEAM_ID)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("first", "answer"),
    [
        (("/feedback", "<@{report}|report> clear notes on the incident"), "Logged"),
        (("/perf", "help"), "/goal"),
    ],
)
def test_a_fresh_replica_answers_its_first_command(organisation_of_twenty, first, answer):
    url, org = organisation_of_twenty
    command, text = first
    commands = [(command, text.format(report=org.report)), ("/feedback", f"show <@{org.report}|report>")]
    slack = FakeSlack().start()
    try:
        script = FIRST_REQUESTS.format(url=url, slack=slack.url, commands=commands, manager=org.manager, team=TEAM_ID)
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    finally:
        slack.stop()
    assert result.returncode == 0, result.stderr
    first_answer, second_answer = result.stdout.strip().splitlines()[-2:]
    assert first_answer.startswith("200 ") and answer in first_answer and "went wrong" not in first_answer
    assert second_answer.startswith("200 ") and "went wrong" not in second_answer
    if command == "/feedback":
        assert "clear notes on the incident" in second_answer  # stored, and shown to its author
