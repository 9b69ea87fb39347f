"""Two real `perfbot serve` replicas on one PostgreSQL and a recording fake Slack behave as one bot.

Each story fans out messages and asserts, at the fake Slack, that every recipient got exactly one (0 duplicated,
0 lost), and that exactly one live replica holds the clock within 10 s. A database restart is simulated by
terminating the replicas' server sessions (`pg_terminate_backend`): restarting the shared test server would
disturb other suites using it. Every wait is bounded; the whole module skips without PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from bot.delivery.outbox import enqueue, message
from bot.org import directory
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from bot.sandbox.signed import SIGNING_SECRET
from storage import migrate
from storage.db import Database

POSTGRES_URL = os.environ.get("PERFBOT_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PERFBOT_TEST_POSTGRES_URL is not set")

LEASE_SECONDS = 3
PEOPLE = 60
FAILOVER_SECONDS = 10
DEADLINE_SECONDS = 90  # any story that has not settled by then fails


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], within: float, what: str) -> object:
    """Poll `condition` until it is truthy; fail after `within` seconds (a bound, not a measurement)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"not within {within} s: {what}")


class Replica:
    """One `perfbot serve` process."""

    def __init__(self, name: str, database_url: str, slack: FakeSlack, workdir: Path) -> None:
        self.name, self.port = name, free_port()
        self.log = workdir / f"{name}.log"
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": database_url,
            "PERFBOT_TICK_SECONDS": "1",
            "PERFBOT_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
            "PERFBOT_WORKSPACE_RATE": "20",
        }
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli.main", "serve", "--port", str(self.port), "--host", "127.0.0.1"],
                env=env,
                cwd=workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.stopped = False

    @property
    def live(self) -> bool:
        return self.process.poll() is None and not self.stopped

    def get(self, path: str) -> tuple[int, str] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=2) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return None

    def health(self) -> dict | None:
        answer = self.get("/healthz")
        if answer is None:
            return None
        try:
            return json.loads(answer[1])
        except ValueError:
            pytest.fail(f"{self.name} /healthz answered {answer[0]}: {answer[1][:200]}\n{self.log.read_text()[-3000:]}")

    def metric(self, name: str) -> float:
        answer = self.get("/metrics")
        for line in (answer[1] if answer else "").splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return 0.0

    def signal(self, number: int) -> None:
        os.kill(self.process.pid, number)
        self.stopped = number in (signal.SIGSTOP, signal.SIGKILL)
        if number == signal.SIGCONT:
            self.stopped = False

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


class Cluster:
    """The schema, the fake Slack and the replicas of one story."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.schema = f"t_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        separator = "&" if "?" in POSTGRES_URL else "?"
        options = quote(f"-csearch_path={self.schema}")
        self.url = f"{POSTGRES_URL}{separator}options={options}&application_name=perfbot-{self.schema}"
        self.slack = FakeSlack().start()
        self.recipients = [f"U{index:05d}" for index in range(PEOPLE)]
        for user_id in self.recipients:
            self.slack.add_member(user_id, f"Person {user_id}")
        self.replicas: list[Replica] = []

    def migrate(self) -> None:
        db = Database(self.url)
        migrate.upgrade(db.engine)
        db.dispose()

    def start(self, count: int = 2) -> list[Replica]:
        started = [
            Replica(f"replica-{len(self.replicas) + i}", self.url, self.slack, self.workdir) for i in range(count)
        ]
        self.replicas += started
        for replica in started:
            wait_for(lambda r=replica: r.health() or r.process.poll() is not None, 60, f"{replica.name} answers")
            assert replica.process.poll() is None, replica.log.read_text()
        return started

    def fan_out(self) -> None:
        db = Database(self.url)
        with db.session() as session:
            directory.ensure_workspace(session, TEAM_ID)
            for user_id in self.recipients:
                enqueue(session, team_id=TEAM_ID, recipient=user_id, kind="test", period="w1", message=message("hi"))
        db.dispose()

    def delivered(self) -> int:
        return len(self.slack.messages)

    def settled(self) -> bool:
        with self.admin.connect() as connection:
            left = connection.execute(
                text(f"SELECT count(*) FROM \"{self.schema}\".delivery WHERE status IN ('pending', 'sending')")
            ).scalar()
        return left == 0

    def assert_exactly_once(self) -> None:
        per_channel = Counter(m.channel for m in self.slack.messages)
        expected = {self.slack.dm_channel(user_id) for user_id in self.recipients}
        duplicated = sum(count - 1 for count in per_channel.values())
        lost = len(expected - set(per_channel))
        assert (duplicated, lost) == (0, 0), f"duplicated {duplicated}, lost {lost}"

    def clock_locks(self) -> int:
        """Granted advisory locks on this schema's clock key, across every session on the server."""
        with self.admin.connect() as connection:
            connection.execute(text(f'SET search_path TO "{self.schema}"'))
            key = connection.execute(
                text("SELECT ('x' || substr(md5('perfbot-clock:' || current_schema()), 1, 16))::bit(64)::bigint")
            ).scalar()
            unsigned = key & 0xFFFFFFFFFFFFFFFF
            return connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND classid::bigint = :high AND objid::bigint = :low AND objsubid = 1"
                ),
                {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF},
            ).scalar()

    def one_clock(self) -> Replica | None:
        """The one live replica that holds the clock, if exactly one does and the server agrees."""
        holders = [r for r in self.replicas if r.live and (r.health() or {}).get("clock_holder")]
        return holders[0] if len(holders) == 1 and self.clock_locks() == 1 else None

    def sender(self) -> Replica | None:
        return next((r for r in self.replicas if r.live and (r.health() or {}).get("sending_for")), None)

    def terminate_sessions(self) -> int:
        """What a database restart does to the replicas: every server session of theirs ends at once."""
        with self.admin.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": f"perfbot-{self.schema}"},
            ).scalar()

    def close(self) -> None:
        for replica in self.replicas:
            replica.close()
        self.slack.stop()
        self.terminate_sessions()
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()


@pytest.fixture
def cluster(tmp_path) -> Iterator[Cluster]:
    made = Cluster(tmp_path)
    try:
        yield made
    finally:
        made.close()


def settle(cluster: Cluster) -> None:
    wait_for(cluster.settled, DEADLINE_SECONDS, "every delivery sent")
    cluster.assert_exactly_once()
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one live replica holds the clock")


def test_a_straight_fan_out_from_two_replicas_reaches_everyone_once(cluster):
    cluster.migrate()
    cluster.start(2)
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one replica holds the clock")
    cluster.fan_out()
    settle(cluster)
    sent = sum(r.metric("perfbot_deliveries_sent_total") for r in cluster.replicas)
    assert sent == PEOPLE


def test_killing_the_clock_holder_moves_the_clock_and_loses_nothing(cluster):
    cluster.migrate()
    cluster.start(2)
    holder = wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one replica holds the clock")
    cluster.fan_out()
    wait_for(lambda: cluster.delivered() >= PEOPLE // 3, DEADLINE_SECONDS, "a third delivered")
    holder.signal(signal.SIGKILL)
    holder.process.wait(timeout=10)
    survivor = wait_for(cluster.one_clock, FAILOVER_SECONDS, "the clock moves to the survivor")
    assert survivor is not holder
    settle(cluster)


def test_a_sender_stopped_past_its_lease_never_posts_what_it_held(cluster):
    cluster.migrate()
    cluster.start(2)
    cluster.fan_out()
    stalled = wait_for(cluster.sender, DEADLINE_SECONDS, "a replica sends")
    wait_for(lambda: cluster.delivered() >= PEOPLE // 3, DEADLINE_SECONDS, "a third delivered")
    stalled.signal(signal.SIGSTOP)
    wait_for(cluster.settled, DEADLINE_SECONDS, "the other replica takes over and finishes")
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one live replica holds the clock")
    stalled.signal(signal.SIGCONT)
    # On waking it finds its claims taken over and drops them instead of posting them.
    wait_for(lambda: stalled.metric("perfbot_delivery_claims_lost_total") > 0, 30, "the stalled replica lets go")
    settle(cluster)


def test_a_database_restart_leaves_one_clock_and_loses_nothing(cluster):
    cluster.migrate()
    cluster.start(2)
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one replica holds the clock")
    cluster.fan_out()
    wait_for(lambda: cluster.delivered() >= PEOPLE // 3, DEADLINE_SECONDS, "a third delivered")
    assert cluster.terminate_sessions() > 0
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one replica holds the clock again")
    settle(cluster)


def test_two_replicas_starting_together_on_an_empty_database_both_come_up(cluster):
    cluster.start(2)  # both migrate at once: one waits for the other and finds the schema current
    assert all(r.health()["database"] == "reachable" for r in cluster.replicas)
    wait_for(cluster.one_clock, FAILOVER_SECONDS, "exactly one replica holds the clock")
    cluster.fan_out()
    settle(cluster)
