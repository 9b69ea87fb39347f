"""Every feature's planner in the clock's order, importable without the Bolt app (for a sender-only process)."""

from __future__ import annotations

from functools import partial

from bot.checkins import digests as checkin_digests
from bot.checkins import planner as checkin_planner
from bot.checkins.render import Renderer
from bot.coaching.planner import plan_weekly_digests
from bot.delivery.planning import Planner
from bot.goals.phase_reminders import plan_phase_reminders
from bot.record import kudos, oneonone_reminders, peer_requests, plan_prompts
from bot.reports import planner as report_planner
from bot.reviews import planner as review_planner
from bot.reviews import release as review_release


def planners(renderer: Renderer) -> list[Planner]:
    """Every feature's planner, in the order the clock runs them each tick."""
    return [
        partial(checkin_planner.plan_prompts, renderer=renderer),
        partial(checkin_planner.plan_reminders, renderer=renderer),
        partial(checkin_digests.plan_digests, renderer=renderer),
        plan_phase_reminders,
        peer_requests.plan_reminders,
        oneonone_reminders.plan_due_reminders,
        oneonone_reminders.plan_agenda_notices,
        plan_prompts.plan_prompts,
        kudos.plan_monthly_summary,
        review_planner.plan_review_tasks,
        review_release.plan_released_results,
        plan_weekly_digests,
        report_planner.plan_monthly_reports,
        report_planner.plan_cycle_end_reports,
    ]
