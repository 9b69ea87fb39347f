"""Coaching: managers' weekly nudges, onboarding, the handbook and goal quality hints."""
