"""A smoke run of bench/checkin_fanout.py on a tiny load: everything delivered once, also across a SIGKILL."""

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
    args = argparse.Namespace(people=48, scale=50.0, random_429=0.05, database_url=None, deadline=120)
    for kill_at in (None, 0.5):
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
