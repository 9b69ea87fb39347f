"""Domain: API tokens, feed points (every answer and refusal), the rate limit, pace changes, the OpenAPI text."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.delivery.clock import ManualClock
from bot.errors import Forbidden, NotFound
from bot.feeds import points, tokens
from bot.feeds.api import FeedsApi
from bot.feeds.ratelimit import RateLimiter
from bot.feeds.schema import MAX_BODY_BYTES
from bot.goals import cycles, negotiation, tracking
from bot.goals.pace import pace_changes
from storage import migrate
from storage.counting import statements_sent
from storage.db import Database
from storage.feeds import ApiToken, FeedPoint
from storage.goals import Goal, GoalEvent, Metric, MetricPoint
from tests.feedkit import NOW, TEAM, setup_goals

AT = "2027-01-05T10:00:00Z"
ZOE_DEALS = {"owner_email": "zoe@example.com", "goal_title": "Close deals"}  # two cycles have one


@pytest.fixture
def feed(db):
    with db.session() as session:
        setup = setup_goals(session)
    return db, setup


def token_of(session, secret: str) -> ApiToken:
    return tokens.verify(session, f"Bearer {secret}", now=NOW)


def send(db, secret, raw, *, atomic=False, now=NOW):
    with db.session() as session:
        return points.record(session, token_of(session, secret), raw, atomic=atomic, now=now)


def metric_of(db, goal_id) -> Metric:
    with db.session() as session:
        return session.exec(select(Metric).where(Metric.goal_id == goal_id)).one()


def test_a_token_is_stored_only_as_a_hash_and_checked_exactly(feed):
    db, setup = feed
    with db.session() as session:
        stored = session.exec(select(ApiToken)).all()
        assert {t.name for t in stored} == {"Jira sync", "CI"}
        assert all(setup.token not in (t.token_hash, t.name) for t in stored)
        assert token_of(session, setup.token).name == "Jira sync"
        assert token_of(session, setup.token).last_used_at == NOW
        for wrong in (None, "", setup.token, f"Basic {setup.token}", f"Bearer {setup.token}x", "Bearer pfb_"):
            assert tokens.verify(session, wrong, now=NOW) is None


def test_only_hr_creates_lists_and_revokes_tokens(feed):
    db, setup = feed
    crew = setup.people
    with db.session() as session:
        with pytest.raises(Forbidden):
            tokens.create(session, actor=crew.maria, name="x", department=None, now=NOW)
        with pytest.raises(Forbidden):
            tokens.listed(session, actor=crew.ken)
        first = token_of(session, setup.token)
        with pytest.raises(Forbidden):
            tokens.revoke(session, actor=crew.maria, token_id=first.id, now=NOW)
        tokens.revoke(session, actor=crew.hana, token_id=first.id, now=NOW)
        with pytest.raises(NotFound):
            tokens.revoke(session, actor=crew.hana, token_id=9999, now=NOW)
        assert tokens.verify(session, f"Bearer {setup.token}", now=NOW) is None


def test_a_good_point_moves_the_goal_and_names_the_token_in_its_history(feed):
    db, setup = feed
    outcome = send(db, setup.token, [{"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT}])
    assert (outcome.recorded, outcome.results[0].status, outcome.results[0].goal) == (
        1,
        "recorded",
        f"G-{setup.latency}",
    )
    assert metric_of(db, setup.latency).current_value == 300
    with db.session() as session:
        point = session.exec(select(MetricPoint).order_by(MetricPoint.id.desc())).first()
        assert (point.value, point.source, point.recorded_at) == (300, "api", datetime(2027, 1, 5, 10, tzinfo=UTC))
        event_ = session.exec(
            select(GoalEvent).where(GoalEvent.goal_id == setup.latency, GoalEvent.action == "feed")
        ).one()
        assert "Jira sync" in event_.comment and "300" in event_.comment


def test_owner_email_and_title_name_a_goal_too(feed):
    db, setup = feed
    raw = [{"owner_email": "KEN@example.com", "goal_title": " cut p95  LATENCY", "value": 350, "measured_at": AT}]
    assert send(db, setup.token, raw).results[0].status == "recorded"
    assert metric_of(db, setup.latency).current_value == 350


def test_the_same_goal_time_and_source_id_is_stored_once(feed):
    db, setup = feed
    point = {"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT, "source_id": "jira-1"}
    first = send(db, setup.token, [point, {**point, "measured_at": "2027-01-05T11:00:00+01:00"}])
    assert [r.status for r in first.results] == ["recorded", "duplicate"]  # the same instant, written twice
    again = send(db, setup.token, [point, {**point, "source_id": "jira-2"}])
    assert [r.status for r in again.results] == ["duplicate", "recorded"]
    with db.session() as session:
        assert len(session.exec(select(FeedPoint)).all()) == 2


def test_an_older_point_never_overwrites_a_newer_value(feed):
    db, setup = feed
    send(db, setup.token, [{"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT}])
    send(db, setup.token, [{"goal": f"G-{setup.latency}", "value": 390, "measured_at": "2027-01-04T10:00:00Z"}])
    assert metric_of(db, setup.latency).current_value == 300


def refusals(setup):
    ok = {"goal": f"G-{setup.latency}", "value": 1, "measured_at": AT}
    return {
        "unknown_goal": {**ok, "goal": "G-999999"},
        "goal_not_agreed": {**ok, "goal": f"G-{setup.draft}"},
        "not_one_metric": {**ok, "goal": f"G-{setup.objective}"},
        "ambiguous_goal": {
            "owner_email": "zoe@example.com",
            "goal_title": "Close deals",
            "value": 1,
            "measured_at": AT,
        },
        "value_not_a_number": {**ok, "value": "12"},
        "time_outside_cycle": {**ok, "measured_at": "2027-04-01T00:00:00Z"},
        "invalid_point": {**ok, "measured_at": "2027-01-05T10:00:00"},  # no time zone
    }


def test_every_refusal_is_explained_and_good_points_are_kept(feed):
    db, setup = feed
    bad = refusals(setup)
    good = {"goal": f"G-{setup.latency}", "value": 250, "measured_at": AT}
    outcome = send(db, setup.token, [*bad.values(), good, ["not", "a", "point"], {"goal": "G-1"}])
    reasons = [r.reason for r in outcome.results]
    assert reasons == [*bad, None, "invalid_point", "value_not_a_number"]
    assert all(r.detail for r in outcome.results if r.reason)
    assert outcome.recorded == 1 and metric_of(db, setup.latency).current_value == 250


def test_a_closed_cycle_refuses_points(feed):
    db, setup = feed
    with db.session() as session:
        cycles.close(session, cycles.get(session, TEAM, setup.cycle_id), NOW)
    outcome = send(db, setup.token, [{"goal": f"G-{setup.latency}", "value": 1, "measured_at": AT}])
    assert outcome.results[0].reason == "cycle_closed"


def test_a_department_token_feeds_only_its_department(feed):
    db, setup = feed
    outcome = send(
        db,
        setup.engineering_token,
        [
            {"goal": f"G-{setup.sales}", "value": 3, "measured_at": AT},
            {"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT},
        ],
    )
    assert [r.reason for r in outcome.results] == ["outside_department", None]


def test_atomic_requests_record_all_or_nothing(feed):
    db, setup = feed
    good = {"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT}
    outcome = send(db, setup.token, [good, {**good, "goal": "G-999999"}], atomic=True)
    assert outcome.refused_atomically and outcome.recorded == 0
    assert [r.reason for r in outcome.results] == ["batch_refused", "unknown_goal"]
    assert metric_of(db, setup.latency).current_value == 400
    assert send(db, setup.token, [good], atomic=True).recorded == 1


def test_a_batch_takes_the_same_number_of_queries_for_10_or_200_points(feed):
    db, setup = feed
    counts = []
    for size, day in ((10, 6), (200, 7)):
        raw = [
            {
                "goal": f"G-{setup.latency}",
                "value": i,
                "measured_at": f"2027-01-{day:02d}T10:00:00Z",
                "source_id": str(i),
            }
            for i in range(size)
        ]
        with db.session() as session:
            token = token_of(session, setup.token)
            session.flush()
            with statements_sent(db) as statements:
                assert points.record(session, token, raw, atomic=False, now=NOW).recorded == size
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_rate_limit_refills_with_time():
    clock = ManualClock(NOW)
    limiter = RateLimiter(clock, per_minute=3)
    assert [limiter.take(1) for _ in range(4)] == [0, 0, 0, 20]
    assert limiter.take(2) == 0  # per token
    clock.advance(timedelta(seconds=20))
    assert limiter.take(1) == 0 and limiter.take(1) == 20


def test_pace_changes_name_goals_that_reached_their_target_or_fell_behind(feed):
    db, setup = feed
    crew = setup.people
    week = datetime(2027, 2, 8, tzinfo=UTC)
    send(db, setup.token, [{"goal": f"G-{setup.sales}", "value": 6, "measured_at": "2027-02-01T10:00:00Z"}])
    send(
        db,
        setup.token,
        [
            {"goal": f"G-{setup.latency}", "value": 190, "measured_at": "2027-02-09T10:00:00Z"},
            {"goal": f"G-{setup.sales}", "value": 1, "measured_at": "2027-02-09T10:00:00Z"},
        ],
    )
    with db.session() as session:
        found = pace_changes(session, TEAM, [crew.ken.id, crew.zoe.id], since=week, now=week + timedelta(days=3))
        quiet = pace_changes(session, TEAM, [crew.ken.id], since=week + timedelta(days=2), now=week + timedelta(days=3))
    assert {(c.goal_id, c.kind) for c in found} == {(setup.latency, "crossed"), (setup.sales, "behind")}
    assert quiet == []
    assert negotiation  # the goals come from the negotiation rules above


def test_pace_changes_take_the_same_number_of_queries_for_10_or_100_people(tmp_path):
    from bench.metrics_feed import seed

    counts = []
    for size in (10, 100):
        database = Database(f"sqlite:///{tmp_path / f'pace{size}.db'}")
        migrate.upgrade(database.engine)
        _, goal_ids, metrics = seed(database, size)
        with database.session() as session:
            owners = list(session.exec(select(Goal.owner_person_id).where(col(Goal.id).in_(goal_ids))))
            entries = [(metrics[goal_id], 100.0, datetime(2027, 2, 9, tzinfo=UTC)) for goal_id in goal_ids]
            tracking.record_measured(session, entries, source="api", now=datetime(2027, 2, 10, tzinfo=UTC))
        try:
            with statements_sent(database) as statements, database.session() as session:
                week = datetime(2027, 2, 8, tzinfo=UTC)
                found = pace_changes(session, "TBENCH", owners, since=week, now=week + timedelta(days=3))
        finally:
            database.dispose()
        assert len(found) == size and {change.kind for change in found} == {"crossed"}
        counts.append(len(statements))
    assert counts[0] == counts[1]


def call_api(api, body: bytes, secret: str, *, length: bool = True):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/metrics",
        "QUERY_STRING": "",
        "HTTP_AUTHORIZATION": f"Bearer {secret}",
        "wsgi.input": io.BytesIO(body),
    }
    if length:
        environ["CONTENT_LENGTH"] = str(len(body))
    statuses = []
    answer = b"".join(api(environ, lambda status, headers: statuses.append(status)))
    return statuses[0], answer


def test_a_body_without_a_length_is_capped_too(feed):
    db, setup = feed
    api = FeedsApi(db, ManualClock(NOW), per_minute=10)
    status, _ = call_api(api, b" " * (MAX_BODY_BYTES + 1), setup.token, length=False)
    assert status.startswith("413")
    point = json.dumps({"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT}).encode()
    assert call_api(api, point, setup.token, length=False)[0].startswith("200")


def test_an_unexpected_failure_is_a_500_that_logs_nothing_of_the_body(feed, monkeypatch, caplog):
    db, setup = feed

    def broken(session, token, raw_points, **kwargs):
        raise RuntimeError(f"cannot store {raw_points!r}")

    monkeypatch.setattr(points, "record", broken)
    api = FeedsApi(db, ManualClock(NOW), per_minute=10)
    body = json.dumps({"goal": f"G-{setup.latency}", "value": 300, "measured_at": AT, "source_id": "secret-42"})
    status, answer = call_api(api, body.encode(), setup.token)
    assert status.startswith("500") and json.loads(answer)["error"] == "internal_error"
    assert "RuntimeError" in caplog.text and "secret-42" not in caplog.text and setup.token not in caplog.text
