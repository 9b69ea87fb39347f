"""Slack's pace for chat.postMessage: ~1 message/second per channel, a workspace-wide budget, 429 pauses.

Both limits are a GCRA ("virtual scheduling") token bucket: each key keeps the theoretical time its next
message is allowed. Times are seconds (floats) on the injected clock, so nothing here sleeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Slack: "1 message per second per channel, short bursts allowed"; workspace-wide "several hundred per minute".
CHANNEL_INTERVAL = 1.0
WORKSPACE_RATE = 5.0  # messages per second for the whole workspace (300/minute)
WORKSPACE_BURST = 5


@dataclass
class Pacer:
    channel_interval: float = CHANNEL_INTERVAL
    workspace_rate: float = WORKSPACE_RATE
    workspace_burst: int = WORKSPACE_BURST
    _channel_tat: dict[tuple[str, str], float] = field(default_factory=dict)
    _workspace_tat: dict[str, float] = field(default_factory=dict)
    _paused_until: dict[str, float] = field(default_factory=dict)

    def ready_at(self, team_id: str, channel: str, now: float) -> float:
        """The earliest moment (>= now) a message to `channel` in `team_id` may be posted."""
        return max(self._channel_tat.get((team_id, channel), now), self._floor(team_id, now))

    def first_ready(
        self, keys: Iterable[tuple[str, str]], now: float, teams: Iterable[str] | None = None
    ) -> tuple[int, float]:
        """Which of `keys` ((team_id, channel) pairs, not empty) the pace allows first, and when: the first of
        the earliest, as `min` over `ready_at` would pick. Given `teams` (every workspace among `keys`; more do
        no harm), `keys` is read only as far as needed: usually its first pair, whose channel is free."""
        if teams is None:
            keys = list(keys)
            teams = {team for team, _ in keys}
        floors = {team: self._floor(team, now) for team in teams}
        lowest = min(floors.values())
        channel_tat = self._channel_tat
        first, first_at = 0, float("inf")
        for index, key in enumerate(keys):
            floor = floors[key[0]]
            at = channel_tat.get(key, floor)
            if at < floor:
                at = floor
            if at < first_at:
                first, first_at = index, at
                if at <= lowest:  # nothing later in the list can be earlier
                    break
        return first, first_at

    def _floor(self, team_id: str, now: float) -> float:
        """The earliest moment (>= now) the workspace's budget and pause allow its next message."""
        workspace = self._workspace_tat.get(team_id, now) - (self.workspace_burst - 1) / self.workspace_rate
        return max(now, workspace, self._paused_until.get(team_id, now))

    def sent(self, team_id: str, channel: str, now: float) -> None:
        """Count one message posted at `now`."""
        key = (team_id, channel)
        self._channel_tat[key] = max(self._channel_tat.get(key, now), now) + self.channel_interval
        self._workspace_tat[team_id] = max(self._workspace_tat.get(team_id, now), now) + 1 / self.workspace_rate
        if len(self._channel_tat) > 50_000:  # forget channels whose second has long passed
            self._channel_tat = {k: v for k, v in self._channel_tat.items() if v > now}

    def pause(self, team_id: str, until: float) -> None:
        """Slack said 429: nothing more for this workspace until `until`."""
        self._paused_until[team_id] = max(self._paused_until.get(team_id, until), until)
