"""The organisation: people and reporting lines, the CSV import, the Slack sync, installations, access."""
