"""One idempotency rule for every command and interaction: a replay gets the first answer and changes nothing.

Slack (or a retrying proxy, or a second replica behind a load balancer) may deliver the same request more than
once. Each command and interaction is claimed by a key before any listener runs: its `trigger_id` (unique per
request), else the action's `action_ts`, else the view's id and hash. The first delivery runs and its answer is
kept with the claim; any later delivery of the same key, up to `REPLAY_WINDOW` later, gets that answer back and
runs nothing. Two deliveries at the same moment meet at the claim's unique key: one runs, the other waits
(at most `DUPLICATE_WAIT`) for the first answer. Answers are written once the request is answered, by one
thread that writes all those waiting at once (`KeptAnswers`): Slack waits for the ack, not for the
bookkeeping, and a replay reaching this process meanwhile finds its answer in memory.

A command that only reads (a feature declares which, see `Surface.reads_only`) is not claimed: its whole answer
is the ack, and run again on a replay it gives the same answer and sends nothing; what it may store on first
use (a person synced from Slack, a one-to-one's first agenda) has a unique key, so a replay finds it instead of
adding another (at worst, a duplicate racing the first on another replica loses at that key and is answered
empty). So it needs no bookkeeping and costs no write transaction; its replays are answered by running it again.
Nor is a command whose one write is stored under its trigger id (`Surface.writes_once`: `/feedback @person …`):
run again, it finds that write and answers from it; deleted since, the write's key stays taken for the window."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest

from bot.services import Services
from handlers.context import RequestMiddleware
from handlers.surface import Surface
from storage import replays
from storage.db import Database

# How long a handled request (and its answer) is remembered. Over HTTP a request signed more than 5 minutes ago
# is refused (bot/web.py), so any replay that passes verification falls inside this window; Slack's own retries
# come within seconds. Kept short because an answer may quote what the person was shown.
REPLAY_WINDOW = timedelta(hours=1)
# A duplicate that arrives while the first is still running waits this long for its answer (Slack's 3 s rule).
DUPLICATE_WAIT = 2.0
# Expired claims are dropped with a claim at most this often, not inside every writer's turn at the write lock.
SWEEP_EVERY = timedelta(minutes=1)
_POLL = 0.05
# The answers' writer thread ends after this long without an answer to write (the next answer starts another).
WRITER_IDLE_SECONDS = 1.0
# After writing, the answers' writer lets those given meanwhile gather this long: under load each batch is a turn
# at SQLite's write lock that the requests' own writes queue behind, and one every few requests was most of them.
GATHER_SECONDS = 0.05
# Interactions that can change something; option lists (block_suggestion) only read.
INTERACTIONS = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}
_MAX_KEY = 160

logger = logging.getLogger(__name__)


def request_key(body: dict[str, Any]) -> str | None:
    """What makes this command or interaction unique, or None for anything else (events have their own rule)."""
    if body.get("command"):
        kind = "command"
    elif body.get("type") in INTERACTIONS:
        kind = body["type"]
    else:
        return None
    trigger = body.get("trigger_id")
    if isinstance(trigger, str) and trigger:
        key = f"{kind}:{trigger}"
    elif kind == "block_actions" and isinstance(body.get("actions"), list) and body["actions"]:
        first = body["actions"][0] if isinstance(body["actions"][0], dict) else {}
        key = f"{kind}:{_user(body)}:{first.get('action_id')}:{first.get('action_ts')}"
    elif kind in ("view_submission", "view_closed") and isinstance(body.get("view"), dict):
        key = f"{kind}:{body['view'].get('id')}:{body['view'].get('hash')}"
    else:
        return None
    if len(key) > _MAX_KEY:
        key = f"{kind}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def _user(body: dict[str, Any]) -> str:
    user = body.get("user")
    return str(user.get("id")) if isinstance(user, dict) else str(body.get("user_id"))


class KeptAnswers:
    """The answers of requests this process claimed, written by one thread, all those waiting in one statement.
    An answer stays here until it is written, so a replay finds it here or in the database. Lost in a crash of
    the process, answers not written yet leave their replays an empty answer, as a lost answer always did."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._waiting: dict[tuple[str, str], dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._writer: threading.Thread | None = None

    def keep(self, team_id: str, request_key: str, response: BoltResponse) -> None:
        answer = {
            "team": team_id,
            "key": request_key,
            "status": response.status,
            "content_type": response.first_headers().get("content-type", "")[:64],
            "answer": response.body if isinstance(response.body, str) else "",
        }
        with self._lock:
            self._waiting.setdefault((team_id, request_key), answer)  # the first answer is the one kept
            if self._writer is None:
                self._writer = threading.Thread(target=self._write, name="replay-answers", daemon=True)
                self._writer.start()
        self._wake.set()

    def waiting(self, team_id: str, request_key: str) -> BoltResponse | None:
        with self._lock:
            answer = self._waiting.get((team_id, request_key))
        return None if answer is None else _response(answer["status"], answer["content_type"], answer["answer"])

    def _write(self) -> None:
        while True:
            self._wake.wait(WRITER_IDLE_SECONDS)
            self._wake.clear()
            with self._lock:
                batch = list(self._waiting.items())
                if not batch:
                    self._writer = None
                    return
            try:
                # Lost in a crash of the database server, an answer only makes a replay answer empty, as below.
                with self._db.unsynced() as connection:
                    replays.record_answers(connection, [answer for _, answer in batch])
            except Exception as error:  # noqa: BLE001 - the requests were handled; their replays get an empty 200
                # Not the traceback: the statement's parameters in it quote the answers, feedback included.
                logger.warning("could not keep %d answers for replays: %s", len(batch), type(error).__name__)
            with self._lock:
                for request, _ in batch:
                    self._waiting.pop(request, None)
            time.sleep(GATHER_SECONDS)


def answer_replays(services: Services, surface: Surface) -> RequestMiddleware:
    """Global middleware: claim the request, or answer a replay with the first answer."""
    swept_at = [datetime.min.replace(tzinfo=UTC)]  # when this process last dropped expired claims
    answers = KeptAnswers(services.db)

    def middleware(req: BoltRequest, next: Callable[[], Any]) -> Any:
        body, context = req.body, req.context
        key = request_key(body)
        if key is None or surface.needs_no_claim(body):
            return next()
        team_id = str(context.get("team_id") or body.get("team_id") or "")[:32]
        now = services.clock.now()
        forget = now >= swept_at[0] + SWEEP_EVERY or now < swept_at[0]  # (a clock set back sweeps too)
        if forget:
            swept_at[0] = now
        # Other replicas meet the claim as soon as it is written. Lost in a crash of the database server, it is
        # lost only with whatever followed it: the work's own commit waits for the disk, and PostgreSQL keeps its
        # log in order, so a kept work keeps its claim.
        with services.db.unsynced() as connection:
            claimed = replays.claim(
                connection,
                team_id=team_id,
                request_key=key,
                now=now,
                forget_before=now - REPLAY_WINDOW if forget else None,
            )
        if claimed:
            context["replay_claim"] = (team_id, key, answers)
            return next()
        logger.info("answered a replayed request with its first answer")
        return first_answer(services, answers, team_id, key)

    return RequestMiddleware(middleware)


def first_answer(services: Services, answers: KeptAnswers, team_id: str, key: str) -> BoltResponse:
    deadline = time.monotonic() + DUPLICATE_WAIT
    while True:
        waiting = answers.waiting(team_id, key)
        if waiting is not None:
            return waiting
        with services.db.read() as session:
            row = replays.answer_of(session, team_id=team_id, request_key=key)
            if row is not None:
                return _response(row.status, row.content_type, row.answer)
        if time.monotonic() >= deadline:  # the first is still running: it answers Slack itself
            return BoltResponse(status=200, body="")
        time.sleep(_POLL)


def _response(status: int | None, content_type: str | None, answer: str | None) -> BoltResponse:
    headers = {"content-type": content_type} if content_type else {}
    return BoltResponse(status=status or 200, body=answer or "", headers=headers)


def keep_answer(services: Services, req: BoltRequest, response: BoltResponse) -> None:
    """Keep the answer to a request this process claimed, for its replays (written once it is answered)."""
    claim = req.context.get("replay_claim")
    if claim is not None:
        team_id, key, answers = claim
        answers.keep(team_id, key, response)
