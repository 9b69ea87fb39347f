"""Reviews in Slack: `/review`, its form and buttons, HR's /perf commands; listeners.py registers them."""
