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
