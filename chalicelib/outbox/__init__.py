"""The outbox: the timeline table's stream, read by one reader that publishes every committed
event to the timeline topic, from which each consumer (routing, webhooks, notices, statistics)
reads its own queue. See topic.py for why this shape."""
