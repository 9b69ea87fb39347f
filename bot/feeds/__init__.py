"""Live KPI feeds: API tokens, the points integrations push, and the HTTP API they push them to."""
