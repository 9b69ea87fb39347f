"""Which of Bolt's listeners can match a request, so that Bolt asks only those.

Bolt asks every listener in turn until one matches (61 of them; a slash command registered late was asked about
after 27 others, each asked through a handful of calls and a debug line built for nothing). Each built-in matcher
first checks the kind of request (a slash command, or the payload's `type`), so a listener whose matcher is known
is asked only about requests of the kinds it can match, in the order they were registered. A listener whose
matcher is not a known built-in (or one a later Bolt names differently) is asked about every request, as Bolt
would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt.listener import Listener

COMMAND = "command"  # a slash command's body has no `type`; this is its kind here
_EVENT = frozenset({"event_callback"})
# The request kinds each of Bolt's built-in matchers can match, by the name of the function in
# `slack_bolt.listener_matcher.builtins` that builds it (as its predicates in `slack_bolt.request.payload_utils`
# check them).
MATCHED_KINDS: dict[str, frozenset[str]] = {
    "command": frozenset({COMMAND}),
    "event": _EVENT,
    "message_event": _EVENT,
    "function_executed": _EVENT,
    "workflow_step_execute": _EVENT,
    "shortcut": frozenset({"shortcut", "message_action"}),
    "global_shortcut": frozenset({"shortcut"}),
    "message_shortcut": frozenset({"message_action"}),
    "action": frozenset(
        {"block_actions", "interactive_message", "dialog_submission", "dialog_cancellation", "workflow_step_edit"}
    ),
    "block_action": frozenset({"block_actions"}),
    "attachment_action": frozenset({"interactive_message"}),
    "dialog_submission": frozenset({"dialog_submission"}),
    "dialog_cancellation": frozenset({"dialog_cancellation"}),
    "workflow_step_edit": frozenset({"workflow_step_edit"}),
    "view_submission": frozenset({"view_submission"}),
    "view_closed": frozenset({"view_closed"}),
    "workflow_step_save": frozenset({"view_submission"}),
    "options": frozenset({"block_suggestion", "dialog_suggestion"}),
    "block_suggestion": frozenset({"block_suggestion"}),
    "dialog_suggestion": frozenset({"dialog_suggestion"}),
}
KNOWN_KINDS = frozenset().union(*MATCHED_KINDS.values())


def kinds_of_listener(listener: Listener) -> frozenset[str] | None:
    """The request kinds the listener's first matcher can match, or None when it is not a known built-in."""
    if not listener.matchers:
        return None
    func = getattr(listener.matchers[0], "func", None)
    builder = getattr(func, "__qualname__", "").split(".<locals>.")[0]
    if getattr(func, "__module__", None) != "slack_bolt.listener_matcher.builtins":
        return None
    return MATCHED_KINDS.get(builder)


def kinds_of_request(body: Any) -> frozenset[str] | None:
    """The kinds a request body is, as the built-in matchers read it (a body may carry a command and a `type`),
    or None for a body they cannot read (every listener is then asked, as Bolt would)."""
    if not isinstance(body, dict):
        return None
    kinds = {COMMAND} if COMMAND in body else set()
    kind = body.get("type")
    if isinstance(kind, str) and kind in KNOWN_KINDS:
        kinds.add(kind)
    return frozenset(kinds)


class Routes:
    """The app's listeners in registration order and, while a request is dispatched on this thread, the ones
    that can match it (`current`, what Bolt's dispatch walks)."""

    def __init__(self, listeners: list[Listener]) -> None:
        self.all = listeners
        self._routes: dict[frozenset[str], list[Listener]] = {}
        self._dispatching = threading.local()

    def changed(self) -> None:
        """A listener was registered: the routes are worked out again when next asked for."""
        self._routes = {}

    def for_kinds(self, kinds: frozenset[str] | None) -> list[Listener]:
        if kinds is None:
            return self.all
        routes = self._routes
        if kinds not in routes:  # a handful of kinds at most: the known ones, and no more than two at once
            routes[kinds] = [listener for listener in self.all if _may_match(listener, kinds)]
        return routes[kinds]

    def current(self) -> list[Listener]:
        body = getattr(self._dispatching, "body", None)
        return self.all if body is None else self.for_kinds(kinds_of_request(body))

    @contextmanager
    def routing(self, body: Any) -> Iterator[None]:
        """While this thread dispatches a request with `body`, `current` is the listeners that can match it."""
        self._dispatching.body = body
        try:
            yield
        finally:
            self._dispatching.body = None


def _may_match(listener: Listener, kinds: frozenset[str]) -> bool:
    matched = kinds_of_listener(listener)
    return matched is None or not matched.isdisjoint(kinds)
