"""The shell's own commands: /as, /who, /channels, /home, /dms, /modal, /submit, /cancel, /clock, /shortcut, /help."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from bot.i18n import ENGLISH, t
from bot.org import directory
from bot.sandbox.fake_slack import BOT_USER_ID
from bot.sandbox.signed import interaction_body
from bot.shell.inputs import ShellInputError, clock_target, handle_of
from bot.shell.render import render_view
from bot.shell.session import Shell

# Moving the clock ticks the engine along the way: every 15 minutes, at most 700 times.
FINEST_TICK = timedelta(minutes=15)
MAX_TICKS = 700

SHELL_HELP = """\
Shell commands (everything else starting with / goes to Perfbot as a Slack slash command):
  /as @name            be someone else (/who lists everyone)
  /who                 the people in the demo workspace
  /channels            its channels (type #name in a command, as in Slack)
  /home                open your App Home tab
  /dms [n]             your last n DMs from the bot (default 3)
  /modal               show the open modal again
  any other text       a message to Perfbot in your DM with it
  N                    press button N
  N value              pick value in menu N, or fill modal input N (options by number or label;
                       several values with commas; people as @name; dates 2027-01-08; times 16:00)
  /submit, /cancel     submit or close the open modal
  /shortcut id         run Perfbot's global shortcut with that callback_id
  /clock               show the time; /clock +3d, +2h, +1w moves it; /clock 2027-01-08 16:00 [zone]
                       or /clock fri 16:00 [zone] moves it to that time (default: your time zone);
                       scheduled prompts, reminders and digests fire on the way
  /help                this list;  /quit  leave (Ctrl-D too)"""


def show_help(shell: Shell, rest: str) -> None:
    shell.say(SHELL_HELP)


def as_person(shell: Shell, rest: str) -> None:
    if not rest:
        raise ShellInputError("say who: /as @ken")
    shell.refresh_people()
    shell.me = shell.user(rest.split()[0])
    person = shell.person(shell.me.id)
    with shell.ws.db.session() as session:
        manager = directory.manager_of(session, directory.get(session, shell.ws.team_id, shell.me.id))
    reports_to = f", reports to @{shell.name_of(manager.slack_id)}" if manager else ""
    department = person.department or "no department"
    shell.say(f"you are now @{shell.handle} ({shell.role_of(shell.me.id)}, {department}{reports_to})")
    shell.targets = {}
    unread = shell.take_unread()
    if unread:
        shell.say(f"{len(unread)} new message{'s' if len(unread) > 1 else ''} for you:")
        for message in unread:
            shell.show_message(message, "bot (DM)" if message.channel.startswith("D") else "bot", mine=True)
    shell.show_modal(force=True)


def who(shell: Shell, rest: str) -> None:
    shell.refresh_people()
    with shell.ws.db.session() as session:
        people = directory.people(session, shell.ws.team_id)
        by_id = {person.id: person for person in people}
        for person in people:
            manager = by_id.get(person.manager_id)
            line = (
                f"  @{handle_of(person.name):<8} {person.name:<10} {t(ENGLISH, f'role.{person.role}'):<9} "
                f"{person.department or '-':<12} {person.tz:<17}"
                + (f" reports to @{handle_of(manager.name)}" if manager else "")
            )
            shell.say(line.rstrip())


def channels(shell: Shell, rest: str) -> None:
    for name, channel_id in sorted(shell.ws.slack.channels.items()):
        shell.say(f"  #{name:<12} {channel_id}")


def open_home(shell: Shell, rest: str) -> None:
    event = {"type": "app_home_opened", "user": shell.me.id, "tab": "home", "channel": "D0HOME"}
    shell.ws.event(event, event_id=f"EvShell{uuid.uuid4().hex[:16]}")
    shell.show_news()
    home = shell.me.home()
    if home is None:
        shell.say("bot: (no App Home was published)")
        return
    rendered = shell.numbered(lambda start: render_view(home, names=shell.names, start=start), "view", home)
    shell.block("App Home", rendered)


def dms(shell: Shell, rest: str) -> None:
    count = int(rest) if rest.isdigit() else 3
    dms = [message for message in shell.me.dms() if message.user == BOT_USER_ID][-count:]
    if not dms:
        shell.say("(no DMs from the bot yet)")
    shell.take_unread()
    for message in dms:
        shell.show_message(message, "bot (DM)", mine=True)


def show_modal(shell: Shell, rest: str) -> None:
    if shell.ws.slack.open_modal(shell.me.id) is None:
        raise ShellInputError("no modal is open")
    shell.show_modal(force=True)


def submit(shell: Shell, rest: str) -> None:
    if shell.ws.slack.open_modal(shell.me.id) is None:
        raise ShellInputError("no modal is open")
    reply = shell.me.submits(shell.pending)
    if reply.body.get("response_action") == "errors":
        shell.errors = reply.body.get("errors", {})
        shell.say("bot: please fix the marked inputs")
        shell.show_modal(force=True)
        return
    if reply.status != 200:
        shell.say(f"bot: (nothing in this build answers that modal: HTTP {reply.status})")
    shell.errors = {}
    shell.keep_typed_inputs()
    if shell.ws.slack.open_modal(shell.me.id) is None:
        shell.say("(modal submitted)")
    shell.show_news()


def cancel(shell: Shell, rest: str) -> None:
    view = shell.ws.slack.open_modal(shell.me.id)
    if view is None:
        raise ShellInputError("no modal is open")
    if view.get("notify_on_close"):
        payload = {
            "type": "view_closed",
            "team": {"id": shell.ws.team_id},
            "user": {"id": shell.me.id, "team_id": shell.ws.team_id},
            "view": view,
            "is_cleared": True,
        }
        shell.ws.dispatch(interaction_body(payload))
    shell.ws.slack.modal_stacks[shell.me.id].clear()
    shell.forget_modal(view["id"])
    shell.say("(modal closed)")
    shell.show_news()


def clock(shell: Shell, rest: str) -> None:
    now = shell.ws.clock.now()
    if rest:
        target = clock_target(rest, now, shell.person(shell.me.id).tz)
        if target <= now:
            raise ShellInputError(f"the clock only moves forward; it is {shell.time_text(now)}")
        delta = target - now
        shell.ws.advance(delta, tick_every=max(FINEST_TICK, delta / MAX_TICKS))
        shell.save_clock(shell.ws.clock.now())
    shell.say(f"clock: {shell.time_text(shell.ws.clock.now())}")
    shell.show_news()


def shortcut(shell: Shell, rest: str) -> None:
    """A global shortcut, as picked from Slack's shortcut menu (⚡ in the message composer)."""
    if not rest:
        raise ShellInputError("say which: /shortcut <callback_id>")
    payload = {
        "type": "shortcut",
        "callback_id": rest.split()[0],
        "team": {"id": shell.ws.team_id},
        "user": {"id": shell.me.id, "team_id": shell.ws.team_id},
        "trigger_id": shell.ws.slack.new_trigger(shell.me.id),
        "action_ts": f"{time.time():.6f}",
    }
    reply = shell.ws.dispatch(interaction_body(payload))
    if reply.status == 404:
        shell.say(f"bot: (nothing in this build answers the shortcut {rest.split()[0]})")
    shell.show_news()


def leave(shell: Shell, rest: str) -> None:
    shell.finished = True


SHELL_COMMANDS: dict[str, Callable[[Shell, str], None]] = {
    "/help": show_help,
    "/as": as_person,
    "/who": who,
    "/channels": channels,
    "/home": open_home,
    "/dms": dms,
    "/modal": show_modal,
    "/submit": submit,
    "/cancel": cancel,
    "/clock": clock,
    "/shortcut": shortcut,
    "/quit": leave,
    "/exit": leave,
}
