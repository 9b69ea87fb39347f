"""The planners the clock runs each tick: each looks at the database and queues what is due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from bot import kudos, oneonone, peer_feedback, plans
from bot.checkin_planner import plan_digests, plan_prompts, plan_reminders
from bot.cycle_reminders import plan_phase_reminders

# A planner queues the deliveries due at `now` (via bot.outbox.enqueue) and returns how many it queued.
Planner = Callable[[Session, datetime], int]

PLANNERS: list[Planner] = [
    plan_prompts,
    plan_reminders,
    plan_digests,
    plan_phase_reminders,
    peer_feedback.plan_reminders,
    oneonone.plan_due_reminders,
    oneonone.plan_agenda_notices,
    plans.plan_prompts,
    kudos.plan_monthly_summary,
]
