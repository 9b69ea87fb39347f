"""Delivery: the outbox of planned messages, the planning tick, the scheduler clock, the paced sender."""
