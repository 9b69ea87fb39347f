"""Smoke run of the phase-reminder benchmark on a small workspace (the figures themselves are not checked)."""

from bench.phase_reminders import main


def test_phase_reminder_benchmark_runs(capsys):
    main(30)
    out = capsys.readouterr().out
    assert "first tick: 30 people, 29 reminders queued" in out
    assert "quiet tick: 30 people, 0 reminders queued" in out
