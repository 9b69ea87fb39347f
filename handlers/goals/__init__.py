"""Goals in Slack: `/goal`, its modals and buttons, the DMs they announce; listeners.py registers them."""
