"""A Slack stand-in for tests and `perfbot shell`: a fake Web API and people who use the real Bolt app."""
