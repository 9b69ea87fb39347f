"""What people type into the shell: mentions, menu picks, dates, and clock moves."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.shell.inputs import ShellInputError, clock_target, element_input, shown, slack_channels, slack_mentions
from bot.shell.launch import DEMO_START, start_time
from handlers.blocks.kit import plain

HANDLES = {"ken": "UDEMOKEN", "maria": "UDEMOMARIA"}
SELECT = {
    "type": "static_select",
    "action_id": "v",
    "options": [{"text": plain("Financial"), "value": "fin"}, {"text": plain("Customer"), "value": "cus"}],
}
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def test_typed_mentions_become_slack_mentions():
    assert slack_mentions("/feedback @ken great demo, cc @Maria.", HANDLES) == (
        "/feedback <@UDEMOKEN|ken> great demo, cc <@UDEMOMARIA|maria>."
    )


def test_unknown_handles_and_e_mails_are_left_alone():
    assert slack_mentions("mail ken@demo.example.com or @nobody", HANDLES) == "mail ken@demo.example.com or @nobody"


def test_typed_channels_become_slack_channels_only_when_they_exist():
    channels = {"kudos": "C0KUDOS", "team": "C0TEAM"}
    assert slack_channels("/perf kudos-channel #Kudos", channels) == "/perf kudos-channel <#C0KUDOS|kudos>"
    assert slack_channels("team channel=#team", channels) == "team channel=<#C0TEAM|team>"
    # A company value, a channel nobody made, and what is already Slack syntax stay as typed.
    typed = "/kudos <@UDEMOKEN|ken> #ownership see #nowhere and <#C0TEAM|team>, &#35;"
    assert slack_channels(typed, channels) == typed


@pytest.mark.parametrize("typed", ["2", "cus", "Customer", "customer"])
def test_an_option_by_number_value_or_label(typed):
    assert element_input(SELECT, typed) == "cus"


def test_an_unknown_option_lists_the_choices():
    with pytest.raises(ShellInputError, match=r"choose one of: 1\) Financial, 2\) Customer"):
        element_input(SELECT, "3")


def test_several_options_people_and_channels():
    checkboxes = {**SELECT, "type": "checkboxes"}
    assert element_input(checkboxes, "1, Customer") == ["fin", "cus"]
    assert element_input({"type": "multi_users_select"}, "@ken @maria", HANDLES) == ["UDEMOKEN", "UDEMOMARIA"]
    assert element_input({"type": "users_select"}, "ken", HANDLES) == "UDEMOKEN"
    assert element_input({"type": "channels_select"}, "#C0GENERAL") == "C0GENERAL"
    assert element_input({"type": "multi_users_select"}, None) == []


def test_dates_times_and_numbers_are_checked():
    assert element_input({"type": "datepicker"}, "2027-01-08") == "2027-01-08"
    assert element_input({"type": "timepicker"}, "9:30".zfill(5)) == "09:30"
    assert element_input({"type": "number_input"}, "40") == "40"
    for element, typed in [({"type": "datepicker"}, "friday"), ({"type": "timepicker"}, "4pm")]:
        with pytest.raises(ShellInputError):
            element_input(element, typed)
    with pytest.raises(ShellInputError, match="not a number"):
        element_input({"type": "number_input"}, "forty")
    with pytest.raises(ShellInputError, match="nobody is called @zed"):
        element_input({"type": "users_select"}, "@zed", HANDLES)


def test_values_read_back_as_labels_and_handles():
    assert shown(SELECT, "cus", {}) == "Customer"
    assert shown({"type": "multi_users_select"}, ["UDEMOKEN"], {"UDEMOKEN": "ken"}) == "@ken"
    assert shown({"type": "plain_text_input"}, None, {}) == "(empty)"


@pytest.mark.parametrize(
    ("typed", "delta"),
    [("+3d", timedelta(days=3)), ("+1w 2h", timedelta(weeks=1, hours=2)), ("+90m", timedelta(minutes=90))],
)
def test_clock_moves_by_a_duration(typed, delta):
    assert clock_target(typed, NOW, "Europe/London") == NOW + delta


def test_clock_set_to_a_local_time_of_the_person_or_a_named_zone():
    assert clock_target("2027-01-08 16:00", NOW, "Asia/Shanghai") == datetime(2027, 1, 8, 8, 0, tzinfo=UTC)
    assert clock_target("2027-01-08T16:00 UTC", NOW, "Asia/Shanghai") == datetime(2027, 1, 8, 16, 0, tzinfo=UTC)
    assert clock_target("2027-07-02 16:00 Europe/London", NOW, "UTC") == datetime(2027, 7, 2, 15, 0, tzinfo=UTC)
    assert clock_target("2027-01-08", NOW, "UTC") == datetime(2027, 1, 8, 9, 0, tzinfo=UTC)


def test_clock_set_to_the_next_weekday():
    assert clock_target("fri 16:00", NOW, "Europe/London") == datetime(2027, 1, 8, 16, 0, tzinfo=UTC)
    assert clock_target("Friday 16:00 Asia/Shanghai", NOW, "UTC") == datetime(2027, 1, 8, 8, 0, tzinfo=UTC)
    assert clock_target("mon 9:00", NOW, "UTC") == datetime(2027, 1, 11, 9, 0, tzinfo=UTC)  # not now: next week
    assert clock_target("mon 10:00", NOW, "UTC") == datetime(2027, 1, 4, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed", ["+3x", "+", "tomorrow", "2027-01-08 16:00 Mars/Base", "2027-13-01", "fri 25:00", "fri 16:00 UTC x"]
)
def test_clock_input_it_cannot_read(typed):
    with pytest.raises(ShellInputError):
        clock_target(typed, NOW, "UTC")


def test_the_shell_clock_starts_on_the_demo_monday_and_never_behind_the_wall_clock():
    wall = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    assert start_time(None, wall) == DEMO_START
    stored = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)
    assert start_time(stored, wall) == stored
    later_wall = datetime(2027, 3, 3, 12, 0, tzinfo=UTC)  # a Wednesday
    assert start_time(None, later_wall) == datetime(2027, 3, 8, 9, 0, tzinfo=UTC)
    assert start_time(stored, later_wall).weekday() == 0
