"""Python's cyclic garbage collector while a function starts.

A cold start creates tens of thousands of container objects that live as long as the process:
modules, classes, the SDK's service models, the classifier's model, vocabulary and indexes. With
Python's default thresholds (a young collection every 700 net allocations) the routing function's
cold start ran 133 young, 12 middle and one full collection, 50-70 ms CPU in all (measured with
`gc.callbacks`), each traversing those objects and freeing almost nothing: at its end, 633 objects
were unreachable among the 56,000 tracked.

So app.py raises the young threshold first thing (`begin`); when the first event has been handled,
`end` freezes everything alive (`gc.freeze`: a permanent generation the collector never traverses
again, so later events' collections look only at what they create) and puts the default thresholds
back. The few unreachable objects of the start stay frozen with the rest: a few kilobytes.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

COLD_START_THRESHOLD = 100_000  # net allocations of tracked objects between young collections
_lock = threading.Lock()
_state: dict[str, Any] = {"default": None, "ended": False}


def begin() -> None:
    """Collect rarely until `end` (a no-op once the start has ended)."""
    with _lock:
        if _state["default"] is None and not _state["ended"]:
            default = gc.get_threshold()
            _state["default"] = default
            gc.set_threshold(COLD_START_THRESHOLD, *default[1:])


def end() -> None:
    """Freeze what the start created and collect as Python does by default from now on (once)."""
    with _lock:
        if _state["ended"]:
            return
        _state["ended"] = True
        if _state["default"] is not None:
            gc.freeze()
            gc.set_threshold(*_state["default"])


def after_first_event(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware for every event kind: the start ends when the first event is handled (its
    stage's code, loaded on that event, is part of the start)."""
    try:
        return get_response(event)
    finally:
        if not _state["ended"]:
            end()
