"""The Slack surface: Bolt listeners, one module per feature; handlers/features.py registers them all."""
