"""The sweep's decisions for one report at one moment (pure: injected clock, no storage)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.deadlines.policy import Effect, decide
from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.lifecycle import DeadlineKind, deadline_for
from chalicelib.domain.model import Channel, Classification, Report, Role, Status

RECEIVED = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


def report(status: Status = Status.DITERUSKAN, kind: DeadlineKind = DeadlineKind.FOLLOW_UP,
           classification: Classification = Classification.PENGADUAN, **changes: object) -> Report:
    base = Report(tracking_id="TEST0-00000", classification=classification, title="t", body="b",
                  incident_date=date(2026, 1, 1), region_code="62.01", category="jalan_rusak",
                  channel=Channel.API, created_at=RECEIVED, status=status, agency_id="pemda-62.01",
                  deadline=deadline_for(kind, RECEIVED), deadline_kind=kind.value)
    return base.evolve(**changes)


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def test_follow_up_deadline_timeline() -> None:
    r = report()  # 5 working days from Monday Jan 5 -> Monday Jan 12, 23:59:59 WIB
    assert r.deadline == wib(2026, 1, 12, 23, 59, 59)
    assert decide(r, wib(2026, 1, 8, 10, 0)) is None  # Thursday: two working days left
    assert decide(r, wib(2026, 1, 9, 10, 0)).effect is Effect.WARN  # Friday: next working day is the deadline
    assert decide(r, wib(2026, 1, 10, 10, 0)).effect is Effect.WARN  # weekend
    assert decide(r.evolve(sla_warned_at=RECEIVED), wib(2026, 1, 12, 23, 0)) is None  # warned once
    breach = decide(r, wib(2026, 1, 13, 0, 0, 1))
    assert breach.effect is Effect.ESCALATE and breach.reason == "deadline_missed"
    assert decide(r.evolve(sla_breached_at=RECEIVED), wib(2026, 1, 14)) is None


def test_warning_window_is_configurable() -> None:
    assert decide(report(), wib(2026, 1, 9, 10, 0), window=0) is None
    assert decide(report(), wib(2026, 1, 12, 0, 5), window=0).effect is Effect.WARN
    assert decide(report(), wib(2026, 1, 8, 10, 0), window=2).effect is Effect.WARN


def test_reply_window_closes_automatically_after_one_reminder_to_the_reporter() -> None:
    r = report(Status.DITINDAKLANJUTI, DeadlineKind.REPLY_WINDOW)
    assert decide(r, r.deadline - timedelta(days=7)) is None
    reminder = decide(r, r.deadline - timedelta(hours=1))
    assert reminder.effect is Effect.REMIND and reminder.reason == "closing_soon"  # never an agency WARN
    assert decide(r.evolve(sla_warned_at=r.deadline - timedelta(hours=2)), r.deadline - timedelta(hours=1)) is None
    assert decide(r, r.deadline + timedelta(seconds=1)).effect is Effect.AUTO_CLOSE


def test_expired_clarification_goes_to_the_admins_not_an_agency_breach() -> None:
    r = report(Status.DITUNDA, DeadlineKind.CLARIFICATION, on_hold_by=Role.AGENCY)
    assert decide(r, r.deadline - timedelta(hours=1)) is None  # the reporter's turn: no warning
    decision = decide(r, r.deadline + timedelta(seconds=1))
    assert decision.effect is Effect.ESCALATE and decision.reason == "clarification_expired"


def test_ombudsman_referral_after_60_calendar_days_for_complaints_only() -> None:
    r = report(sla_breached_at=RECEIVED)
    day_60_end = wib(2026, 3, 6, 23, 59, 59)  # Jan 5 + 60 days = Mar 6
    assert decide(r, day_60_end) is None
    assert decide(r, day_60_end + timedelta(seconds=1)).effect is Effect.REFER_OMBUDSMAN
    aspiration = report(classification=Classification.ASPIRASI, sla_breached_at=RECEIVED)
    assert decide(aspiration, day_60_end + timedelta(days=1)) is None


def test_reply_window_expiry_wins_over_referral() -> None:
    r = report(Status.DITINDAKLANJUTI, DeadlineKind.REPLY_WINDOW)
    assert decide(r, wib(2026, 4, 1)).effect is Effect.AUTO_CLOSE


@pytest.mark.parametrize("status", [Status.SELESAI, Status.DIARSIPKAN, Status.DIRUJUK_OMBUDSMAN])
def test_closed_reports_need_nothing(status: Status) -> None:
    assert decide(report(status), wib(2026, 6, 1)) is None


def test_verification_deadline_is_warned_and_breached_for_the_admins() -> None:
    r = report(Status.DITERIMA, DeadlineKind.VERIFICATION, agency_id=None)
    assert decide(r, r.deadline - timedelta(hours=2)).effect is Effect.WARN
    assert decide(r, r.deadline + timedelta(hours=2)).effect is Effect.ESCALATE
