"""What a replica counts about delivery and the clock, in Prometheus's format (served at GET /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST


class DeliveryMetrics:
    """One registry per bot, so several bots in one process (tests, the shell) never mix their counts."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry(auto_describe=True)
        self.sent = Counter("perfbot_deliveries_sent", "Messages posted to Slack.", registry=registry)
        self.failed = Counter(
            "perfbot_delivery_failures", "Deliveries Slack refused for good.", ["reason"], registry=registry
        )
        self.rate_limited = Counter(
            "perfbot_slack_rate_limited", "429 / ratelimited answers from chat.postMessage.", registry=registry
        )
        self.retries = Counter(
            "perfbot_delivery_retries", "Posts that failed for now and will be retried.", registry=registry
        )
        self.unsure = Counter(
            "perfbot_delivery_unsure", "Posts with no answer from Slack, settled from history.", registry=registry
        )
        self.recovered = Counter(
            "perfbot_deliveries_recovered",
            "Rows a dead or stalled sender left half-sent, settled here.",
            ["outcome"],
            registry=registry,
        )
        self.claims_lost = Counter(
            "perfbot_delivery_claims_lost",
            "Claimed rows this replica did not post because another replica had taken them over.",
            registry=registry,
        )
        self.backlog = Gauge(
            "perfbot_outbox_backlog", "Deliveries due now, pending or being sent (all replicas).", registry=registry
        )
        self.oldest_pending = Gauge(
            "perfbot_outbox_oldest_pending_seconds", "Age of the oldest delivery due, not yet sent.", registry=registry
        )
        self.tick_duration = Histogram(
            "perfbot_tick_duration_seconds",
            "How long one planning tick took.",
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=registry,
        )
        self.clock_holder = Gauge(
            "perfbot_clock_holder", "1 while this replica holds the clock lock and ticks.", registry=registry
        )
        self.sender_workspaces = Gauge(
            "perfbot_sender_workspaces", "Workspaces whose messages this replica sends now.", registry=registry
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
