"""The written record kept during a cycle: feedback, peer requests, one-to-ones, plans and kudos."""
