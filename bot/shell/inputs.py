"""What a person types in the shell, turned into what Slack would send: mentions, menu picks, clock moves.

Pure functions; each raises ShellInputError with a one-line explanation when the input makes no sense.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.shell.render import CHANNEL_PICKERS, MULTI, PEOPLE_PICKERS, SELECTS, TEXT_INPUTS, plain_text


class ShellInputError(ValueError):
    """The person typed something the shell cannot use; the message says what it expected."""


def handle_of(name: str) -> str:
    """The @handle the shell gives a person: their name, lower-case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower()) or "someone"


_TYPED_MENTION = re.compile(r"(?<![\w<@])@([A-Za-z][A-Za-z0-9._-]*)")


def slack_mentions(text: str, handles: Mapping[str, str]) -> str:
    """`@ken` -> `<@UDEMOKEN|ken>` for known handles, as Slack escapes a mention in a slash command."""

    def replace(match: re.Match[str]) -> str:
        handle = match.group(1).lower().rstrip(".")
        user_id = handles.get(handle)
        if user_id is None:
            return match.group(0)
        return f"<@{user_id}|{handle}>" + match.group(1)[len(handle) :]

    return _TYPED_MENTION.sub(replace, text)


_TYPED_CHANNEL = re.compile(r"(?<![\w<#&])#([a-z0-9][a-z0-9_-]*)", re.IGNORECASE)


def slack_channels(text: str, channels: Mapping[str, str]) -> str:
    """`#kudos` -> `<#C0KUDOS|kudos>` for channels the workspace has, as Slack escapes a channel in a slash
    command; any other `#word` (a company value, a channel nobody created) stays as typed, as in Slack."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        channel_id = channels.get(name)
        return f"<#{channel_id}|{name}>" if channel_id else match.group(0)

    return _TYPED_CHANNEL.sub(replace, text)


def person_id(word: str, handles: Mapping[str, str]) -> str:
    """The Slack id of `@ken`, `ken` or a raw id."""
    handle = word.strip().lstrip("@").lower()
    if handle in handles:
        return handles[handle]
    if word.strip() in handles.values():
        return word.strip()
    raise ShellInputError(f"nobody is called @{handle} here; /who lists everyone")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    return element.get("options") or [o for group in element.get("option_groups", []) for o in group["options"]]


def pick_option(element: dict[str, Any], typed: str) -> str:
    """The value of the option typed by its number, its value or its label (case-insensitive)."""
    options = _options(element)
    typed = typed.strip()
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1].get("value", plain_text(options[int(typed) - 1]["text"]))
    for option in options:
        label = plain_text(option["text"])
        if typed.lower() in (str(option.get("value", "")).lower(), label.lower()):
            return option.get("value", label)
    choices = ", ".join(f"{i}) {plain_text(o['text'])}" for i, o in enumerate(options, start=1))
    raise ShellInputError(f"no option {typed!r}; choose one of: {choices}")


def _several(typed: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+" if "," not in typed else r"\s*,\s*", typed.strip()) if part]


def element_input(element: dict[str, Any], typed: str | None, handles: Mapping[str, str] | None = None) -> Any:
    """What the sandbox should enter into `element` for `typed` (None clears an input)."""
    kind = element["type"]
    if typed is None or typed.strip() == "":
        return [] if kind in MULTI else None
    typed = typed.strip()
    handles = handles or {}
    if kind in TEXT_INPUTS:
        if kind == "number_input":
            try:
                float(typed)
            except ValueError:
                raise ShellInputError(f"{typed!r} is not a number") from None
        return typed
    if kind in SELECTS or kind in ("radio_buttons", "overflow"):
        if kind in MULTI:
            return [pick_option(element, part) for part in _several(typed)]
        return pick_option(element, typed)
    if kind == "checkboxes":
        return [pick_option(element, part) for part in _several(typed)]
    if kind in PEOPLE_PICKERS:
        people = [person_id(part, handles) for part in _several(typed)]
        return people if kind in MULTI else people[0]
    if kind in CHANNEL_PICKERS:
        channels = [part.lstrip("#") for part in _several(typed)]
        return channels if kind in MULTI else channels[0]
    if kind == "datepicker":
        try:
            return date.fromisoformat(typed).isoformat()
        except ValueError:
            raise ShellInputError(f"{typed!r} is not a date like 2027-01-08") from None
    if kind == "timepicker":
        try:
            return time.fromisoformat(typed).strftime("%H:%M")
        except ValueError:
            raise ShellInputError(f"{typed!r} is not a time like 16:00") from None
    raise ShellInputError(f"the shell cannot fill a {kind} yet")


def shown(element: dict[str, Any], value: Any, names: Mapping[str, str]) -> str:
    """A value entered into `element`, as the person would read it back (labels, @handles)."""
    values = value if isinstance(value, list) else [] if value is None else [value]
    labels = {str(o.get("value")): plain_text(o["text"]) for o in _options(element)}
    parts = [labels.get(str(v)) or (f"@{names[v]}" if v in names else str(v)) for v in values]
    return ", ".join(parts) or "(empty)"


# -- the clock ---------------------------------------------------------------------------------------------
_STEP = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def clock_target(typed: str, now: datetime, tz: str) -> datetime:
    """Where `/clock …` moves to: `+3d`, `+1w 2h`, `+90m`, `2027-01-08 16:00 [zone]`, or the next
    `fri 16:00 [zone]`; a day and time without a zone are in `tz` (the person's own)."""
    typed = typed.strip()
    if typed.startswith("+"):
        spec = typed[1:].replace(" ", "").lower()
        steps = _STEP.findall(spec)
        if not steps or "".join(n + u for n, u in steps) != spec:
            raise ShellInputError(f"cannot read {typed!r}; try +3d, +2h, +1w or +1d4h")
        delta = timedelta()
        for number, unit in steps:
            delta += timedelta(**{_UNITS[unit]: int(number)})
        return now + delta
    parts = re.sub(r"(\d)T(\d)", r"\1 \2", typed).split()
    if not parts:
        raise ShellInputError("say where to move the clock: +3d or 2027-01-08 16:00")
    zone_name = tz
    if len(parts) >= 2 and not re.fullmatch(r"\d{1,2}:\d{2}", parts[-1]):
        zone_name = parts.pop()
    try:
        zone = ZoneInfo("UTC" if zone_name.upper() == "UTC" else zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ShellInputError(f"{zone_name!r} is not a time zone (e.g. UTC, Europe/London)") from None
    if len(parts) > 2:
        raise ShellInputError(f"cannot read {typed!r}; try 2027-01-08 16:00 or fri 16:00")
    try:
        at = time.fromisoformat(parts[1].zfill(5)) if len(parts) > 1 else time(9, 0)
        weekday = _WEEKDAYS.index(parts[0].lower()[:3]) if parts[0].lower()[:3] in _WEEKDAYS else None
        if weekday is None:
            return datetime.combine(date.fromisoformat(parts[0]), at, tzinfo=zone)
    except ValueError:
        raise ShellInputError(f"cannot read {typed!r}; try 2027-01-08 16:00 or fri 16:00") from None
    today = now.astimezone(zone).date()
    moment = datetime.combine(today + timedelta(days=(weekday - today.weekday()) % 7), at, tzinfo=zone)
    return moment if moment > now else moment + timedelta(weeks=1)
