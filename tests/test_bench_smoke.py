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
