"""What the deadline sweep must do with one report at one moment. Pure: the clock is a
parameter and nothing here touches storage, so every rule is tested against known dates.

Rules, in order (at most one effect per report per pass; the next pass sees the result):
1. reply window over on a followed-up report (DITINDAKLANJUTI) -> AUTO_CLOSE (SELESAI);
2. an open complaint (PENGADUAN) past 60 calendar days after receipt -> REFER_OMBUDSMAN;
3. the current deadline passed and was not yet marked -> ESCALATE (a breach for agency-side
   deadlines; for an expired clarification request the admins are told instead);
4. an agency-side deadline (verification, follow-up) at most `window` working days away and
   not yet warned -> WARN;
5. a reply window at most `window` working days from closing the report, reporter not yet
   reminded -> REMIND (the reporter is told it will close; the agency is not warned).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from chalicelib.domain.calendar import add_working_days, working_days_between
from chalicelib.domain.lifecycle import (
    OPEN,
    REPORTER_DEADLINES,
    DeadlineKind,
    ombudsman_referral_due,
)
from chalicelib.domain.model import Report, Status


class Effect(str, Enum):
    WARN = "WARN"
    ESCALATE = "ESCALATE"
    AUTO_CLOSE = "AUTO_CLOSE"
    REFER_OMBUDSMAN = "REFER_OMBUDSMAN"
    REMIND = "REMIND"  # the reporter's reply window closes soon (a WARN_DEADLINE about their deadline)


@dataclass(frozen=True)
class Decision:
    effect: Effect
    reason: str


def _kind(report: Report) -> DeadlineKind | None:
    return DeadlineKind(report.deadline_kind) if report.deadline_kind else None


def warning_horizon(now: datetime, window: int) -> datetime:
    """Latest deadline within the warning window: the end of the last day before the
    (`window`+1)-th working day after today. Exactly the deadlines with
    `working_days_between(now, deadline) <= window`, so the sweep reads the due index up to it."""
    return add_working_days(now, window + 1) - timedelta(days=1)


def is_breached(report: Report, now: datetime) -> bool:
    return report.deadline is not None and now > report.deadline


def decide(report: Report, now: datetime, window: int = 1) -> Decision | None:
    """The effect due for `report` at `now`, or None."""
    if report.status not in OPEN:
        return None
    kind = _kind(report)
    if report.status is Status.DITINDAKLANJUTI and kind is DeadlineKind.REPLY_WINDOW and is_breached(report, now):
        return Decision(Effect.AUTO_CLOSE, "reply_window_expired")
    referral = ombudsman_referral_due(report)
    if referral is not None and now > referral:
        return Decision(Effect.REFER_OMBUDSMAN, "unresolved_60_days")
    if report.deadline is None or kind is None:
        return None
    if is_breached(report, now):
        if report.sla_breached_at is not None or kind is DeadlineKind.REPLY_WINDOW:
            return None
        reason = "clarification_expired" if kind is DeadlineKind.CLARIFICATION else "deadline_missed"
        return Decision(Effect.ESCALATE, reason)
    if (kind not in REPORTER_DEADLINES and report.sla_warned_at is None
            and working_days_between(now, report.deadline) <= window):
        return Decision(Effect.WARN, "deadline_near")
    if (report.status is Status.DITINDAKLANJUTI and kind is DeadlineKind.REPLY_WINDOW
            and report.sla_warned_at is None and working_days_between(now, report.deadline) <= window):
        return Decision(Effect.REMIND, "closing_soon")
    return None
