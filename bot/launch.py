"""What runs before the features load: the database, Slack's client, the sender and the clock (`Core`), and the
gate `perfbot serve` answers through while the rest is built (health at once, every other request once ready).

Only the settings, storage, delivery and the workspaces' Slack clients are imported here, so a process can be
healthy (database reachable, clock held, token checked) while the features, their handlers and Bolt load."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from bot.config import Settings
from bot.delivery.clock import Clock, SystemClock
from bot.delivery.pacing import Pacer
from bot.delivery.planning import Planner
from bot.delivery.sender import Sender
from bot.delivery.slack_http import KeepAliveWebClient
from bot.http_basics import StartResponse, json_answer
from bot.org import installations
from storage import migrate
from storage.db import Database

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.web import SlackResponse

WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# A request that arrives while the app is being built waits this long for it (start-up takes about a second).
READY_WAIT_SECONDS = 30.0


@dataclass
class Core:
    """The parts every other part builds on; `bot.app.build` adds the features and the Bolt app."""

    settings: Settings
    db: Database
    clock: Clock
    client: WebClient
    store: SQLAlchemyInstallationStore | None
    client_for: installations.WorkspaceClients
    sender: Sender
    token_check: SlackResponse | None = None  # auth.test's answer, once `verify_token` asked it

    def verify_token(self) -> None:
        """Bolt's start-up check of the configured token (auth.test), made here so that a wrong token stops
        the process (SlackApiError) before it is healthy or sends anything; Bolt then reuses the answer
        (`reuse_token_check`)."""
        if self.store is not None or not self.settings.slack_bot_token:
            return  # tokens come from OAuth installs: Bolt checks none at start either
        self.token_check = self.client.auth_test()


def reuse_token_check(app: App, answer: SlackResponse) -> None:
    """Hand `Core.verify_token`'s auth.test answer to Bolt's single-workspace authorization, which would
    otherwise ask again on the first request (Bolt built with token_verification_enabled=False)."""
    from slack_bolt.middleware.authorization.single_team_authorization import SingleTeamAuthorization

    for middleware in app._middleware_list:  # noqa: SLF001 - Bolt offers no public way to pass the answer in
        if isinstance(middleware, SingleTeamAuthorization) and middleware.auth_test_result is None:
            middleware.auth_test_result = answer


def build_core(settings: Settings, *, clock: Clock | None = None, migrate_schema: bool = True) -> Core:
    """The migrated database, the Slack clients and the sender (not started), from the settings."""
    db = Database(settings.database_url)
    if migrate_schema:
        migrate.upgrade_under_lock(db.engine)
    clock = clock or SystemClock()
    client = KeepAliveWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    store = installations.installation_store(settings, db)
    client_for = installations.WorkspaceClients(settings, client, store)
    sender = Sender(
        db,
        client_for,
        clock,
        pacer=Pacer(workspace_rate=settings.workspace_rate),
        lease=timedelta(seconds=settings.delivery_lease_seconds),
    )
    return Core(settings=settings, db=db, clock=clock, client=client, store=store, client_for=client_for, sender=sender)


def settle_heap() -> None:
    """Start-up is done: move everything start-up built (modules, the app, its caches) to the permanent
    generation, so a full collection later walks only what the running process makes (it would otherwise walk the
    whole import heap, some 200 ms, inside whichever tick or request crosses the threshold), and turn the
    collector back on (`perfbot` starts with it off). No collection first: with one here, a SIGTERM arriving
    during it could go unanswered (the serve tests' stop hung); start-up's own garbage is kept instead, once."""
    gc.freeze()
    gc.enable()


class StartingPlanners(Sequence[Planner]):
    """The clock's planners while the features load: a tick that starts before they are known waits for them
    (the first tick is due at once); one still waiting when the process stops plans nothing."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._planners: list[Planner] = []

    def become(self, planners: Sequence[Planner]) -> None:
        self._planners = list(planners)
        self._ready.set()

    def abandon(self) -> None:
        self._ready.set()

    def _known(self) -> list[Planner]:
        self._ready.wait()
        return self._planners

    def __iter__(self) -> Iterator[Planner]:
        return iter(self._known())

    def __len__(self) -> int:
        return len(self._known())

    def __getitem__(self, index: Any) -> Any:
        return self._known()[index]


class StartingGate:
    """The WSGI app served from the first moment: `early` answers health and metrics at once; every other
    request waits until `open()` hands over the whole app, and then gets that app's answer."""

    def __init__(self, early: WsgiApp, early_paths: Iterable[str], wait_seconds: float = READY_WAIT_SECONDS) -> None:
        self.early, self.early_paths, self.wait_seconds = early, frozenset(early_paths), wait_seconds
        self._app: WsgiApp | None = None
        self._ready = threading.Event()

    def open(self, app: WsgiApp) -> None:
        self._app = app
        self._ready.set()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        app = self._app
        if app is not None:
            return app(environ, start_response)
        if environ.get("PATH_INFO", "") in self.early_paths and environ.get("REQUEST_METHOD") == "GET":
            return self.early(environ, start_response)
        if not self._ready.wait(self.wait_seconds) or self._app is None:
            return json_answer(start_response, "503 Service Unavailable", {"error": "starting"}, ("Retry-After", "1"))
        return self._app(environ, start_response)
