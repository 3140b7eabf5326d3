"""The deadline sweep: find the reports that are due through sparse indexes, then perform each
effect as a lifecycle action through `reports.perform`.

Exactly once: every effect is a version-conditional write of the report together with its
timeline event, and `prepare` re-decides on the freshly read report, so when two sweeps overlap
(or a retried run meets work already done) the second one finds nothing left to do and skips.
A crash loses nothing: a report leaves the indexes only in the same write as its effect, so
whatever one run did not reach, the next run (or the fan-out queue) finds.

Large sweeps: a run handles at most `inline_budget` reports itself (and stops early when its
Lambda is running out of time); the rest go to the `sweep` queue in batches, whose consumer
calls `process_due` with the same clock.
"""
from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from chalicelib.deadlines import settings
from chalicelib.deadlines.policy import Decision, Effect, decide, warning_horizon
from chalicelib.domain.calendar import iso, working_days_between
from chalicelib.domain.errors import ConcurrentUpdate, IllegalTransition, NotFound
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role
from chalicelib.reports.perform import perform
from chalicelib.shared import clock, queues
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.observability import logger, metrics
from chalicelib.store import directory
from chalicelib.store import due as due_store
from chalicelib.store.keys import NATIONAL_QUEUE

SWEEPER = Actor(Role.SYSTEM, "deadline-sweep")
NATIONAL_ADMINS = NATIONAL_QUEUE  # escalation target when there is no supervising agency
_ACTIONS = {
    Effect.WARN: Action.WARN_DEADLINE,
    Effect.ESCALATE: Action.ESCALATE,
    Effect.AUTO_CLOSE: Action.AUTO_CLOSE,
    Effect.REFER_OMBUDSMAN: Action.REFER_OMBUDSMAN,
    Effect.REMIND: Action.WARN_DEADLINE,  # details.deadline_kind REPLY_WINDOW: for the reporter
}
# Outcome names are also the keys of the counts that run_sweep returns.
_OUTCOME = {Effect.WARN: "warned", Effect.ESCALATE: "escalated", Effect.AUTO_CLOSE: "auto_closed",
            Effect.REFER_OMBUDSMAN: "referred", Effect.REMIND: "reminded"}
_METRIC = {"warned": "SlaWarnings", "escalated": "SlaEscalations", "breached": "SlaBreaches",
           "auto_closed": "AutoCloses", "referred": "OmbudsmanReferrals", "reminded": "ReporterReminders"}


class AlreadyHandled(Exception):
    """Raised inside `prepare`: fresh state shows the effect is no longer due (done elsewhere)."""


def escalation_target(agency_id: str | None) -> tuple[str, str]:
    """(kind, id) of who supervises `agency_id`: its parent agency, else the national admins."""
    if agency_id:
        agency = directory.get_agency(agency_id)
        if agency is not None and agency.parent_id:
            return "AGENCY", agency.parent_id
    return "NATIONAL_ADMINS", NATIONAL_ADMINS


def _details(report: Report, decision: Decision, now: datetime) -> dict[str, Any]:
    details: dict[str, Any] = {"reason": decision.reason, "deadline_kind": report.deadline_kind,
                               "deadline": iso(report.deadline), "swept_at": iso(now)}
    responsible = report.agency_id or NATIONAL_ADMINS
    if decision.effect is Effect.REMIND:
        details.update(audience="reporter", working_days_left=working_days_between(now, report.deadline))  # type: ignore[arg-type]
    elif decision.effect is Effect.WARN:
        details.update(responsible=responsible,
                       working_days_left=working_days_between(now, report.deadline))  # type: ignore[arg-type]
    elif decision.effect is Effect.ESCALATE:
        kind, target = (("NATIONAL_ADMINS", NATIONAL_ADMINS) if decision.reason == "clarification_expired"
                        else escalation_target(report.agency_id))
        details.update(responsible=responsible, escalated_to=target, escalated_to_kind=kind,
                       breach=decision.reason == "deadline_missed",
                       working_days_overdue=working_days_between(report.deadline, now))  # type: ignore[arg-type]
    elif decision.effect is Effect.REFER_OMBUDSMAN:
        details.update(responsible=responsible, received_at=iso(report.created_at),
                       status_at_referral=report.status.value)
    return details


def apply_effect(report: Report, now: datetime, window: int) -> str | None:
    """Perform the effect due for `report` (as read by the caller) at `now`. Returns the outcome
    name, "skipped" when fresh state shows it is no longer due, or None when nothing was due."""
    decision = decide(report, now, window)
    if decision is None:
        return None

    def still_due(current: Report) -> dict[str, Any]:
        fresh = decide(current, now, window)
        if fresh != decision or current.deadline != report.deadline or current.agency_id != report.agency_id:
            raise AlreadyHandled(current.tracking_id)
        if decision.effect in (Effect.WARN, Effect.REMIND):
            return {"sla_warned_at": now}
        if decision.effect is Effect.ESCALATE:
            return {"sla_breached_at": now}
        return {}

    try:
        perform(report.tracking_id, _ACTIONS[decision.effect], SWEEPER, prepare=still_due, now=now,
                details=_details(report, decision, now))
    except (AlreadyHandled, IllegalTransition, NotFound):
        return "skipped"
    outcome = _OUTCOME[decision.effect]
    logger.info("deadline effect", extra={"tracking_id": report.tracking_id, "outcome": outcome,
                                          "reason": decision.reason})
    return outcome


# Test seam: called before each report is handled (tests inject a crash here).
def before_each(tracking_id: str) -> None:
    return None


def process_due(tracking_ids: Iterable[str], now: datetime, *, window: int | None = None,
                capacity: due_store.ReadCapacity | None = None,
                should_stop: Callable[[], bool] = lambda: False) -> tuple[Counter[str], list[str]]:
    """Handle these reports at `now`. Returns (counts, ids not reached because `should_stop`).

    A report whose effect failed with a lost race is counted in "conflicts" and left for the
    next run; any other error propagates (the caller's run fails, nothing is lost)."""
    window = settings.warning_working_days() if window is None else window
    ids = list(dict.fromkeys(tracking_ids))
    counts: Counter[str] = Counter()
    reports = due_store.get_reports(ids, capacity)
    for position, tracking_id in enumerate(ids):
        if should_stop():
            return counts, ids[position:]
        report = reports.get(tracking_id)
        if report is None:
            continue
        before_each(tracking_id)
        try:
            outcome = apply_effect(report, now, window)
        except ConcurrentUpdate:
            outcome = "conflicts"
        if outcome is None:
            counts["not_due"] += 1
            continue
        crash_point("sweep.effect_done")
        counts[outcome] += 1
        if outcome == "escalated" and report.deadline_kind in ("VERIFICATION", "FOLLOW_UP"):
            counts["breached"] += 1
    return counts, []


def fan_out(tracking_ids: list[str], now: datetime, sweep_id: str) -> tuple[int, int]:
    """Send ids to the sweep queue in batches. Returns (ids enqueued, ids that failed to send:
    those stay in the index and the next run finds them)."""
    size = settings.fanout_batch_size()
    batches = [tracking_ids[i:i + size] for i in range(0, len(tracking_ids), size)]
    sent = failed = 0
    for group_start in range(0, len(batches), 10):
        group = batches[group_start:group_start + 10]
        bodies = [{"sweep_id": sweep_id, "now": now.isoformat(), "tracking_ids": batch} for batch in group]
        try:
            refused = set(queues.send_batch(queues.SWEEP, bodies))
        except Exception:  # noqa: BLE001 - not lost: the index still holds them for the next run
            logger.exception("sweep fan-out failed", extra={"sweep_id": sweep_id})
            failed += sum(len(b) for b in group)
            continue
        for i, batch in enumerate(group):
            if i in refused:
                failed += len(batch)
            else:
                sent += len(batch)
    return sent, failed


def run_sweep(now: datetime | None = None, *, inline_budget: int | None = None,
              capacity: due_store.ReadCapacity | None = None,
              time_left_ms: Callable[[], int] | None = None) -> dict[str, Any]:
    """Run one sweep at `now` (default: `clock.now()`). Returns its counts.

    The operator CLI, the scheduled handler, the tests and the benchmark all call this."""
    started = time.perf_counter()
    now = now or clock.now()
    window = settings.warning_working_days()
    budget = settings.inline_budget() if inline_budget is None else inline_budget
    capacity = capacity if capacity is not None else due_store.ReadCapacity()
    sweep_id = uuid.uuid4().hex
    limit = settings.max_due_per_run()
    referral_ids = due_store.referral_tracking_ids(now, limit, capacity)
    deadline_ids = due_store.due_tracking_ids(warning_horizon(now, window), limit, capacity)
    due = list(dict.fromkeys(referral_ids + deadline_ids))

    margin = settings.time_margin_ms()
    should_stop = (lambda: time_left_ms() < margin) if time_left_ms else (lambda: False)
    counts, not_reached = process_due(due[:budget], now, window=window, capacity=capacity,
                                      should_stop=should_stop)
    rest = not_reached + due[budget:]
    enqueued, not_enqueued = fan_out(rest, now, sweep_id) if rest else (0, 0)

    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "sweep_id": sweep_id, "now": now.isoformat(), "due": len(due),
        "handled_inline": len(due[:budget]) - len(not_reached), "enqueued": enqueued,
        "not_enqueued": not_enqueued, "read_capacity_units": round(capacity.total, 2),
        "seconds": round(seconds, 3),
        **{name: counts.get(name, 0) for name in
           ("warned", "escalated", "breached", "auto_closed", "referred", "skipped", "conflicts", "not_due",
            "reminded")},
    }
    record_metrics(counts)
    metrics.add_metric(name="SweepDuration", unit=MetricUnit.Milliseconds, value=seconds * 1000)
    metrics.add_metric(name="SweepDue", unit=MetricUnit.Count, value=len(due))
    metrics.add_metric(name="SweepFannedOut", unit=MetricUnit.Count, value=enqueued)
    metrics.add_metric(name="SweepReadCapacityUnits", unit=MetricUnit.Count, value=capacity.total)
    logger.info("deadline sweep done", extra=result)
    return result


def record_metrics(counts: Counter[str]) -> None:
    for outcome, name in _METRIC.items():
        if counts.get(outcome):
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=counts[outcome])


def process_fanned_out(body: dict[str, Any]) -> Counter[str]:
    """Handle one fan-out message (the SQS consumer's record handler)."""
    now = datetime.fromisoformat(body["now"])
    counts, _ = process_due(body["tracking_ids"], now)
    record_metrics(counts)
    return counts
