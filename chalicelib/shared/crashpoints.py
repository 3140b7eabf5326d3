"""Named points where the crash tests kill the process (SIGKILL, no cleanup), to prove that
work accepted before a crash is neither lost nor done twice.

`crash_point("intake.stored")` does nothing unless `LAPOR_CRASH_AT` names that point, and only
in the `test` and `local` stages (a deployed stage never reads the variable). With
`LAPOR_CRASH_AFTER=n` the process dies at the n-th time it reaches the point (default: the first).

Points (each sits on a stage boundary; tests/crash/ kills a real subprocess at each):
- `intake.stored`: the report and its SUBMIT event are committed; nothing else has happened.
- `delivery.sent`: a webhook was POSTed and answered; its delivery log entry is not updated.
- `sweep.effect_done`: one due report's effect is committed; the rest of the sweep is not.
- `statistics.counted`: one batch's counters are committed; its queue messages are not deleted.
- `timeline.published`: the stream reader published events to the timeline topic; the stream
  batch is not checkpointed (the events will be published again).
A new stage adds its point here and a case to tests/crash/test_crash_boundaries.py.
"""
from __future__ import annotations

import os
import signal
import threading

from chalicelib.settings import settings

POINTS = ("intake.stored", "delivery.sent", "sweep.effect_done", "statistics.counted", "timeline.published")
_hits: dict[str, int] = {}
_lock = threading.Lock()


def crash_point(name: str) -> None:
    if settings().crash_at != name:
        return
    if settings().stage not in ("test", "local"):
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        due = _hits[name] >= settings().crash_after
    if due:
        os.kill(os.getpid(), signal.SIGKILL)
