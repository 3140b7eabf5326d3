"""Public statistics: per-event measures (pure), the timeline-stream consumer, figures and the
league table."""
