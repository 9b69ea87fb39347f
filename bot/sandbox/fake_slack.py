"""A fake Slack Web API on a local HTTP server: answers what the bot calls and records every call."""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

TEAM_ID = "T0PERF"
BOT_USER_ID = "U0BOT"
CHANNELS = {"general": "C0GENERAL", "kudos": "C0KUDOS", "team": "C0TEAM", "random": "C0RANDOM"}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None = None


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    user: str = BOT_USER_ID
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    ephemeral_to: str | None = None
    files: list[UploadedFile] = field(default_factory=list)


@dataclass
class UploadedFile:
    """A file the bot uploaded (files.getUploadURLExternal, the upload, files.completeUploadExternal)."""

    id: str
    filename: str
    title: str = ""
    content: bytes = b""
    path: Path | None = None  # where the fake saved it, so a person can open it
    channel: str | None = None


@dataclass
class Failure:
    error: str
    status: int = 200
    retry_after: int | None = None


@dataclass
class FakeSlack:
    """State of the fake workspace; `url` is the Web API base URL to give the bot."""

    members: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    modal_stacks: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    triggers: dict[str, str] = field(default_factory=dict)
    failures: dict[str, deque[Failure]] = field(default_factory=lambda: defaultdict(deque))
    missing_channels: set[str] = field(default_factory=set)
    # The workspace's public channels by name, as Slack's `#` picker offers them.
    channels: dict[str, str] = field(default_factory=lambda: dict(CHANNELS))
    installer: str = "UINSTALLER"
    files: dict[str, UploadedFile] = field(default_factory=dict)
    upload_dir: Path | None = None  # where uploaded files are saved (a temporary folder unless set)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._own_upload_dir: Path | None = None
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    @property
    def response_url_base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/response/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._own_upload_dir is not None:  # a temporary folder it made itself goes with it
            shutil.rmtree(self._own_upload_dir, ignore_errors=True)

    # -- set-up ----------------------------------------------------------------------------
    def add_member(
        self,
        user_id: str,
        name: str,
        *,
        email: str | None = None,
        tz: str = "Europe/London",
        locale: str = "en-US",
        deleted: bool = False,
        is_bot: bool = False,
        is_primary_owner: bool = False,
    ) -> dict[str, Any]:
        member = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name.lower(),
            "deleted": deleted,
            "real_name": name,
            "tz": tz,
            "tz_offset": 0,
            "locale": locale,
            "is_bot": is_bot,
            "is_app_user": False,
            "is_primary_owner": is_primary_owner,
            "profile": {"real_name": name, "display_name": name, "email": email or f"{name.lower()}@example.com"},
        }
        with self._lock:
            self.members = [m for m in self.members if m["id"] != user_id] + [member]
        return member

    def fail_next(
        self, method: str, error: str, *, status: int = 200, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Make the next `times` calls of `method` fail (e.g. 'ratelimited' with status 429)."""
        for _ in range(times):
            self.failures[method].append(Failure(error, status, retry_after))

    def new_trigger(self, user_id: str) -> str:
        trigger = f"{next(self._ids)}.{int(time.time())}.trigger"
        self.triggers[trigger] = user_id
        return trigger

    # -- what the bot did ------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def dm_channel(self, user_id: str) -> str:
        return "D" + user_id[1:]

    def messages_in(self, channel: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel and m.ephemeral_to is None]

    def dms_to(self, user_id: str) -> list[Message]:
        return self.messages_in(self.dm_channel(user_id))

    def ephemerals_to(self, user_id: str) -> list[Message]:
        return [m for m in self.messages if m.ephemeral_to == user_id]

    def uploads_to(self, user_id: str) -> list[UploadedFile]:
        """Files shared in the person's DM with the bot, oldest first."""
        return [file for message in self.dms_to(user_id) for file in message.files]

    def open_modal(self, user_id: str) -> dict[str, Any] | None:
        stack = self.modal_stacks.get(user_id) or []
        return self.views[stack[-1]] if stack else None

    # -- the API -----------------------------------------------------------------------------
    def handle(
        self, method: str, args: dict[str, Any], token: str | None = None
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.calls.append(Call(method, args, token))
            if self.failures.get(method):
                failure = self.failures[method].popleft()
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                return failure.status, {"ok": False, "error": failure.error}, headers
            answer = getattr(self, "api_" + method.replace(".", "_"), None)
            if answer is None:
                return 200, {"ok": False, "error": "unknown_method"}, {}
            return 200, answer(args), {}

    def api_auth_test(self, args):
        return {
            "ok": True,
            "team_id": TEAM_ID,
            "team": "Perf Co",
            "user_id": BOT_USER_ID,
            "bot_id": "B0BOT",
            "url": "https://perfco.slack.com/",
        }

    def api_oauth_v2_access(self, args):
        if not args.get("code"):
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "access_token": "xoxb-installed",
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": BOT_USER_ID,
            "app_id": "A0PERF",
            "team": {"id": TEAM_ID, "name": "Perf Co"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": self.installer, "scope": "", "access_token": None, "token_type": None},
        }

    def api_team_info(self, args):
        return {"ok": True, "team": {"id": TEAM_ID, "name": "Perf Co"}}

    def api_users_list(self, args):
        limit = min(int(args.get("limit") or 100), 1000)
        start = int(args.get("cursor") or 0)
        page = self.members[start : start + limit]
        following = start + limit if start + limit < len(self.members) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": str(following)}}

    def api_users_info(self, args):
        member = next((m for m in self.members if m["id"] == args.get("user")), None)
        return {"ok": True, "user": member} if member else {"ok": False, "error": "user_not_found"}

    def _member(self, user_id: str) -> dict[str, Any] | None:
        return next((m for m in self.members if m["id"] == user_id), None)

    def _channel_for(self, channel: str) -> str | dict[str, Any]:
        if channel.startswith(("U", "W")):
            member = self._member(channel)
            if member is None:
                return {"ok": False, "error": "channel_not_found"}
            if member.get("deleted"):
                return {"ok": False, "error": "user_disabled"}
            return self.dm_channel(channel)
        if channel in self.missing_channels:
            return {"ok": False, "error": "channel_not_found"}
        return channel

    def api_conversations_open(self, args):
        users = args.get("users", "")
        channel = self._channel_for(users.split(",")[0])
        return channel if isinstance(channel, dict) else {"ok": True, "channel": {"id": channel}}

    def _new_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def api_chat_postMessage(self, args):
        channel = self._channel_for(args.get("channel", ""))
        if isinstance(channel, dict):
            return channel
        if not args.get("text") and not args.get("blocks"):
            return {"ok": False, "error": "no_text"}
        message = Message(
            channel=channel,
            ts=self._new_ts(),
            text=args.get("text", ""),
            blocks=_json_list(args.get("blocks")),
            thread_ts=args.get("thread_ts"),
            metadata=_json_obj(args.get("metadata")),
        )
        self.messages.append(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": message.ts,
            "message": {"text": message.text, "ts": message.ts, "blocks": message.blocks},
        }

    def api_chat_postEphemeral(self, args):
        channel = self._channel_for(args.get("channel", ""))
        if isinstance(channel, dict):
            return channel
        message = Message(
            channel=channel,
            ts=self._new_ts(),
            text=args.get("text", ""),
            blocks=_json_list(args.get("blocks")),
            ephemeral_to=args.get("user"),
        )
        self.messages.append(message)
        return {"ok": True, "message_ts": message.ts}

    def api_chat_update(self, args):
        for message in self.messages:
            if message.channel == args.get("channel") and message.ts == args.get("ts"):
                message.text = args.get("text", message.text)
                if "blocks" in args:
                    message.blocks = _json_list(args.get("blocks"))
                return {"ok": True, "channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def api_chat_delete(self, args):
        before = len(self.messages)
        self.messages = [m for m in self.messages if not (m.channel == args.get("channel") and m.ts == args.get("ts"))]
        return {"ok": True} if len(self.messages) < before else {"ok": False, "error": "message_not_found"}

    def api_chat_getPermalink(self, args):
        ts = str(args.get("message_ts", "")).replace(".", "")
        return {"ok": True, "permalink": f"https://perfco.slack.com/archives/{args.get('channel')}/p{ts}"}

    def api_conversations_history(self, args):
        found = [m for m in reversed(self.messages_in(args.get("channel", "")))]
        oldest = float(args.get("oldest") or 0)
        found = [m for m in found if float(m.ts) >= oldest]
        return {
            "ok": True,
            "messages": [{"ts": m.ts, "text": m.text, "metadata": m.metadata} for m in found],
            "has_more": False,
        }

    def _store_view(self, view: dict[str, Any], user_id: str | None, view_id: str | None = None) -> dict:
        view_id = view_id or f"V{next(self._ids):06d}"
        stored = {**view, "id": view_id, "user": user_id, "state": {"values": {}}}
        self.views[view_id] = stored
        return stored

    def api_views_open(self, args):
        user = self.triggers.get(args.get("trigger_id", ""))
        if user is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        stored = self._store_view(_json_obj(args.get("view")), user)
        self.modal_stacks[user] = [stored["id"]]
        return {"ok": True, "view": stored}

    def api_views_push(self, args):
        user = self.triggers.get(args.get("trigger_id", ""))
        if user is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        stored = self._store_view(_json_obj(args.get("view")), user)
        self.modal_stacks[user].append(stored["id"])
        return {"ok": True, "view": stored}

    def api_views_update(self, args):
        view_id = args.get("view_id")
        if view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        stored = self._store_view(_json_obj(args.get("view")), self.views[view_id]["user"], view_id)
        return {"ok": True, "view": stored}

    def api_views_publish(self, args):
        user = args.get("user_id")
        if self._member(user) is None:
            return {"ok": False, "error": "user_not_found"}
        self.homes[user] = self._store_view(_json_obj(args.get("view")), user)
        return {"ok": True, "view": self.homes[user]}

    def api_files_getUploadURLExternal(self, args):
        if not args.get("filename") or not str(args.get("length") or "").isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.files[file_id] = UploadedFile(file_id, args["filename"])
        return {"ok": True, "file_id": file_id, "upload_url": self.url.replace("/api/", f"/upload/{file_id}")}

    def receive_upload(self, file_id: str, content: bytes) -> int:
        with self._lock:
            file = self.files.get(file_id)
            if file is None:
                return 404
            file.content = content
            if self.upload_dir is None:
                self.upload_dir = self._own_upload_dir = Path(tempfile.mkdtemp(prefix="perfbot-uploads-"))
            self.upload_dir.mkdir(parents=True, exist_ok=True)
            file.path = self.upload_dir / f"{file_id}-{Path(file.filename).name}"
            file.path.write_bytes(content)
            return 200

    def api_files_completeUploadExternal(self, args):
        listed = _json_list(args.get("files"))
        found = [self.files.get(item.get("id", "")) for item in listed]
        if not found or any(file is None or file.path is None for file in found):
            return {"ok": False, "error": "file_not_found"}
        channel = args.get("channel_id")
        if channel:
            resolved = self._channel_for(channel)
            if isinstance(resolved, dict):
                return resolved
            for file, item in zip(found, listed, strict=True):
                file.title, file.channel = item.get("title") or file.filename, resolved
            self.messages.append(
                Message(
                    channel=resolved, ts=self._new_ts(), text=args.get("initial_comment", ""), blocks=[], files=found
                )
            )
        return {"ok": True, "files": [{"id": file.id, "name": file.filename, "title": file.title} for file in found]}

    def post_response(self, path: str, payload: dict[str, Any]) -> None:
        """A `respond()` to a response_url: shown to the user who triggered it."""
        with self._lock:
            self.responses.append({"path": path, **payload})
            user = path.rsplit("/", 1)[-1]
            if payload.get("delete_original"):
                return
            self.messages.append(
                Message(
                    channel="response",
                    ts=self._new_ts(),
                    text=payload.get("text", ""),
                    blocks=payload.get("blocks") or [],
                    ephemeral_to=user,
                )
            )


def _json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


def _json_obj(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value) if value else {}
    return dict(value or {})


def _handler_for(slack: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if self.path.startswith("/upload/"):
                status = slack.receive_upload(self.path.removeprefix("/upload/"), self.rfile.read(length))
                self._reply(status, {"ok": status == 200}, {})
                return
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                args = json.loads(raw or "{}")
            else:
                args = {key: values[-1] for key, values in parse_qs(raw).items()}
            if self.path.startswith("/response/"):
                slack.post_response(self.path, args)
                self._reply(200, {"ok": True}, {})
                return
            method = self.path.removeprefix("/api/")
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or args.get("token")
            self._reply(*slack.handle(method, args, token))

        def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
