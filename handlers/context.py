"""Global middleware: drops retried events, and puts the acting person and their language in the context."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from bot.errors import PerfbotError
from bot.i18n import ENGLISH, language_for
from bot.org import directory, slack_sync
from bot.services import Services
from handlers.mentions import mentioned_ids
from handlers.request_thread import listener_running_here
from handlers.surface import Surface
from storage.events import SeenEvent
from storage.org import Person

logger = logging.getLogger(__name__)

# How long one look at an ack not given yet waits for it; Bolt looks again until its 3 s are over.
ACK_WAKE_WAIT_SECONDS = 0.1
# How many people a reading command names are looked up with the person acting: those it is about
# (`/feedback show @x`, `/1on1 @x @y`) are then at hand without a transaction of their own.
NAMED_LIMIT = directory.FIND_AT_ONCE - 1
# Events whose listeners sync the person themselves from the payload.
PROFILE_EVENTS = {"team_join", "user_change"}
# Events whose handling only reads and re-renders: handled again, they change nothing and show the same thing
# (App Home is published again, as it is on every open), so they need no de-duplication write.
RE_RENDERING_EVENTS = {"app_home_opened"}


class KeptAck(Ack):
    """An ack that stays given. Bolt's thread runner forgets an ack when the listener raises after it (Slack
    then sees a 404 after 3 s, though the person was answered), and may even set the status of the response
    it already handed out to 500; this one keeps the answer as it was given.

    It is also answered at once: the request's thread polls `response` every 10 ms while the listener runs on
    another thread, so an ack given just after a poll waited up to 10 ms for nothing; reading `response` on the
    request's thread before the ack is given waits for it instead (a while at most) and wakes when it comes,
    unless the listener runs on that thread itself (`handlers.request_thread`)."""

    def __init__(self) -> None:
        self._response: BoltResponse | None = None
        self._given: tuple[int, str, dict[str, list[str]]] | None = None
        self._answered = threading.Event()
        self._requests_thread = threading.get_ident()
        super().__init__()

    @property
    def response(self) -> BoltResponse | None:
        if self._response is None and threading.get_ident() == self._requests_thread and not listener_running_here():
            self._answered.wait(ACK_WAKE_WAIT_SECONDS)
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is None:
            return
        self._response = value
        self._answered.set()
        self._given = (value.status, value.body, {name: list(values) for name, values in value.headers.items()})

    def answer(self) -> BoltResponse | None:
        """A fresh copy of the ack as it was given, or None before it is."""
        if self._given is None:
            return None
        status, body, headers = self._given
        return BoltResponse(status=status, body=body, headers=headers)


class RequestMiddleware(Middleware):
    """A global middleware that Bolt calls with the request as it is. A plain function is called through Bolt's
    argument injection, which builds every argument a listener could ask for, for each middleware and request."""

    def __init__(self, function: Callable[[BoltRequest, Callable[[], Any]], Any]) -> None:
        self.function = function

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> Any:
        return self.function(req, next)

    @property
    def name(self) -> str:
        return f"RequestMiddleware({self.function.__qualname__})"


def _verified(req: BoltRequest, next: Callable[[], Any]) -> Any:
    """Runs after Bolt's signature check: marks the request as verified and keeps its ack once given."""
    req.context["verified"] = True
    req.context["ack"] = KeptAck()
    return next()


verified_requests = RequestMiddleware(_verified)


def drop_seen_events(services: Services) -> RequestMiddleware:
    """Slack re-sends an event when the ack is slow; handle each `event_id` once."""

    def middleware(req: BoltRequest, next: Callable[[], Any]) -> Any:
        body = req.body
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not event_id:
            return next()
        if (body.get("event") or {}).get("type") in RE_RENDERING_EVENTS:
            return next()
        try:
            with services.db.session() as session:
                session.add(SeenEvent(team_id=str(body.get("team_id") or "")[:32], event_id=str(event_id)[:64]))
        except IntegrityError:
            return BoltResponse(status=200, body="")
        return next()

    return RequestMiddleware(middleware)


def attach_actor(services: Services, surface: Surface | None = None) -> RequestMiddleware:
    """Resolve `context["actor"]` (a Person) and `context["lang"]`; unknown people are fetched from Slack (and
    the surface's `joined` hooks told: it is their first use of Perfbot). The people a reading slash command
    (or one declared with `Surface.names_people`) names, as far as they are known, are read in the same
    statement (`named_person`)."""

    def middleware(req: BoltRequest, next: Callable[[], Any]) -> Any:
        context, body, client = req.context, req.body, req.context.client
        context["services"] = services
        context["lang"] = ENGLISH
        team_id, user_id = context.get("team_id"), context.get("user_id")
        event_type = (body.get("event") or {}).get("type")
        if team_id and user_id and event_type not in PROFILE_EVENTS:
            # Other writing commands find them as they write: read here too, they would be read twice.
            wanted = surface is not None and surface.wants_named(body)
            named = mentioned_ids(body.get("text") or "")[:NAMED_LIMIT] if wanted else []
            with services.db.read_connection() as connection:
                found = directory.find_many(connection, team_id, [user_id, *named])
            person = found.get(user_id)
            if named:
                context["named"] = {slack_id: found[slack_id] for slack_id in named if slack_id in found}
            if person is None:
                try:
                    profile = slack_sync.fetch_profile(client, user_id)
                except SlackApiError as error:  # e.g. user_not_found: the person stays unknown, and is told so
                    logger.warning("could not look up %s: %s", user_id, error.response.get("error"))
                    profile = None
                if profile is not None:
                    with services.db.session() as session:
                        person, _ = directory.upsert(session, team_id, profile)
                        directory.bootstrap_hr_admins(session, team_id, services.settings.hr_admins_for(team_id))
                        for hook in surface.joined if surface else []:
                            hook(session, person)
            if person is not None:
                context["actor"] = person
                context["lang"] = language_for(person.locale)
        return next()

    return RequestMiddleware(middleware)


def acting_person(context: dict[str, Any]) -> Person:
    """The person behind this request, as `attach_actor` resolved them."""
    actor = context.get("actor")
    if actor is None:
        raise PerfbotError("error.unknown_user")
    return actor


def named_person(context: dict[str, Any], slack_id: str) -> Person | None:
    """A person the command names, as `attach_actor` read them with the person acting; None when not known then."""
    return (context.get("named") or {}).get(slack_id)
