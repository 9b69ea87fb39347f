"""Bolt's App as Perfbot runs it: every answer kept for replays; a given ack always answered; requests Bolt
misreads or cannot read handled; only the listeners that can match a request asked about it; a command that
answers in its ack alone runs on its request's thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltResponse
from slack_bolt.listener import Listener
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context

from bot.services import Services
from handlers.context import KeptAck
from handlers.replays import keep_answer
from handlers.request_thread import RequestThreadExecutor
from handlers.routing import Routes

logger = logging.getLogger(__name__)


# Bolt's own default pool for listeners.
LISTENER_THREADS = 5


class PerfbotApp(App):
    def __init__(self, *args: Any, services: Services, listener_executor: Executor | None = None, **kwargs: Any):
        self._executor = RequestThreadExecutor(listener_executor or ThreadPoolExecutor(max_workers=LISTENER_THREADS))
        super().__init__(*args, listener_executor=self._executor, **kwargs)
        self._services = services
        self._answers_in_ack: Callable[[dict[str, Any]], bool] = lambda body: False

    def answer_in_ack_here(self, answers_in_ack: Callable[[dict[str, Any]], bool]) -> None:
        """Run on the request's own thread the listener of a request for which `answers_in_ack(body)` holds
        (`handlers.request_thread`)."""
        self._answers_in_ack = answers_in_ack

    def _listener_here(self, body: Any) -> bool:
        """Whether the request's listener runs on its own thread. A text its command cannot read (a name Slack
        did not turn into a mention) makes the question raise: the replays middleware then asks it again and
        the error is answered there, as before."""
        try:
            return isinstance(body, dict) and self._answers_in_ack(body)
        except Exception:  # noqa: BLE001 - answered by the middleware, see above
            return False

    @property
    def _listeners(self) -> list[Listener]:
        """What Bolt's dispatch asks in turn: while it dispatches a request, the listeners that can match it."""
        return self._routes.current()

    @_listeners.setter
    def _listeners(self, listeners: list[Listener]) -> None:  # set by Bolt's own __init__
        self._routes = Routes(listeners)

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        read_form_fully(req)
        try:
            with self._routes.routing(req.body), self._executor.listener_here(self._listener_here(req.body)):
                response = super().dispatch(req)
        except Exception as error:  # noqa: BLE001 - Bolt catches listener errors; this is Bolt failing to read it
            logger.warning("refused a request Bolt could not read: %s", type(error).__name__)
            response = BoltResponse(status=400, body={"error": "malformed body"})
        response = given_ack(req, response)
        keep_answer(self._services, req, response)
        return response

    def _register_listener(self, functions, primary_matcher: ListenerMatcher, *args: Any, **kwargs: Any):
        registered = super()._register_listener(functions, matching_the_body(primary_matcher), *args, **kwargs)
        self._routes.changed()
        return registered


class BodyMatcher(ListenerMatcher):
    """A built-in matcher (command name, action id, event type, ...) that reads only the body, asked directly. Bolt
    tries every listener in turn until one matches, and asks each matcher with every argument a listener could
    ask for, built again each time: a third of a request's time went there."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return self.func(body=req.body)


def matching_the_body(matcher: ListenerMatcher) -> ListenerMatcher:
    """The matcher asked with the body alone when it reads nothing else; any other (or one from a Bolt release
    that no longer names its arguments) is left for Bolt to ask as it does."""
    if type(matcher) is BuiltinListenerMatcher and list(getattr(matcher, "arg_names", ())) == ["body"]:
        return BodyMatcher(matcher.func)
    return matcher


def given_ack(req: BoltRequest, response: BoltResponse) -> BoltResponse:
    """The ack as the listener gave it, once it did. When a listener raises after acking, Bolt's thread runner
    may answer a 500 it holds for a moment, or set the status of the ack it already handed out to 500."""
    ack = req.context.get("ack")
    given = ack.answer() if isinstance(ack, KeptAck) else None
    return response if given is None else given


def read_form_fully(req: BoltRequest) -> None:
    """Bolt takes any form body that contains the text "payload" for an interaction, and reads a slash command
    such as `/feedback @ken great payload work` as empty (so nothing answers it). Such a body is read as the
    form it is."""
    if req.body or not req.raw_body or "payload" not in req.raw_body or req.raw_body.lstrip().startswith("{"):
        return
    form = dict(parse_qsl(req.raw_body, keep_blank_values=True))
    if form and "payload" not in form:
        req.body = form
        build_context(req.context, form)
