"""A smoke run of bench/checkin_fanout.py on a tiny load: everything delivered once, also across a SIGKILL
of the only process or of one of two replicas."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "checkin_fanout.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("checkin_fanout", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fan_out_delivers_each_prompt_exactly_once_even_when_killed_half_way():
    bench = load_bench()
    args = argparse.Namespace(people=48, scale=50.0, random_429=0.05, database_url=None, deadline=120, replicas=1)
    for replicas, kill_at in ((1, None), (1, 0.5), (2, 0.5)):
        args.replicas = replicas
        figures = bench.run(args, kill_at=kill_at)
        assert (figures["delivered"], figures["duplicated"], figures["lost"]) == (48, 0, 0)
        assert dict(figures["status"]) == {"sent": 48}


def test_scale_benchmark_measures_every_planner_page_and_a_command_during_a_tick(capsys):
    from bench import scale

    scale.run_backend("sqlite", None, 40)
    out = capsys.readouterr().out
    for planner in ("prompts", "reminders", "digests", "phase_reminders", "peer_requests", "plans", "kudos"):
        assert f"| {planner} (" in out and f"| {planner} (quiet): nothing due" in out
    for page in ("App Home", "/goal list @report", "/feedback show @report", "/1on1 @report"):
        assert f"| {page} (manager), through Bolt" in out
    assert "`/perf help` during the digest tick: ack" in out and "What Perfbot can do for you" in out
    assert "Sorry" not in out


def test_report_bench_smoke_run_gives_the_same_numbers_with_a_fixed_number_of_queries():
    from bench import reports

    figures = reports.run(people=30, weeks=3, runs=1)
    assert figures["same_perspectives"]
    assert figures["queries_at_30"] <= figures["queries_at_3"]  # few KPIs: one more query for their points
    assert figures["charts"] == 4 and figures["ratio"] > 0
    rows_small, rows_big = figures["export_csv_at_3"][0], figures["export_xlsx_at_30"][0]
    assert rows_small < rows_big == figures["export_csv_at_30"][0]


def test_review_benchmark_runs_on_a_small_workspace(capsys):
    from bench.reviews import main

    main(30)
    out = capsys.readouterr().out
    assert "scores: 30 people in" in out and "calibration: 30 people in" in out and "ratio" in out
    assert "planner: 30 people in" in out


def test_metrics_feed_bench_records_every_point_through_the_api(capsys):
    from bench.metrics_feed import run

    figures = run(points=60, batch=25, goals=4)
    assert (figures["points"], figures["batch"]) == (60, 25) and figures["ratio"] > 0
    assert "60 points in batches of 25 over 4 goals" in capsys.readouterr().out


def test_the_coaching_digest_benchmark_runs_and_its_statement_count_stays_flat(capsys):
    from bench.coaching import main

    small, larger = main(["40", "3"]), main(["80", "3"])
    assert (small["queued"], small["quiet_queued"]) == (5, 0)
    assert small["statements"] == larger["statements"] and larger["queued"] == 10
    assert "SQL statements" in capsys.readouterr().out


def test_load_benchmark_serves_each_app_apart_and_every_request_is_answered(sqlite_url, capsys, monkeypatch):
    from bench import load

    monkeypatch.setattr(load, "REQUESTS_EACH", 8)
    monkeypatch.setattr(load, "ROUNDS", 2)
    monkeypatch.setattr(load, "WARM_UP_EACH", 1)
    load.concurrent_clients(sqlite_url, 40)
    out = capsys.readouterr().out
    assert "| `/perf help` (reads) |" in out and "| `/feedback @report …` (writes) |" in out
    assert "failed requests" not in out
