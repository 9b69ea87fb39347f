"""The App Home tab: the person's profile, then each feature's section; republished when it changes."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.i18n import language_for
from bot.org import directory
from bot.services import Services
from handlers.blocks.home import home_view, profile_blocks
from handlers.surface import Surface
from storage.org import Person

logger = logging.getLogger(__name__)
HOME_BLOCK_LIMIT = 100


def publish_home(
    services: Services, surface: Surface, team_id: str, slack_id: str, person: Person | None = None
) -> None:
    """Render and publish one person's App Home (best effort: a failure is logged, never raised); `person`, when
    the caller has just loaded them, spares looking them up again."""
    known = person is not None and person.slack_id == slack_id and person.team_id == team_id
    # Known to the transaction, the person is not asked for again by the sections that look them up by id.
    with services.db.read(*([person] if known else [])) as session:
        if not known:
            person = directory.find(session, team_id, slack_id)
        if person is None or not person.is_active:
            return
        lang = language_for(person.locale)
        manager = directory.manager_of(session, person)
        reports = directory.direct_reports(session, person)
        blocks = profile_blocks(lang, person, manager, reports)
        for render in surface.home_sections:
            blocks.extend(render(session, person, lang))
    try:
        services.client_for(team_id).views_publish(user_id=slack_id, view=home_view(blocks[:HOME_BLOCK_LIMIT]))
    except SlackApiError as error:
        logger.warning("could not publish App Home for %s: %s", slack_id, error.response.get("error"))


def register(app: App, services: Services, surface: Surface) -> None:
    def on_home_opened(event: dict[str, Any], context: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home":
            publish_home(services, surface, context["team_id"], event["user"], context.get("actor"))

    app.event("app_home_opened")(on_home_opened)
