"""Cross-cutting runtime plumbing: settings, AWS clients, queues, the clock, tokens, observability."""
