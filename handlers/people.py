"""Turns a mentioned Slack user id into a Person, explaining bots and unknown users in the user's terms."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.errors import Invalid, NotFound
from bot.org import directory, slack_sync
from storage.org import Person


def resolve(session: Session, client: WebClient, team_id: str, slack_id: str, *, field: str | None = None) -> Person:
    """The person behind a mention; fetched from Slack when not synced yet. Bots and strangers are refused."""
    person = directory.find(session, team_id, slack_id)
    if person is not None:
        return person
    try:
        member = client.users_info(user=slack_id)["user"]
    except SlackApiError:
        raise NotFound("org.unknown_person", field=field, person=slack_id) from None
    if member.get("is_bot") or member.get("is_app_user") or slack_id == slack_sync.SLACKBOT_ID:
        raise Invalid("feedback.bot", field=field, person=slack_id)
    if member.get("team_id") not in (None, team_id):
        raise NotFound("org.unknown_person", field=field, person=slack_id)
    profile = slack_sync.profile_from_member(member)
    person, _ = directory.upsert(session, team_id, profile)
    return person
