"""`perfbot shell`: try Perfbot in a terminal, on the fake Slack, with a demo organisation."""
