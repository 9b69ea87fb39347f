"""Benchmark: a Friday 16:00 check-in fan-out to N people across 12 time zones, paced against a fake Slack
that enforces 1 msg/s per channel, a workspace budget, and random 429s; once straight through and once
with the bot SIGKILLed half-way and restarted.

Time is scaled: one simulated second lasts 1/SCALE real seconds, for the fake's limits and for the bot's
clock alike (the bot's pacing and Retry-After run on the injected clock; its waits sleep scaled time).
Idle hours between two zones' 16:00 are skipped (the bot's clock jumps to the next zone's 16:00).
"Total" is the sum, over the 12 waves, of the time from a wave being due to its last message delivered;
the "rate-limit-bound minimum" is what the workspace budget allows for the same waves:
sum(max(0, size - burst) / rate). The bot's CPU per delivered message (its process's, start and planning
included) is printed beside the floor measured in the same run: slack_sdk's WebClient as shipped posting the
same message in a loop. Not a test: it prints figures.

    python bench/checkin_fanout.py                 # 10,000 people
    python bench/checkin_fanout.py --people 300    # a quick run
"""

from __future__ import annotations

import argparse
import json
import mmap
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox.fake_slack import TEAM_ID, FakeSlack  # noqa: E402

ZONES = [
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Europe/Berlin",
    "Europe/London",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Pacific/Honolulu",
]
FRIDAY = date(2027, 1, 8)
SIM_START = datetime(2027, 1, 8, 0, 0, tzinfo=UTC)
RATE, BURST, CHANNEL_INTERVAL = 5.0, 5, 1.0  # Slack's pace, per simulated second (bot.delivery.pacing defaults)


class LimitedSlack(FakeSlack):
    """The fake Slack plus chat.postMessage limits in scaled real time, and random 429s."""

    def __init__(self, scale: float, random_429: float, seed: int = 7) -> None:
        super().__init__()
        self.scale, self.random_429 = scale, random_429
        self.random = random.Random(seed)
        self.workspace_tat = 0.0
        self.channel_tat: dict[str, float] = {}
        self.limited = Counter()
        self.by_id: dict[str, dict[str, Any]] = {}
        self.posted_at: list[float] = []  # real monotonic times of the posts let through
        # Slack's Web API keeps connections alive (HTTP/1.1); the fake's default is one answer per connection.
        # Its answer goes out in two writes (headers, body): without TCP_NODELAY, Nagle's algorithm would hold
        # the second until the bot's delayed ACK, ~40 ms per post on a kept connection.
        handler = self.server.RequestHandlerClass
        handler.protocol_version, handler.disable_nagle_algorithm = "HTTP/1.1", True

    def enrol(self, people: int) -> None:
        """Every bench person as a Slack member (bulk, with a dict for lookups)."""
        for index in range(people):
            member = {"id": f"U{index:06d}", "team_id": TEAM_ID, "deleted": False, "tz": ZONES[index % len(ZONES)]}
            self.by_id[member["id"]] = member
        self.members = list(self.by_id.values())

    def _member(self, user_id: str) -> dict[str, Any] | None:
        return self.by_id.get(user_id)

    def handle(self, method: str, args: dict[str, Any], token: str | None = None):
        if method == "chat.postMessage":
            with self._lock:
                now = time.monotonic()
                channel = args.get("channel", "")
                interval = 1 / (RATE * self.scale)
                too_soon = now < self.workspace_tat - (BURST - 1) * interval or now < self.channel_tat.get(channel, 0)
                if too_soon or self.random.random() < self.random_429:
                    self.limited["budget" if too_soon else "random"] += 1
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
                self.posted_at.append(now)
                self.workspace_tat = max(self.workspace_tat, now) + interval
                self.channel_tat[channel] = max(self.channel_tat.get(channel, 0), now) + CHANNEL_INTERVAL / self.scale
        return super().handle(method, args, token)


# -- the bot's side (a separate process, so it can be SIGKILLed) -----------------------------------
class ScaledClock:
    """Simulated UTC time running SCALE times faster than real time; jumps are saved so a restart continues.

    A jump rewrites the clock file and then bumps a counter in a small file every replica maps into memory
    (`jumps_path`): a reading compares the counter, a memory read, where checking the file's mtime cost a system
    call per reading, which the bot's own clock (`datetime.now`) does not make and the figures counted as its CPU.
    """

    def __init__(self, path: Path, scale: float) -> None:
        self.path, self.scale = path, scale
        with open(jumps_path(path), "r+b") as file:
            self._jumps = mmap.mmap(file.fileno(), JUMPS_SIZE)
        self._seen = self._jumps[:JUMPS_SIZE]
        self._load()

    def _load(self) -> None:
        state = json.loads(self.path.read_text())
        self.base_sim, self.base_real = datetime.fromisoformat(state["sim"]), state["real"]

    def now(self) -> datetime:
        seen = self._jumps[:JUMPS_SIZE]
        if seen != self._seen:  # another replica jumped the shared clock
            self._seen = seen
            self._load()
        return self.base_sim + timedelta(seconds=(time.time() - self.base_real) * self.scale)

    def jump(self, moment: datetime) -> None:
        self.base_sim, self.base_real = moment, time.time()
        # Write then rename: a SIGKILL mid-write must not leave the restarted process a torn file.
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps({"sim": moment.isoformat(), "real": self.base_real}))
        os.replace(partial, self.path)
        count = int.from_bytes(self._jumps[:JUMPS_SIZE], "little") + 1
        self._jumps[:JUMPS_SIZE] = self._seen = count.to_bytes(JUMPS_SIZE, "little")


JUMPS_SIZE = 8


def jumps_path(clock_path: Path) -> Path:
    return clock_path.with_suffix(".jumps")


def worker(args: argparse.Namespace) -> None:
    from bot.checkins.calendar import at_local, zone
    from bot.checkins.render import TEXT
    from bot.delivery.planning import tick
    from bot.delivery.sender import Sender
    from bot.delivery.slack_http import KeepAliveWebClient
    from bot.planners import planners
    from storage.db import Database

    db = Database(args.database_url)
    clock = ScaledClock(Path(args.clock), args.scale)
    client = KeepAliveWebClient(token="xoxb-bench", base_url=args.slack_url)  # as `perfbot serve` and `run` make it
    sender = Sender(
        db,
        lambda team_id: client,
        clock,
        wait=lambda seconds: time.sleep(seconds / args.scale),
    )
    if args.replicas == 1:  # the previous process is known dead: settle its rows now
        sender.recover(older_than=timedelta(0))
    waves = sorted(at_local(FRIDAY, "16:00", zone(name)) for name in ZONES)
    for due in waves:
        if clock.now() < due:
            clock.jump(due)
        elif clock.now() >= due + timedelta(hours=4):
            continue
        tick(db, clock, planners(TEXT))
        sender.run_until_idle()


def spawn(args: argparse.Namespace, database_url: str, slack_url: str, clock_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--database-url",
        database_url,
        "--slack-url",
        slack_url,
        "--clock",
        str(clock_path),
        "--scale",
        str(args.scale),
        "--replicas",
        str(args.replicas),
    ]
    if getattr(args, "profile", None):  # callers that build their own arguments (the smoke test) have none
        command += ["--profile", args.profile]
    return subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent)


# -- the parent: set up, run, kill, measure ----------------------------------------------------------
def setup(database_url: str, people: int) -> None:
    from bot.checkins import schedules
    from bot.org import directory
    from bot.org.directory import Profile
    from storage import migrate
    from storage.checkins import WORKSPACE_SCOPE
    from storage.db import Database
    from storage.org import Role

    db = Database(database_url)
    migrate.upgrade(db.engine)
    with db.session() as session:
        profiles = [
            Profile(f"U{index:06d}", f"Person {index}", None, ZONES[index % len(ZONES)], "en-US", True)
            for index in range(people)
        ]
        directory.sync_profiles(session, TEAM_ID, profiles)
        hr = directory.get(session, TEAM_ID, profiles[0].slack_id)
        directory.set_role(hr, Role.HR_ADMIN)
        schedules.apply(session, hr, WORKSPACE_SCOPE, schedules.ScheduleChange(enabled=True))
    db.dispose()


def measure(database_url: str, slack: LimitedSlack, people: int) -> dict[str, Any]:
    from sqlmodel import select

    from bot.checkins.calendar import at_local, zone
    from storage.db import Database
    from storage.org import Person
    from storage.outbox import Delivery

    db = Database(database_url)
    with db.session() as session:
        tz_of = {slack_id: tz for slack_id, tz in session.exec(select(Person.slack_id, Person.tz)).all()}
        rows = session.exec(select(Delivery.recipient, Delivery.status, Delivery.sent_at)).all()
        message = session.exec(select(Delivery.message).limit(1)).one()
    db.dispose()
    last: dict[str, datetime] = {}
    sizes: Counter = Counter()
    for recipient, _status, sent_at in rows:
        sizes[tz_of[recipient]] += 1
        if sent_at is not None:
            last[tz_of[recipient]] = max(last.get(tz_of[recipient], sent_at), sent_at)
    active = sum((last[name] - at_local(FRIDAY, "16:00", zone(name))).total_seconds() for name in last)
    minimum = sum(max(0, size - BURST) / RATE for size in sizes.values())
    per_recipient = Counter(m.channel for m in slack.messages)
    delivered = len(per_recipient)
    return {
        "active": active,
        "minimum": minimum,
        "delivered": delivered,
        "duplicated": sum(count - 1 for count in per_recipient.values()),
        "lost": people - delivered,
        "status": Counter(status for _, status, _ in rows),
        "message": message,
    }


def fresh_database(args: argparse.Namespace, workdir: Path) -> tuple[str, Any]:
    """A SQLite file, or a new schema on the PostgreSQL server given; and how to drop it afterwards."""
    if not args.database_url:
        return f"sqlite:///{workdir / 'bench.db'}", lambda: None
    if not args.database_url.startswith("postgresql"):
        return args.database_url, lambda: None
    from urllib.parse import quote

    from sqlalchemy import create_engine, text

    schema = f"bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    separator = "&" if "?" in args.database_url else "?"
    return f"{args.database_url}{separator}options={quote(f'-csearch_path={schema}')}", drop


def sender_pid(database_url: str) -> int | None:
    """The process that holds the workspace's sender lease (replica ids are host:pid:random)."""
    from sqlmodel import select

    from storage.db import Database
    from storage.outbox import SenderLease

    db = Database(database_url)
    with db.session() as session:
        holder = session.exec(select(SenderLease.holder)).first()
    db.dispose()
    return int(holder.split(":")[1]) if holder else None


def run(args: argparse.Namespace, *, kill_at: float | None) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="perfbot-bench-"))
    database_url, drop = fresh_database(args, workdir)
    setup(database_url, args.people)
    clock_path = workdir / "clock.json"
    clock_path.write_text(json.dumps({"sim": SIM_START.isoformat(), "real": time.time()}))
    jumps_path(clock_path).write_bytes(bytes(JUMPS_SIZE))
    slack = LimitedSlack(args.scale, args.random_429)
    slack.enrol(args.people)
    slack.start()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    processes = [spawn(args, database_url, slack.url, clock_path) for _ in range(args.replicas)]
    killed = False
    if kill_at is not None:
        while any(process.poll() is None for process in processes):
            if len(slack.messages) >= kill_at * args.people:
                pid = sender_pid(database_url) if args.replicas > 1 else processes[0].pid
                victim = next(p for p in processes if p.pid == pid)
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                killed = True
                processes.remove(victim)
                if args.replicas == 1:  # alone: restart it; with replicas, the survivor takes over
                    processes.append(spawn(args, database_url, slack.url, clock_path))
                break
            time.sleep(0.01)
    try:
        for process in processes:
            process.wait(timeout=args.deadline)
    except subprocess.TimeoutExpired:
        for process in processes:
            process.kill()
        slack.stop()
        raise RuntimeError(f"the bot did not finish the fan-out within {args.deadline} s") from None
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = measure(database_url, slack, args.people)
    slack.stop()
    drop()
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    figures.update(
        wall=wall,
        cpu_per_message_ms=1000 * (user + system) / max(1, figures["delivered"]),
        system_per_message_ms=1000 * system / max(1, figures["delivered"]),
        peak_rss_mb=after.ru_maxrss / 1024,
        killed=killed,
        limited=dict(slack.limited),
        recovered_checks=len(slack.calls_to("conversations.history")),
        peak_rate=peak_rate(slack.posted_at, args.scale),
    )
    floor_ms = 1000 * floor_cpu_per_post(figures["message"])
    figures.update(floor_ms=floor_ms, floor_ratio=figures["cpu_per_message_ms"] / floor_ms)
    return figures


FLOOR_POSTS = 2000


def floor_cpu_per_post(message: dict[str, Any]) -> float:
    """CPU seconds per post of slack_sdk's WebClient as shipped, posting one of the fan-out's messages in a loop to
    a fake Slack without limits, in a process of its own: what a post costs with no database, pacing or recovery."""
    slack = LimitedSlack(scale=1e9, random_429=0.0)  # limits a billion times looser: none is met
    slack.enrol(FLOOR_POSTS)
    slack.start()
    try:
        argv = [sys.executable, __file__, "--floor", json.dumps(message), "--slack-url", slack.url]
        done = subprocess.run(argv, cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"the floor's poster failed: {done.stderr[-500:]}")
        return float(done.stdout)
    finally:
        slack.stop()


def floor_posts(message: dict[str, Any], slack_url: str) -> None:
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-bench", base_url=slack_url)
    client.chat_postMessage(channel="U000000", **message)  # warm: the first call loads what the rest reuse
    began = time.process_time()
    for index in range(FLOOR_POSTS):
        client.chat_postMessage(channel=f"U{index:06d}", **message)
    print((time.process_time() - began) / FLOOR_POSTS)


def peak_rate(posted_at: list[float], scale: float) -> float:
    """The most posts let through in any one simulated second (all replicas together)."""
    per_second = Counter(int(moment * scale) for moment in posted_at)
    return max(per_second.values(), default=0)


def report(name: str, figures: dict[str, Any], scale: float) -> None:
    ratio = figures["active"] / figures["minimum"] if figures["minimum"] else float("nan")
    print(f"== {name}")
    print(
        f"total time (sum of waves, simulated): {figures['active']:.0f} s   "
        f"rate-limit-bound minimum: {figures['minimum']:.0f} s   ratio: {ratio:.3f}"
    )
    print(f"wall time: {figures['wall']:.1f} s at {scale:g}x (includes setup of the worker process and planning)")
    print(
        f"bot CPU per delivered message: {figures['cpu_per_message_ms']:.2f} ms "
        f"({figures['system_per_message_ms']:.2f} of it in the kernel)   "
        f"peak RSS of the bot: {figures['peak_rss_mb']:.0f} MB"
    )
    print(
        f"CPU of a post by slack_sdk's WebClient alone, in a loop (the floor): {figures['floor_ms']:.2f} ms   "
        f"bot CPU per message / floor: {figures['floor_ratio']:.2f}×"
    )
    print(
        f"delivered / duplicated / lost: {figures['delivered']} / {figures['duplicated']} / {figures['lost']}   "
        f"rows: {dict(figures['status'])}"
    )
    print(
        f"429s: {figures['limited']} (budget = the bot outran the fake's limiter)   "
        f"killed: {figures['killed']}   history checks after the kill: {figures['recovered_checks']}"
    )
    print(
        f"combined send rate: {figures['delivered'] / figures['active']:.2f} msg/s over the waves, "
        f"peak {figures['peak_rate']} in one second, against a workspace budget of {RATE:g} msg/s (burst {BURST})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=20.0, help="simulated seconds per real second")
    parser.add_argument("--random-429", type=float, default=0.002, help="share of posts answered 429 at random")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--deadline", type=float, default=3600, help="give up after this many real seconds")
    parser.add_argument("--replicas", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="DIR", help="write a cProfile of each worker process into DIR")
    parser.add_argument("--straight-only", action="store_true", help="only the straight run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--slack-url", help=argparse.SUPPRESS)
    parser.add_argument("--clock", help=argparse.SUPPRESS)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor_posts(json.loads(args.floor), args.slack_url)
        return
    if args.worker and args.profile:  # the worker's CPU time (not its waits), one file per process
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(worker, args)
        profiler.dump_stats(Path(args.profile) / f"worker-{os.getpid()}.prof")
        return
    if args.worker:
        worker(args)
        return
    print(
        f"{args.people} people across {len(ZONES)} time zones, Friday 16:00 local; fake Slack: "
        f"{RATE:g} msg/s per workspace (burst {BURST}), 1 msg/s per channel, {args.random_429:.1%} random 429s; "
        f"time scaled {args.scale:g}x"
    )
    report("straight run", run(args, kill_at=None), args.scale)
    if args.straight_only:
        return
    report("SIGKILL half-way (55% delivered) and restart", run(args, kill_at=0.55), args.scale)
    args.replicas = 2
    report("two replicas, the sender SIGKILLed half-way (55% delivered)", run(args, kill_at=0.55), args.scale)


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
