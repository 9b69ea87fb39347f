"""Reads the workspace's people from Slack (`users.list`, `users.info`) into Profiles and syncs them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.org import directory
from bot.org.directory import Profile
from storage.db import Database

PAGE_SIZE = 200
SLACKBOT_ID = "USLACKBOT"


def profile_from_member(member: dict[str, Any]) -> Profile | None:
    """A Profile for a human member; None for bots, Slackbot and app users."""
    if member.get("is_bot") or member.get("is_app_user") or member.get("id") == SLACKBOT_ID:
        return None
    details = member.get("profile") or {}
    name = (
        details.get("display_name")
        or details.get("real_name")
        or member.get("real_name")
        or member.get("name")
        or member["id"]
    )
    return Profile(
        slack_id=member["id"],
        name=name,
        email=details.get("email"),
        tz=member.get("tz") or "UTC",
        locale=member.get("locale") or "en-US",
        is_active=not member.get("deleted", False),
        is_primary_owner=bool(member.get("is_primary_owner")),
    )


def patient(client: WebClient) -> WebClient:
    """A copy of `client` that waits out `429 Retry-After` (it sleeps: never use it on a request thread)."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        retry_handlers=[*client.retry_handlers, RateLimitErrorRetryHandler(max_retry_count=5)],
    )


def member_pages(client: WebClient) -> Iterator[list[dict[str, Any]]]:
    """Every page of `users.list`, following Slack's cursor and waiting out rate limits."""
    client = patient(client)
    cursor = None
    while True:
        response = client.users_list(limit=PAGE_SIZE, cursor=cursor, include_locale=True)
        yield response.get("members", [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def sync_workspace(db: Database, client: WebClient, team_id: str, hr_admins: set[str]) -> int:
    """Store every human in the workspace, one transaction a page; returns how many were seen."""
    seen = 0
    for members in member_pages(client):
        profiles = [profile for member in members if (profile := profile_from_member(member))]
        seen += len(profiles)
        with db.session() as session:
            directory.sync_profiles(session, team_id, profiles)
    with db.session() as session:
        directory.bootstrap_hr_admins(session, team_id, hr_admins)
    return seen


def fetch_profile(client: WebClient, slack_id: str) -> Profile | None:
    response = client.users_info(user=slack_id, include_locale=True)
    return profile_from_member(response["user"])
