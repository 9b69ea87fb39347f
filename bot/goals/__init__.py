"""Cycles and their timetables, the scorecard, goals and their negotiation, live values, phase reminders."""
