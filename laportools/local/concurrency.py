"""Makes process-wide Powertools state safe for the local runtime's concurrent invocations.

In Lambda one process serves one invocation at a time, so Powertools keeps its metric set in
plain dicts shared by every `Metrics` instance. The local stack runs many invocations at once in
one process (API threads, scaled SQS pollers, parallel stream batches): one thread flushing while
another adds a metric raises "dictionary changed size during iteration", and a handler failing
that way would send its whole batch back to the queue. A single lock around the EMF provider's
methods restores the one-at-a-time view Powertools assumes; the handlers themselves still run
concurrently.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

_LOCK = threading.RLock()
_METHODS = ("add_metric", "add_dimension", "add_dimensions", "add_metadata", "serialize_metric_set",
            "clear_metrics", "flush_metrics")


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return method(*args, **kwargs)

    guarded._lapor_locked = True  # type: ignore[attr-defined]
    return guarded


def make_metrics_thread_safe() -> None:
    """Idempotent; local stack and runtime only (never imported by code that ships to Lambda)."""
    from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import (
        AmazonCloudWatchEMFProvider,
    )

    for name in _METHODS:
        method = getattr(AmazonCloudWatchEMFProvider, name, None)
        if method is not None and not getattr(method, "_lapor_locked", False):
            setattr(AmazonCloudWatchEMFProvider, name, _locked(method))
