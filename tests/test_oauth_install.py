"""Slack-level: a workspace installs Perfbot through Bolt's OAuth flow; the installer becomes HR admin."""

import io
import re
from wsgiref.util import setup_testing_defaults

import pytest

from bot.app import build
from bot.config import Settings
from bot.immediate import ImmediateExecutor
from bot.org import directory
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from bot.sandbox.signed import SIGNING_SECRET, command_body, signed_headers
from bot.web import wsgi_app
from storage.org import Role


def call(app, method: str, path: str, *, query: str = "", body: str = "", headers: dict[str, str] | None = None):
    environ: dict = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(body.encode())
    environ["CONTENT_LENGTH"] = str(len(body.encode()))
    for key, value in (headers or {}).items():
        name = key.upper().replace("-", "_")
        environ[name if name == "CONTENT_TYPE" else f"HTTP_{name}"] = value
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), response_headers

    answer = b"".join(app(environ, start_response)).decode()
    return seen["status"], dict(seen["headers"]), answer


@pytest.fixture
def installable(tmp_path):
    slack = FakeSlack().start()
    slack.add_member("UINSTALLER", "Ines")
    settings = Settings(
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'oauth.db'}",
        SLACK_API_URL=slack.url,
    )
    perfbot = build(settings, listener_executor=ImmediateExecutor())
    yield slack, perfbot
    slack.stop()
    perfbot.services.db.dispose()


def test_install_stores_the_token_and_the_installer_becomes_hr_admin(installable):
    slack, perfbot = installable
    app = wsgi_app(perfbot)
    status, headers, page = call(app, "GET", "/slack/install")
    assert status == 200
    state = re.search(r"state=([\w-]+)", page).group(1)
    cookie = headers["set-cookie"].split(";")[0]

    status, _, page = call(
        app, "GET", "/slack/oauth_redirect", query=f"code=c0de&state={state}", headers={"Cookie": cookie}
    )
    assert status == 200, page
    with perfbot.services.db.session() as session:
        installer = directory.get(session, TEAM_ID, "UINSTALLER")
        assert installer.role == Role.HR_ADMIN

    body = command_body(
        command="/perf",
        text="help",
        user_id="UINSTALLER",
        team_id=TEAM_ID,
        trigger_id="1.1.t",
        response_url="http://127.0.0.1:9/r",
    )
    status, _, answer = call(app, "POST", "/slack/events", body=body, headers=signed_headers(body))
    assert status == 200 and "set-manager" in answer  # HR admins see the admin commands
    assert perfbot.services.client_for(TEAM_ID).token == "xoxb-installed"
    perfbot.services.sender.drain()
    welcome = [m for m in slack.dms_to("UINSTALLER") if "Welcome to Perfbot" in m.text]
    assert len(welcome) == 1 and "Perfbot setup checklist" in str(welcome[0].blocks)  # HR's checklist, with the welcome


def test_a_forged_oauth_state_installs_nothing(installable):
    slack, perfbot = installable
    status, _, _ = call(wsgi_app(perfbot), "GET", "/slack/oauth_redirect", query="code=c0de&state=forged")
    assert status >= 400
    assert slack.calls_to("oauth.v2.access") == []
