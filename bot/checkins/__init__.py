"""Weekly check-ins: schedules, the working calendar, answers, the planner that prompts and reminds, and rendering."""
