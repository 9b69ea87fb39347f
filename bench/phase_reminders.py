"""Benchmark (not a test): how long one clock tick spends planning cycle-phase reminders for N people.

    python -m bench.phase_reminders [N]

Prints the time of the first tick (everyone reminded) and of a quiet tick (nothing new to send).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bot.goals import cycles
from bot.goals.phase_reminders import plan_phase_reminders
from bot.org import directory
from storage import migrate
from storage.db import Database
from storage.org import Role

TEAM = "TBENCH"


def main(size: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate.upgrade(db.engine)
        with db.session() as session:
            profiles = [
                directory.Profile(f"U{i:06d}", f"Person {i}", f"p{i}@example.com", "Europe/London", "en-US", True)
                for i in range(size)
            ]
            people = directory.sync_profiles(session, TEAM, profiles)
            hr = people[0]
            directory.set_role(hr, Role.HR_ADMIN)
            for index, person in enumerate(people[1:], start=1):
                person.manager_id = people[(index - 1) // 8].id  # teams of eight
            start, end = date(2027, 1, 1), date(2027, 3, 31)
            cycles.create(
                session,
                team_id=TEAM,
                actor=hr,
                name="Q1",
                cadence="quarterly",
                starts_on=start,
                ends_on=end,
                timetable=cycles.suggested_timetable(start, end),
                now=datetime(2027, 1, 1, tzinfo=UTC),
            )
        moment = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
        for label in ("first tick", "quiet tick"):
            began = time.perf_counter()
            with db.session() as session:
                queued = plan_phase_reminders(session, moment)
            print(f"{label}: {size} people, {queued} reminders queued in {time.perf_counter() - began:.3f} s")
        db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
