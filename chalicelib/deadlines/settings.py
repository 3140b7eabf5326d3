"""Deadline sweep settings, per stage, from the environment (read when asked, except the
schedule rate, which Chalice needs when app.py is imported)."""
from __future__ import annotations

import os

from chalicelib.shared import config


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


def sweep_minutes() -> int:
    """Schedule rate of the sweep (`LAPOR_SWEEP_MINUTES`): 15 minutes, 1 on the local stage."""
    return max(1, _int("LAPOR_SWEEP_MINUTES", 1 if config.is_local() else 15))


def warning_working_days() -> int:
    """Warn when the deadline is at most this many working days away (`LAPOR_SLA_WARNING_DAYS`)."""
    return max(0, _int("LAPOR_SLA_WARNING_DAYS", 1))


def inline_budget() -> int:
    """Due reports one sweep run handles itself (`LAPOR_SWEEP_INLINE_BUDGET`); the rest fan out."""
    return max(0, _int("LAPOR_SWEEP_INLINE_BUDGET", 200))


def fanout_batch_size() -> int:
    """Tracking ids per fan-out message (`LAPOR_SWEEP_BATCH`)."""
    return max(1, _int("LAPOR_SWEEP_BATCH", 25))


def max_due_per_run() -> int:
    """Most due ids one run collects from the indexes (`LAPOR_SWEEP_MAX_DUE`); the next run
    collects the rest, since unhandled reports stay in the index."""
    return max(1, _int("LAPOR_SWEEP_MAX_DUE", 50_000))


def time_margin_ms() -> int:
    """Stop handling inline when less Lambda time than this remains (`LAPOR_SWEEP_MARGIN_MS`)."""
    return _int("LAPOR_SWEEP_MARGIN_MS", 20_000)
