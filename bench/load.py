"""The scale benchmark's HTTP half: 8 concurrent clients against Perfbot's WSGI app under waitress, beside a
bare Bolt app served the same way (and one doing the same database work in hand-written SQL), each app in a
process of its own (`bench.served_apart`); and start-up times of `perfbot --help` and `perfbot serve` beside
a bare Bolt app."""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import Connection, Engine, create_engine, text

from bench import organisation
from bench.served_apart import ServedApart
from bot.sandbox.fake_slack import TEAM_ID, FakeSlack
from bot.sandbox.signed import SIGNING_SECRET, command_body, signed_headers
from storage import migrate
from storage.db import Database

# Each client sends REQUESTS_EACH commands per app, in ROUNDS rounds that alternate between Perfbot and bare Bolt
# so both see the same machine (this one is shared); 1,200 samples per app make p99 the 12th-worst request.
CLIENTS, REQUESTS_EACH, ROUNDS, WARM_UP_EACH = 8, 150, 5, 10
# The bare app a start-up is compared with: Bolt (checking its token with auth.test, as Perfbot does) on waitress.
BARE_APP = f"""
import sys, waitress
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
app = App(client=WebClient(token="xoxb-bench", base_url=sys.argv[2]), signing_secret={SIGNING_SECRET!r})
app.command("/perf")(lambda ack: ack("ok"))
waitress.serve(SlackRequestHandler(app), host="127.0.0.1", port=int(sys.argv[1]))
"""


def bare_bolt(slack_url: str, listener_executor=None) -> App:
    """The baseline: Bolt with listeners that only answer (App Home: publishes an empty view)."""
    app = App(
        client=WebClient(token="xoxb-bench", base_url=slack_url),
        signing_secret=SIGNING_SECRET,
        token_verification_enabled=False,
        listener_executor=listener_executor,
    )
    for command in ("/perf", "/feedback", "/goal", "/1on1"):
        app.command(command)(lambda ack: ack(response_type="ephemeral", text="done"))

    def home(client: WebClient, event: dict) -> None:
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    app.event("app_home_opened")(home)
    return app


# The same work as Perfbot's, written by hand: the person acting (and the note's subject) read, the note inserted.
_PEOPLE = text("SELECT id, slack_id, locale FROM person WHERE team_id = :team AND slack_id IN (:author, :subject)")
_NOTE = text(
    "INSERT INTO feedback (team_id, subject_id, author_id, kind, visibility, text, source, anonymous, client_key,"
    " created_at, updated_at) VALUES (:team, :subject, :author, 'coaching', 'private', :text, 'command', false,"
    " :key, :now, :now) ON CONFLICT DO NOTHING"
)


def hand_written_bolt(slack_url: str, database_url: str) -> tuple[App, Engine]:
    """Bare Bolt whose commands do their database work in hand-written SQL: `/perf` reads the person acting,
    `/feedback @person …` reads both people and inserts the note (committing on its own, in one round trip on
    PostgreSQL; on SQLite one writer at a time, as SQLite allows, queued on a lock rather than in its busy
    handler's sleeps). Context for the writes' figure: what storing a note costs at all under these clients."""
    sqlite = database_url.startswith("sqlite")
    options = {"connect_args": {"check_same_thread": False}} if sqlite else {}
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT", pool_size=16, **options)
    one_writer = threading.Lock() if sqlite else contextlib.nullcontext()
    app = App(
        client=WebClient(token="xoxb-bench", base_url=slack_url),
        signing_secret=SIGNING_SECRET,
        token_verification_enabled=False,
    )

    def people(connection: Connection, command: dict, subject: str) -> dict[str, int]:
        named = {"team": command["team_id"], "author": command["user_id"], "subject": subject}
        return {slack_id: person_id for person_id, slack_id, _ in connection.execute(_PEOPLE, named)}

    @app.command("/perf")
    def perf(ack: Ack, command: dict) -> None:
        with engine.connect() as connection:
            people(connection, command, command["user_id"])
        ack(response_type="ephemeral", text="done")

    @app.command("/feedback")
    def feedback(ack: Ack, command: dict) -> None:
        subject = command["text"].split("|", 1)[0].removeprefix("<@")
        note = {
            "team": command["team_id"],
            "text": command["text"],
            "key": f"trigger:{command['trigger_id']}",
            "now": datetime.now(UTC).replace(tzinfo=None),  # stored as naive UTC, as Perfbot stores it
        }
        with engine.connect() as connection:
            found = people(connection, command, subject)
            with one_writer:
                connection.execute(_NOTE, note | {"subject": found[subject], "author": found[command["user_id"]]})
        ack(response_type="ephemeral", text="done")

    return app, engine


def hammer(address: str, commands: list[tuple[str, str, str]], label: str, each: int) -> tuple[list[float], float]:
    """CLIENTS threads each send `each` signed commands, every one with its own trigger id (`label` keeps them
    apart from other rounds: a repeated id would be a replay): (latencies, seconds taken)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        host, port = address.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine = []
        for index in range(each):
            user, command, words = commands[(number + index) % len(commands)]
            body = command_body(
                command=command,
                text=words.replace("{n}", f"{label}-{number}-{index}"),
                user_id=user,
                team_id=TEAM_ID,
                trigger_id=f"{label}.{number}.{index}.t",
                response_url=f"http://127.0.0.1:9/respond/{number}/{index}",
            )
            began = time.perf_counter()
            connection.request("POST", "/slack/events", body=body, headers=signed_headers(body))
            response = connection.getresponse()
            answer = response.read()
            mine.append(time.perf_counter() - began)
            if response.status != 200 or b"went wrong" in answer:
                failures.append(f"{response.status} {answer[:80]!r}")
        connection.close()
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        print(f"  ({len(failures)} failed requests, e.g. {failures[0]})")
    return latencies, elapsed


def percentiles(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    """(p50, p99, requests per second)."""
    ordered = sorted(latencies)
    return ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99) - 1], len(ordered) / seconds


def side_by_side(apps: dict[str, str], commands: list[tuple[str, str, str]], name: str) -> dict[str, tuple]:
    """Both apps warmed up alike, then measured in alternating rounds: {app: (p50, p99, requests per second)}."""
    for app, address in apps.items():
        hammer(address, commands, f"{name}-warm-{app}", WARM_UP_EACH)
    samples: dict[str, tuple[list[float], float]] = {app: ([], 0.0) for app in apps}
    for round_ in range(ROUNDS):
        order = list(apps) if round_ % 2 == 0 else list(reversed(apps))
        for app in order:
            latencies, seconds = hammer(apps[app], commands, f"{name}-{round_}-{app}", REQUESTS_EACH // ROUNDS)
            samples[app] = (samples[app][0] + latencies, samples[app][1] + seconds)
    return {app: percentiles(*taken) for app, taken in samples.items()}


def concurrent_clients(database_url: str, people: int) -> None:
    db = Database(database_url)
    try:
        migrate.upgrade(db.engine)
        org = organisation.build(db, people, team_id=TEAM_ID)
    finally:
        db.dispose()
    managers = [f"U{index:07d}" for index in range(1, org.managers + 1)]
    reads = [(manager, "/perf", "help") for manager in managers]
    report = f"<@{org.report}|report>"
    writes = [(org.manager, "/feedback", f"{report} coaching clear notes on the incident {{n}}")]
    slack = FakeSlack().start()
    served: dict[str, ServedApart] = {}
    try:
        for name in ("perfbot", "bare", "sql"):
            served[name] = ServedApart(name, slack.url, database_url)
        apps = {name: app.address for name, app in served.items()}
        print(
            f"\n{CLIENTS} concurrent clients × {REQUESTS_EACH} signed commands per app, in {ROUNDS} alternating "
            f"rounds ({people:,} people). The target compares with bare Bolt; bare Bolt doing the same database "
            "work in hand-written SQL is shown beside it:\n"
        )
        print(
            "| command | Perfbot p50 / p99 | req/s | bare Bolt p50 / p99 | req/s | p99 ratio "
            "| bare Bolt + hand-written SQL p50 / p99 | req/s | p99 ratio to it |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for label, name, commands in (
            ("`/perf help` (reads)", "reads", reads),
            ("`/feedback @report …` (writes)", "writes", writes),
        ):
            figures = side_by_side(apps, commands, name)
            mine, bare, sql = figures["perfbot"], figures["bare"], figures["sql"]
            print(
                f"| {label} | {mine[0] * 1000:.1f} / {mine[1] * 1000:.1f} ms | {mine[2]:.0f} "
                f"| {bare[0] * 1000:.1f} / {bare[1] * 1000:.1f} ms | {bare[2]:.0f} | {mine[1] / bare[1]:.1f}× "
                f"| {sql[0] * 1000:.1f} / {sql[1] * 1000:.1f} ms | {sql[2]:.0f} | {mine[1] / sql[1]:.1f}× |"
            )
    finally:
        for app in served.values():
            app.stop()
        slack.stop()


def _first_answer(process: subprocess.Popen, url: str, *, healthy: bool = False, command: bool = False) -> float:
    """Seconds until `url` answers: any HTTP answer, or a 200 when `healthy`; with `command`, a signed `/perf help`
    POSTed there, answered 200."""
    began = time.perf_counter()
    while process.poll() is None:
        request = urllib.request.Request(url)
        if command:
            body = command_body(
                command="/perf",
                text="help",
                user_id="UBENCH",
                team_id=TEAM_ID,
                trigger_id="1.1.t",
                response_url="http://127.0.0.1:9/respond",
            )
            request = urllib.request.Request(url, data=body.encode(), headers=signed_headers(body), method="POST")
        try:
            urllib.request.urlopen(request, timeout=5).read()
            return time.perf_counter() - began
        except urllib.error.HTTPError:
            if not (healthy or command):  # any HTTP answer means it is serving
                return time.perf_counter() - began
            time.sleep(0.005)
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"{process.args} exited with {process.returncode}")


def _listen(port: int) -> list[str]:
    return ["--port", str(port), "--host", "127.0.0.1"]


def _started(argv: list[str], env: dict[str, str], where: str, *, healthy: bool = False) -> float:
    """Seconds from starting `argv` to its first answer at 127.0.0.1:`where` (a signed `/perf help` when `where`
    is the events path)."""
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    began = time.perf_counter()
    try:
        _first_answer(process, f"http://127.0.0.1:{where}", healthy=healthy, command=where.endswith("/slack/events"))
        return time.perf_counter() - began
    finally:
        process.terminate()
        process.wait()


def startup_times(database_url: str) -> None:
    slack = FakeSlack().start()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": database_url,
    }
    # Both apps start from cached bytecode, as an installed package does: the libraries' caches were written when
    # they were installed, Perfbot's own are written here (PYTHONDONTWRITEBYTECODE would otherwise make every
    # start compile Perfbot's sources, and only Perfbot's).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = Path(__file__).resolve().parent.parent
    folders = [str(root / package) for package in ("bot", "handlers", "storage")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], env=env, check=True, capture_output=True)
    perfbot, bare_app = [sys.executable, "-m", "bot.cli.main"], [sys.executable, "-c", BARE_APP]
    subprocess.run([*perfbot, "migrate"], env=env, check=True, capture_output=True)
    figures: dict[str, list[float]] = {key: [] for key in ("help", "error", "serve", "bare", "command", "bare_command")}
    for attempt in range(3):
        for key, argv in (("help", ["--help"]), ("error", ["cycle", "new"])):
            began = time.perf_counter()
            subprocess.run([*perfbot, *argv], env=env, capture_output=True)
            figures[key].append(time.perf_counter() - began)
        port = 18300 + 20 * attempt
        # Perfbot: a 200 from /healthz; the bare app: any answer (it has no health route). Then a slash command.
        figures["serve"].append(_started([*perfbot, "serve", *_listen(port)], env, f"{port}/healthz", healthy=True))
        figures["bare"].append(_started([*bare_app, str(port + 1), slack.url], env, f"{port + 1}/"))
        figures["command"].append(_started([*perfbot, "serve", *_listen(port + 2)], env, f"{port + 2}/slack/events"))
        figures["bare_command"].append(_started([*bare_app, str(port + 3), slack.url], env, f"{port + 3}/slack/events"))
    slack.stop()
    best = {key: min(values) for key, values in figures.items()}
    print("\nStart-up (best of 3, seconds):\n")
    print("| start | Perfbot | bare Bolt app | target |\n|---|---|---|---|")
    print(f"| `perfbot --help` | {best['help']:.2f} s | | ≤ 0.3 s |")
    print(f"| `perfbot cycle new` (argument error) | {best['error']:.2f} s | | ≤ 0.3 s |")
    print(f"| `perfbot serve` → first healthy answer | {best['serve']:.2f} s | {best['bare']:.2f} s | ≤ 0.8 s |")
    print(
        f"| `perfbot serve` → first `/perf help` answered | {best['command']:.2f} s | {best['bare_command']:.2f} s | |"
    )
