"""Bolt asks only the listeners that can match a request: the kinds table agrees with Bolt's own matchers, every
listener Perfbot registers is routed, and the route keeps Bolt's order and every listener that could match."""

from __future__ import annotations

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from slack_bolt.listener_matcher import builtins as bolt_matchers
from slack_bolt.listener_matcher.custom_listener_matcher import CustomListenerMatcher
from sqlmodel import select

from bot.sandbox.workspace import text_of
from handlers.routing import COMMAND, KNOWN_KINDS, MATCHED_KINDS, Routes, kinds_of_listener, kinds_of_request
from storage.feedback import Feedback, Visibility
from tests.test_manifest import MANIFEST

# Each built-in matcher as Bolt builds it, every constraint "x" (an event type, a callback id, an action id...).
BUILT = {
    "command": lambda: bolt_matchers.command("x"),
    "event": lambda: bolt_matchers.event("x"),
    "message_event": lambda: bolt_matchers.message_event({"type": "message"}, "x"),
    "function_executed": lambda: bolt_matchers.function_executed("x"),
    "workflow_step_execute": lambda: bolt_matchers.workflow_step_execute("x"),
    "shortcut": lambda: bolt_matchers.shortcut("x"),
    "global_shortcut": lambda: bolt_matchers.global_shortcut("x"),
    "message_shortcut": lambda: bolt_matchers.message_shortcut("x"),
    "action": lambda: bolt_matchers.action("x"),
    "block_action": lambda: bolt_matchers.block_action("x"),
    "attachment_action": lambda: bolt_matchers.attachment_action("x"),
    "dialog_submission": lambda: bolt_matchers.dialog_submission("x"),
    "dialog_cancellation": lambda: bolt_matchers.dialog_cancellation("x"),
    "workflow_step_edit": lambda: bolt_matchers.workflow_step_edit("x"),
    "view_submission": lambda: bolt_matchers.view_submission("x"),
    "view_closed": lambda: bolt_matchers.view_closed("x"),
    "workflow_step_save": lambda: bolt_matchers.workflow_step_save("x"),
    "options": lambda: bolt_matchers.options("x"),
    "block_suggestion": lambda: bolt_matchers.block_suggestion("x"),
    "dialog_suggestion": lambda: bolt_matchers.dialog_suggestion("x"),
}

# The event type a built-in event matcher needs before it reads its constraint.
EVENT_TYPES = {
    "message_event": "message",
    "function_executed": "function_executed",
    "workflow_step_execute": "workflow_step_execute",
}


def body_of_kind(kind: str, *, event_type: str = "x") -> dict:
    """A body of one kind that carries every field any built-in matcher reads, each saying "x"."""
    body = {
        "callback_id": "x",
        "action_id": "x",
        "actions": [{"action_id": "x", "block_id": "x"}],
        "view": {"callback_id": "x", "type": "workflow_step"},
        "workflow_step": {"workflow_step_edit_id": "x"},
        "event": {
            "type": event_type,
            "text": "x",
            "function": {"callback_id": "x"},
            "function_execution_id": "x",
            "callback_id": "x",
            "workflow_step": {"workflow_step_execute_id": "x"},
        },
    }
    return body | ({"command": "x"} if kind == COMMAND else {"type": kind})


def listener(matcher) -> SimpleNamespace:
    return SimpleNamespace(matchers=[matcher])


@pytest.mark.parametrize("builder", sorted(BUILT))
def test_the_kinds_table_says_exactly_which_kinds_bolts_own_matcher_matches(builder):
    matcher = BUILT[builder]()
    event_type = EVENT_TYPES.get(builder, "x")
    matched = {
        kind
        for kind in [*KNOWN_KINDS, "app_rate_limited", "url_verification"]
        if matcher.func(body=body_of_kind(kind, event_type=event_type))
    }
    assert matched == MATCHED_KINDS[builder]
    assert kinds_of_listener(listener(matcher)) == MATCHED_KINDS[builder]


def test_every_listener_perfbot_registers_is_routed_by_its_kind(ws):
    listeners = ws.perfbot.app._routes.all
    assert len(listeners) > 50
    assert all(kinds_of_listener(registered) is not None for registered in listeners)
    commands = ws.perfbot.app._routes.for_kinds(frozenset({COMMAND}))
    # One listener per declared command, in the order they were registered.
    assert len(commands) == len(MANIFEST["features"]["slash_commands"])
    assert commands == [registered for registered in listeners if registered in commands]


def test_a_request_is_offered_the_listeners_of_its_kinds_in_registration_order():
    command, action = listener(BUILT["command"]()), listener(BUILT["block_action"]())
    view = listener(BUILT["view_closed"]())
    unknown = listener(CustomListenerMatcher(app_name="test", func=lambda body: True))
    routes = Routes([action, command, unknown, view])
    assert routes.for_kinds(kinds_of_request({"command": "/x"})) == [command, unknown]
    assert routes.for_kinds(kinds_of_request({"type": "view_closed"})) == [unknown, view]
    # A body that says it is both (Slack sends none) is offered both kinds, as Bolt's full walk would.
    assert routes.for_kinds(kinds_of_request({"command": "/x", "type": "block_actions"})) == [action, command, unknown]
    # A type no built-in matcher knows: only the listener whose matcher is not a known built-in.
    assert routes.for_kinds(kinds_of_request({"type": "something_else"})) == [unknown]
    # A body Bolt could not read as an object: every listener, as Bolt would ask.
    assert routes.for_kinds(kinds_of_request("payload")) == [action, command, unknown, view]


def test_a_listener_registered_later_is_routed_too():
    command = listener(BUILT["command"]())
    routes = Routes([command])
    assert routes.for_kinds(frozenset({COMMAND})) == [command]
    later = listener(BUILT["command"]())
    routes.all.append(later)
    routes.changed()
    assert routes.for_kinds(frozenset({COMMAND})) == [command, later]


def test_the_route_is_this_threads_own_and_ends_with_the_dispatch():
    command, action = listener(BUILT["command"]()), listener(BUILT["block_action"]())
    routes = Routes([command, action])
    seen_elsewhere: list = []
    with routes.routing({"command": "/x"}):
        assert routes.current() == [command]
        other = threading.Thread(target=lambda: seen_elsewhere.append(routes.current()))
        other.start()
        other.join()
    assert seen_elsewhere == [[command, action]]
    assert routes.current() == [command, action]


def test_a_command_a_click_a_submission_and_an_event_each_reach_their_listener(ws, maria, ken):
    reply = maria.runs(f"/feedback {ken.mention} praise Good call on the rollback")
    assert f"Logged Praise for <@{ken.id}>" in reply.text
    maria.clicks("Make shared")
    assert "they see it too" in maria.last_reply().text
    maria.clicks("Edit")
    maria.submits({"text": "Good call on the rollback, and clear notes"})
    with ws.db.read() as session:
        (note,) = session.exec(select(Feedback)).all()
    assert (note.visibility, note.text) == (Visibility.SHARED, "Good call on the rollback, and clear notes")
    ws.advance(timedelta(minutes=11))
    assert "clear notes" in text_of(ken.opens_home()["blocks"])
