"""Live KPI feeds over real HTTP: a `perfbot serve` process answers /api/v1 for good points, duplicates, every
refusal, bad or foreign tokens, a department-scoped token, an oversize body, the rate limit, and random JSON."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from sqlmodel import select

from bot.feeds import tokens
from bot.feeds.schema import MAX_BODY_BYTES, MetricPoint, MetricsRequest
from bot.org import directory
from bot.sandbox.fake_slack import FakeSlack
from bot.sandbox.signed import SIGNING_SECRET
from storage.db import Database
from storage.feeds import FeedPoint
from storage.goals import Metric
from storage.org import Role
from tests.feedkit import NOW, Setup, closed_workspace, setup_goals
from tests.test_serve_http import free_port

RATE = 30  # requests per minute per token on the test server
AT = "2027-01-05T10:00:00Z"
ZOE_DEALS = {"owner_email": "zoe@example.com", "goal_title": "Close deals"}  # two cycles have one


class Api:
    def __init__(self, base: str, db: Database, setup: Setup, other_token: str) -> None:
        self.base, self.db, self.setup, self.other_token = base, db, setup, other_token

    def token(self, department: str | None = None) -> str:
        """A fresh token, so each test has its own rate-limit budget."""
        with self.db.session() as session:
            return tokens.create(
                session, actor=self.setup.people.hana, name="test", department=department, now=NOW
            ).secret

    def call(self, method: str, path: str, body: bytes | None = None, token: str | None = None, headers=None):
        headers = {"Content-Type": "application/json", **(headers or {})}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def post(self, payload, token: str | None, query: str = "") -> tuple[int, dict]:
        status, _, raw = self.call("POST", "/api/v1/metrics" + query, json.dumps(payload).encode(), token)
        return status, json.loads(raw)

    def current(self, goal_id: int) -> float:
        with self.db.session() as session:
            return session.exec(select(Metric).where(Metric.goal_id == goal_id)).one().current_value

    def feed_points(self) -> int:
        with self.db.session() as session:
            return len(session.exec(select(FeedPoint)).all())


@pytest.fixture(scope="module")
def api(tmp_path_factory) -> Iterator[Api]:
    folder = tmp_path_factory.mktemp("feeds")
    slack = FakeSlack().start()
    url = f"sqlite:///{folder / 'serve.db'}"
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": url,
        "PERFBOT_API_RATE_PER_MINUTE": str(RATE),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "serve.log", "wb"),  # noqa: SIM115 - the process owns it until the end
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):  # wait for the process to listen (bounded; not a timing assertion)
        if process.poll() is not None:
            pytest.fail((folder / "serve.log").read_text())
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    db = Database(url)  # the server has migrated it
    with db.session() as session:
        setup = setup_goals(session)
        closed_workspace(session, setup)
        other_hr, _ = directory.upsert(
            session, "T0OTHER", directory.Profile("UOTHERHR", "Ola", "ola@other.example", "UTC", "en-US", True)
        )
        directory.set_role(other_hr, Role.HR_ADMIN)
        session.flush()
        other = tokens.create(session, actor=other_hr, name="other", department=None, now=NOW).secret
    yield Api(base, db, setup, other)
    process.terminate()
    process.wait(timeout=10)
    db.dispose()
    slack.stop()
    log = (folder / "serve.log").read_text()
    assert "pfb_" not in log and "measured_at" not in log  # no token, no body in the logs


def test_a_good_point_is_recorded_and_a_repeat_is_a_duplicate(api):
    token = api.token()
    point = {"goal": f"G-{api.setup.latency}", "value": 300, "measured_at": AT, "source_id": "jira-77"}
    status, answer = api.post({"points": [point]}, token)
    assert status == 200
    assert answer["recorded"] == 1 and answer["results"][0] == {
        "index": 0,
        "status": "recorded",
        "goal": f"G-{api.setup.latency}",
    }
    assert api.current(api.setup.latency) == 300
    status, answer = api.post(point, token)  # a single point, without the list, is fine too
    assert status == 200 and answer["results"][0]["status"] == "duplicate" and answer["recorded"] == 0


def test_every_refusal_over_http(api):
    token = api.token()
    ok = {"goal": f"G-{api.setup.latency}", "value": 1, "measured_at": AT}
    refused = {
        "unknown_goal": {**ok, "goal": "G-999999"},
        "goal_not_agreed": {**ok, "goal": f"G-{api.setup.draft}"},
        "not_one_metric": {**ok, "goal": f"G-{api.setup.objective}"},
        "value_not_a_number": {**ok, "value": "lots"},
        "time_outside_cycle": {**ok, "measured_at": "2026-12-31T23:59:59Z"},
        "ambiguous_goal": {
            "owner_email": "zoe@example.com",
            "goal_title": "Close deals",
            "value": 1,
            "measured_at": AT,
        },
        "invalid_point": {**ok, "colour": "red"},
    }
    before = api.feed_points()
    status, answer = api.post({"points": list(refused.values())}, token)
    assert status == 200 and answer["recorded"] == 0 and answer["refused"] == len(refused)
    assert [r["reason"] for r in answer["results"]] == list(refused)
    assert api.feed_points() == before


def test_a_closed_cycle_refuses_points_over_http(api):
    before = api.feed_points()
    status, answer = api.post(
        {"goal": f"G-{api.setup.closed_goal}", "value": 1, "measured_at": AT}, api.setup.closed_token
    )
    assert status == 200 and answer["results"][0]["reason"] == "cycle_closed"
    assert api.feed_points() == before


def test_atomic_requests_are_all_or_nothing(api):
    token = api.token()
    good = {"goal": f"G-{api.setup.latency}", "value": 320, "measured_at": "2027-01-06T10:00:00Z"}
    bad = {**good, "goal": "G-999999"}
    before = api.current(api.setup.latency)
    status, answer = api.post({"points": [good, bad]}, token, "?atomic=true")
    assert status == 422 and answer["recorded"] == 0
    assert [r["reason"] for r in answer["results"]] == ["batch_refused", "unknown_goal"]
    assert api.current(api.setup.latency) == before
    status, answer = api.post({"points": [good, bad]}, token)
    assert status == 200 and answer["recorded"] == 1


@pytest.mark.parametrize("kind", ["missing", "wrong", "revoked", "not-bearer"])
def test_bad_tokens_get_401_and_record_nothing(api, kind):
    token = api.token()
    if kind == "revoked":
        with api.db.session() as session:
            found = tokens.verify(session, f"Bearer {token}", now=NOW)
            tokens.revoke(session, actor=api.setup.people.hana, token_id=found.id, now=NOW)
    before = api.feed_points()
    point = {"goal": f"G-{api.setup.latency}", "value": 5, "measured_at": AT, "source_id": kind}
    body = json.dumps({"points": [point]}).encode()
    headers = {
        "missing": {},
        "wrong": {"Authorization": f"Bearer {token[:-2]}xx"},
        "revoked": {"Authorization": f"Bearer {token}"},
        "not-bearer": {"Authorization": token},
    }[kind]
    status, response_headers, raw = api.call("POST", "/api/v1/metrics", body, headers=headers)
    assert status == 401 and json.loads(raw)["error"] == "unauthorized"
    assert response_headers.get("WWW-Authenticate", "").startswith("Bearer")
    assert api.call("GET", "/api/v1/goals", headers=headers)[0] == 401
    assert api.feed_points() == before


def test_a_token_from_another_workspace_cannot_touch_these_goals(api):
    status, answer = api.post({"goal": f"G-{api.setup.latency}", "value": 1, "measured_at": AT}, api.other_token)
    assert status == 200 and answer["results"][0]["reason"] == "unknown_goal"
    status, _, raw = api.call("GET", "/api/v1/goals", token=api.other_token)
    assert status == 200 and json.loads(raw) == {"goals": []}


def test_a_department_token_sees_and_feeds_only_its_department(api):
    token = api.token(department="Engineering")
    status, _, raw = api.call("GET", "/api/v1/goals", token=token)
    listed = json.loads(raw)["goals"]
    assert status == 200 and [g["key"] for g in listed] == [f"G-{api.setup.latency}"]
    assert listed[0]["unit"] == "ms" and listed[0]["target"] == 200 and listed[0]["owner_email"] == "ken@example.com"
    status, answer = api.post({"goal": f"G-{api.setup.sales}", "value": 2, "measured_at": AT}, token)
    assert status == 200 and answer["results"][0]["reason"] == "outside_department"
    status, _, raw = api.call("GET", "/api/v1/goals", token=api.token())
    assert {g["key"] for g in json.loads(raw)["goals"]} == {f"G-{api.setup.latency}", f"G-{api.setup.sales}"}


def test_an_oversize_body_gets_413(api):
    token = api.token()
    before = api.feed_points()
    point = {"goal": f"G-{api.setup.latency}", "value": 5, "measured_at": AT, "source_id": "x" * 100}
    body = json.dumps({"points": [point] * (MAX_BODY_BYTES // 100)}).encode()
    assert len(body) > MAX_BODY_BYTES
    try:
        status = api.call("POST", "/api/v1/metrics", body, token)[0]
    except (ConnectionError, urllib.error.URLError):  # the server may close on a body it refused early
        status = 413
    assert status == 413
    assert api.feed_points() == before


def test_the_rate_limit_answers_429_with_retry_after(api):
    token = api.token()
    answers = [api.call("GET", "/api/v1/goals", token=token) for _ in range(RATE)]
    assert [status for status, _, _ in answers] == [200] * RATE  # a full bucket to start with
    for _ in range(RATE):  # the bucket refills at RATE a minute: far slower than these requests come
        status, headers, raw = api.call("GET", "/api/v1/goals", token=token)
        if status != 200:
            break
    assert status == 429 and json.loads(raw)["error"] == "rate_limited"
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert api.call("GET", "/api/v1/goals", token=api.token())[0] == 200  # other tokens are not held back


def test_bad_json_and_bad_shapes_are_4xx(api):
    token = api.token()
    assert api.call("POST", "/api/v1/metrics", b"{not json", token)[0] == 400
    for shape in ([], {"points": []}, {"points": "x"}, {"points": [{}] * 501}, 3, "x", None):
        assert api.post(shape, token)[0] == 422, shape
    assert api.call("GET", "/api/v1/metrics", token=token)[0] == 405
    assert api.call("GET", "/api/v1/nothing", token=token)[0] == 404


def schema_for(document: dict, name: str) -> Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_openapi_description_is_valid_and_generated_from_the_models(api):
    status, _, raw = api.call("GET", "/api/v1/openapi.json")
    document = json.loads(raw)
    assert status == 200
    validate_openapi(document)
    schemas = document["components"]["schemas"]
    assert set(schemas["MetricPoint"]["properties"]) == set(MetricPoint.model_fields)
    assert (
        schemas["MetricsRequest"]["properties"]["points"]["maxItems"]
        == MetricsRequest.model_fields["points"].metadata[1].max_length
    )
    paths = document["paths"]
    assert {"/api/v1/metrics", "/api/v1/goals", "/api/v1/openapi.json"} <= set(paths)


def random_value(rng: random.Random):
    return rng.choice([rng.uniform(-1e6, 1e6), rng.randint(-5, 500), "12", None, True, [], {}, "", 1e308, -0.0, "NaN"])


def random_point(rng: random.Random, setup: Setup):
    """A valid point, then (half the time) one to three random changes that may or may not break it."""
    if rng.random() < 0.7:
        point = {"goal": rng.choice([f"G-{setup.latency}", f"G-{setup.sales}", f"G-{setup.draft}", "G-424242"])}
    else:
        point = {"owner_email": "ken@example.com", "goal_title": rng.choice(["Cut p95 latency", "cut P95 latency"])}
    point["value"] = rng.choice([rng.uniform(150, 450), rng.randint(0, 500)])
    point["measured_at"] = rng.choice([AT, "2027-03-31T23:00:00-05:00", "2027-01-05T10:00:00.123456+08:00"])
    if rng.random() < 0.5:
        point["source_id"] = f"fuzz-{rng.randint(0, 30)}"
    mutations = [
        ("goal", rng.choice(["G-0", "g-1", "G-", 7, "", None, "G-1234567890123"])),
        ("value", rng.choice(["12", None, True, [], {}, "", 1e308, -0.0, "NaN"])),
        ("measured_at", rng.choice(["2027-02-30T10:00:00Z", "2027-01-05T10:00:00", "yesterday", 1735689600, None])),
        ("source_id", rng.choice(["", "x" * 201, 5, "y" * 200])),
        ("owner_email", rng.choice(["", 3, "ken@example.com"])),
        ("goal_title", rng.choice(["", "x" * 151, "Cut p95 latency"])),
        ("extra", rng.choice([1, "x"])),
    ]
    if rng.random() < 0.5:
        for key, value in rng.sample(mutations, rng.randint(1, 3)):
            point[key] = value
    if rng.random() < 0.15:
        del point[rng.choice(sorted(point))]
    return point


def random_body(rng: random.Random, setup: Setup):
    shape = rng.random()
    if shape < 0.6:
        return {"points": [random_point(rng, setup) for _ in range(rng.randint(1, 6))]}
    if shape < 0.8:
        return random_point(rng, setup)
    return rng.choice([[], {"points": {}}, {"points": [1, "a", None]}, "points", 0, {"points": [], "x": 1}, [{}]])


def test_random_json_never_gets_a_5xx_and_the_schema_matches_what_is_accepted(api):
    rng = random.Random(1604)
    point_schema = schema_for(json.loads(api.call("GET", "/api/v1/openapi.json")[2]), "MetricPoint")
    tokens_ = [api.token() for _ in range(5)]
    for attempt in range(120):
        body = random_body(rng, api.setup)
        status, answer = api.post(body, tokens_[attempt % len(tokens_)], rng.choice(["", "?atomic=true"]))
        assert status < 500, (body, answer)
        if status not in (200, 422) or "results" not in answer:
            continue
        raws = body["points"] if isinstance(body, dict) and "points" in body else [body]
        for raw, result in zip(raws, answer["results"], strict=True):
            malformed = result.get("reason") in ("invalid_point", "value_not_a_number")
            assert malformed != point_schema.is_valid(raw), (raw, result)
