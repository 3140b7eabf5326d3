"""Deadline sweep settings, per stage, from `chalicelib.settings` (read when asked, except the
schedule rate, which Chalice needs when app.py is imported)."""
from __future__ import annotations

from chalicelib.settings import settings
from chalicelib.shared import config


def sweep_minutes() -> int:
    """Schedule rate of the sweep (`LAPOR_SWEEP_MINUTES`): 15 minutes, 1 on the local stage."""
    return settings().sweep_minutes or (1 if config.is_local() else 15)


def warning_working_days() -> int:
    """Warn when the deadline is at most this many working days away (`LAPOR_SLA_WARNING_DAYS`)."""
    return settings().sla_warning_days


def inline_budget() -> int:
    """Due reports one sweep run handles itself (`LAPOR_SWEEP_INLINE_BUDGET`); the rest fan out."""
    return settings().sweep_inline_budget


def fanout_batch_size() -> int:
    """Tracking ids per fan-out message (`LAPOR_SWEEP_BATCH`)."""
    return settings().sweep_batch


def max_due_per_run() -> int:
    """Most due ids one run collects from the indexes (`LAPOR_SWEEP_MAX_DUE`); the next run
    collects the rest, since unhandled reports stay in the index."""
    return settings().sweep_max_due


def time_margin_ms() -> int:
    """Stop handling inline when less Lambda time than this remains (`LAPOR_SWEEP_MARGIN_MS`)."""
    return settings().sweep_margin_ms
