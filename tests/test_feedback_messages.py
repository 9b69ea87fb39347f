"""The catalogs of feedback, one-to-ones and plans: both languages, the same placeholders."""

import pytest

from bot.i18n import CHINESE, ENGLISH, placeholders
from bot.messages import feedback, oneonone, plans


@pytest.mark.parametrize("module", [feedback, oneonone, plans])
def test_every_message_has_both_languages_with_the_same_placeholders(module):
    for key, translations in module.MESSAGES.items():
        assert set(translations) == {ENGLISH, CHINESE}, key
        assert placeholders(translations[ENGLISH]) == placeholders(translations[CHINESE]), key
