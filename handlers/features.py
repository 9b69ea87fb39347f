"""Every feature's Bolt listeners and the global middleware, registered on one app: the list of features."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import (
    checkins,
    coaching,
    context,
    cycles,
    errors,
    feedback,
    feeds,
    home,
    kudos,
    oneonone,
    org,
    perf,
    plans,
    replays,
    reports,
)
from handlers.goals import listeners as goals
from handlers.reviews import listeners as reviews
from handlers.surface import Surface

FEATURES = [
    perf,
    home,
    org,
    checkins,
    cycles,
    goals,
    feedback,
    feeds,
    kudos,
    oneonone,
    plans,
    reviews,
    coaching,
    reports,
]


def register_all(app: App, services: Services) -> Surface:
    surface = Surface()
    app.middleware(context.verified_requests)
    app.middleware(context.drop_seen_events(services))
    app.middleware(replays.answer_replays(services, surface))
    app.middleware(context.attach_actor(services, surface))
    app.error(errors.handle_error)
    for feature in FEATURES:
        feature.register(app, services, surface)
    return surface
