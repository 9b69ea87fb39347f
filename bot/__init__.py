"""Perfbot: performance management inside Slack."""
