"""Unit: the message catalog is complete in both languages, and echoed text cannot ping or forge links."""

import pytest

from bot.i18n import CHINESE, ENGLISH, LANGUAGES, catalog, language_for, placeholders, t
from bot.text import ZERO_WIDTH_SPACE, escape


@pytest.mark.parametrize("key", sorted(catalog()))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    translations = catalog()[key]
    assert set(translations) == set(LANGUAGES)
    assert placeholders(translations[ENGLISH]) == placeholders(translations[CHINESE])


@pytest.mark.parametrize(
    ("locale", "language"),
    [("zh-CN", CHINESE), ("zh_CN", CHINESE), ("en-US", ENGLISH), ("ja-JP", ENGLISH), (None, ENGLISH)],
)
def test_language_follows_the_slack_locale(locale, language):
    assert language_for(locale) == language


def test_lookup_falls_back_and_fills_placeholders():
    assert t(CHINESE, "help.unknown_command", command="x").startswith("我不认识 `/perf x`")
    assert "`/perf x`" in t("fr-FR", "help.unknown_command", command="x")


def test_escape_defuses_broadcasts_mentions_and_links():
    typed = "hi @channel & @here <!everyone> <@U123> <https://evil.example|bank>"
    safe = escape(typed)
    assert "<" not in safe and ">" not in safe
    assert "@channel" not in safe and f"@{ZERO_WIDTH_SPACE}channel" in safe
    assert "&amp;" in safe and "&lt;@U123&gt;" in safe


@pytest.mark.parametrize("language", LANGUAGES)
def test_counts_of_one_read_in_the_singular(language):
    assert t(ENGLISH, "reminder.what.not_agreed", count=1) == "1 of your goals is not agreed yet."
    assert t(ENGLISH, "reminder.what.not_agreed", count=2) == "2 of your goals are not agreed yet."
    assert t(ENGLISH, "goal.list.awaiting", count=1) == "1 goal of your reports waits for your approval."
    assert t(ENGLISH, "checkin.stats", count=1, rate="50%").startswith("Streak: 1 week ·")
    for key in [k for k in catalog() if k.endswith(".one")]:
        base = key.removesuffix(".one")
        assert base in catalog() and "(s)" not in catalog()[base][ENGLISH]
        assert placeholders(catalog()[key][language]) <= placeholders(catalog()[base][language]) | {"count"}
    assert not [k for k, v in catalog().items() if "(s)" in v[ENGLISH]]
