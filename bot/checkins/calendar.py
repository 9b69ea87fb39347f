"""Check-in time arithmetic: local times in a person's zone (DST-correct), weeks, working days, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@cache
def zone(name: str | None) -> ZoneInfo:
    """The zone named (UTC if unknown); cached, as ZoneInfo's own strong cache holds only 8 zones."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def parse_time(value: str) -> time:
    hour, _, minute = value.partition(":")
    return time(int(hour), int(minute or 0))


def at_local(day: date, clock_time: str, tz: ZoneInfo) -> datetime:
    """`day` at `clock_time` on the wall clock of `tz`, in UTC. A time skipped by a DST jump lands after it."""
    local = datetime.combine(day, parse_time(clock_time), tzinfo=tz)
    return local.astimezone(UTC).astimezone(tz).astimezone(UTC)


@cache
def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@cache
def monday_of(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


@cache
def previous_week(week: str) -> str:
    return week_of(monday_of(week) - timedelta(days=7))


@cache
def parse_days(value: str) -> frozenset[int]:
    return frozenset(int(part) for part in value.split(",") if part.strip())


def format_days(days: set[int]) -> str:
    return ",".join(str(day) for day in sorted(days))


def day_names(days: str) -> str:
    return ", ".join(WEEKDAY_NAMES[day].capitalize() for day in sorted(parse_days(days)))


@cache
def _holidays(country: str, year: int):
    """`country` is an ISO code, optionally with a subdivision: 'GB', 'GB-ENG', 'US-CA', 'AU-NSW'.
    The package is imported on first use: it is large, and start-up should not wait for it."""
    import holidays

    code, _, subdivision = country.partition("-")
    return holidays.country_holidays(code, subdiv=subdivision or None, years=year)


def is_public_holiday(country: str | None, day: date) -> bool:
    if not country:
        return False
    try:
        return day in _holidays(country.upper(), day.year)
    except NotImplementedError:  # a country the holidays package does not know
        return False


def valid_country(country: str) -> bool:
    try:
        _holidays(country.upper(), 2027)
    except (NotImplementedError, ValueError, KeyError):
        return False
    return True


def is_working_day(day: date, workdays: str, country: str | None) -> bool:
    return day.weekday() in parse_days(workdays) and not is_public_holiday(country, day)


def next_working_day(day: date, workdays: str, country: str | None) -> date:
    following = day + timedelta(days=1)
    for _ in range(21):
        if is_working_day(following, workdays, country):
            return following
        following += timedelta(days=1)
    return following
