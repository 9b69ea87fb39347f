"""The Slack app manifest declares every command, shortcut, event and scope the code uses."""

import re
from pathlib import Path

import yaml

from bot.org.oauth import BOT_SCOPES

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())

# The bot-token scope each Web API method the code calls needs.
SCOPES = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "chat_delete": "chat:write",
    "chat_getPermalink": None,
    "users_list": "users:read",
    "users_info": "users:read",
    "conversations_open": "im:write",
    "conversations_history": "im:history",
    "conversations_info": "channels:read",
    "views_open": None,
    "views_push": None,
    "views_update": None,
    "views_publish": None,
    "auth_test": None,
    "team_info": "team:read",
    "files_upload_v2": "files:write",
}


def source() -> str:
    files = [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("handlers").rglob("*.py")]
    return "\n".join(p.read_text() for p in files if "sandbox" not in p.parts)


def test_every_slash_command_is_declared():
    used = set(re.findall(r'app\.command\("(/[\w-]+)"', source()))
    declared = {command["command"] for command in MANIFEST["features"]["slash_commands"]}
    assert used and used <= declared
    assert all(command.get("should_escape") for command in MANIFEST["features"]["slash_commands"])


def test_every_event_is_subscribed():
    used = set(re.findall(r'app\.event\("(\w+)"', source()))
    assert used <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])


def test_every_shortcut_is_declared():
    used = set(re.findall(r'app\.(?:shortcut|message_shortcut|global_shortcut)\("([\w-]+)"', source()))
    declared = {s["callback_id"] for s in MANIFEST["features"].get("shortcuts", [])}
    assert used <= declared


def test_every_web_api_method_has_its_scope():
    methods = set(re.findall(r"\.(\w+_\w+)\(", source())) & set(SCOPES) | {"users_list"}
    needed = {SCOPES[m] for m in methods} - {None}
    declared = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert needed <= declared
    assert "users:read.email" in declared  # people are matched to HR's CSV by e-mail
    assert set(BOT_SCOPES) == declared  # what the OAuth flow asks for is what the manifest declares
    unknown = set(re.findall(r"client\.(\w+)\(", source())) - set(SCOPES)
    assert not unknown, f"add these Web API methods to SCOPES: {unknown}"
