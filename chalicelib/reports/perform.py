"""Performs one lifecycle action on a stored report: load, ask the state machine, write the new
version and its timeline event atomically, retrying when a concurrent writer got there first."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from chalicelib.domain import lifecycle
from chalicelib.domain.errors import ConcurrentUpdate, NotFound
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.shared import clock
from chalicelib.store import reports as store

MAX_ATTEMPTS = 4
Prepare = Callable[[Report], dict[str, Any]]


def perform(
    tracking_id: str,
    action: Action,
    actor: Actor,
    *,
    message: str | None = None,
    details: dict[str, Any] | None = None,
    prepare: Prepare | None = None,
    now: datetime | None = None,
    current: Report | None = None,
    expected_version: int | None = None,
    also: Callable[[Any], None] | None = None,
    claimed: Sequence[str] = (),
) -> tuple[Report, TimelineEvent]:
    """Apply `action` by `actor`. `prepare(report)` may validate against the current report and
    returns field changes; it runs again on every retry so it always sees fresh state.
    `current` is a report the caller just read consistently (saves a read on the first attempt).
    `expected_version` is the version the caller acted on (a client's If-Match): when the report
    has moved on since, ConcurrentUpdate `version_mismatch` (409) and nothing is written.
    `also`/`claimed`: writes that commit with the change (store.reports.save_change)."""
    for attempt in range(MAX_ATTEMPTS):
        report = current if (attempt == 0 and current is not None) else store.get(tracking_id, consistent=True)
        if report is None:
            raise NotFound(tracking_id=tracking_id)
        lifecycle.authorize(actor, report)
        transition = lifecycle.find_transition(report, action, actor.role)
        changes = prepare(report) if prepare else {}
        if expected_version is not None and report.version != expected_version:
            raise ConcurrentUpdate("version_mismatch", tracking_id=report.tracking_id)
        moment = now or clock.now()
        updated = lifecycle.apply_transition(report, transition, moment, **changes)
        event = TimelineEvent(
            seq=report.version + 1,
            at=moment,
            action=action,
            actor=actor,
            from_status=report.status,
            to_status=updated.status,
            message=message,
            agency_id=updated.agency_id,
            deadline=updated.deadline,
            details=details or {},
        )
        try:
            if also is None and not claimed:  # the plain change (the seam concurrency tests replace)
                return store.save_change(updated, event), event
            return store.save_change(updated, event, also, claimed), event
        except ConcurrentUpdate:
            if attempt == MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
