"""The sweep with an injected clock against moto's server: each effect, exactly once, through
double and concurrent sweeps and a crash halfway; fan-out of large sweeps losing nothing."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from chalicelib.deadlines import sweep
from chalicelib.deadlines.sweep import run_sweep
from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Classification, Status
from chalicelib.store import reports as store
from chalicelib.store.models import ReportRecord
from tests.fixtures.deadlines import AGENCY, events, follow_up

pytestmark = pytest.mark.usefixtures("aws")

DEADLINE = datetime(2023, 7, 10, 23, 59, 59, tzinfo=JAKARTA)  # follow-up deadline of BASE
FRIDAY_BEFORE = datetime(2023, 7, 7, 10, 0, tzinfo=JAKARTA)
AFTER_DEADLINE = datetime(2023, 7, 11, 8, 0, tzinfo=JAKARTA)
AFTER_60_DAYS = datetime(2023, 9, 2, 8, 0, tzinfo=JAKARTA)
EFFECTS = (Action.WARN_DEADLINE, Action.ESCALATE, Action.AUTO_CLOSE, Action.REFER_OMBUDSMAN)


def effect_counts(tracking_id: str) -> dict[str, int]:
    timeline = store.timeline(tracking_id)
    return {action.value: sum(1 for e in timeline if e.action is action) for action in EFFECTS}


def test_warns_the_agency_once(make_report: Callable[..., str]) -> None:
    tracking_id = make_report()
    assert store.get(tracking_id).deadline == DEADLINE
    run_sweep(FRIDAY_BEFORE - timedelta(days=1))  # Thursday: two working days left, nothing yet
    assert events(tracking_id, Action.WARN_DEADLINE) == []

    result = run_sweep(FRIDAY_BEFORE)
    run_sweep(FRIDAY_BEFORE + timedelta(hours=1))
    run_sweep(DEADLINE - timedelta(minutes=5))
    assert result["warned"] >= 1
    [warning] = events(tracking_id, Action.WARN_DEADLINE)
    assert warning.details["responsible"] == AGENCY
    assert warning.details["working_days_left"] == 1
    assert warning.details["deadline_kind"] == "FOLLOW_UP"
    report = store.get(tracking_id, consistent=True)
    assert report.status is Status.DITERUSKAN and report.deadline == DEADLINE  # status and deadline kept


def test_breach_is_escalated_to_the_parent_agency_once(make_report: Callable[..., str]) -> None:
    tracking_id = make_report()
    result = run_sweep(AFTER_DEADLINE)
    run_sweep(AFTER_DEADLINE + timedelta(days=1))
    assert result["escalated"] >= 1 and result["breached"] >= 1
    [escalation] = events(tracking_id, Action.ESCALATE)
    assert escalation.details["escalated_to"] == "pemda-62"
    assert escalation.details["escalated_to_kind"] == "AGENCY"
    assert escalation.details["breach"] is True
    assert events(tracking_id, Action.WARN_DEADLINE) == []  # a breach supersedes a late warning
    record = ReportRecord.get(tracking_id, consistent_read=True)
    assert record.due_shard is None  # nothing left for the sweep until the next deadline
    assert record.breach_key == AGENCY and record.agency_key == AGENCY  # still in the agency's list


def test_top_level_agency_escalates_to_the_national_admins(make_report: Callable[..., str]) -> None:
    tracking_id = make_report(agency_id="kemenpanrb")
    run_sweep(AFTER_DEADLINE)
    [escalation] = events(tracking_id, Action.ESCALATE)
    assert escalation.details["escalated_to"] == "NASIONAL"
    assert escalation.details["escalated_to_kind"] == "NATIONAL_ADMINS"


def test_unverified_report_is_escalated_to_the_national_admins(make_report: Callable[..., str]) -> None:
    tracking_id = make_report(routed=False)  # verification: 3 working days -> Thursday Jul 6
    run_sweep(datetime(2023, 7, 5, 10, 0, tzinfo=JAKARTA))
    run_sweep(datetime(2023, 7, 7, 10, 0, tzinfo=JAKARTA))
    assert len(events(tracking_id, Action.WARN_DEADLINE)) == 1
    [escalation] = events(tracking_id, Action.ESCALATE)
    assert escalation.details["responsible"] == "NASIONAL"
    assert ReportRecord.get(tracking_id).breach_key == "NASIONAL"


def test_new_deadline_clears_the_marks(make_report: Callable[..., str]) -> None:
    tracking_id = make_report()
    run_sweep(AFTER_DEADLINE)
    late = follow_up(tracking_id, AFTER_DEADLINE + timedelta(hours=2))
    assert late.sla_breached_at is None and late.deadline_kind == "REPLY_WINDOW"
    record = ReportRecord.get(tracking_id, consistent_read=True)
    assert record.breach_key is None and record.due_shard is not None


def test_reply_window_expiry_closes_the_report(make_report: Callable[..., str]) -> None:
    tracking_id = make_report()
    followed = follow_up(tracking_id, datetime(2023, 7, 5, 10, 0, tzinfo=JAKARTA))
    reminded = run_sweep(followed.deadline - timedelta(minutes=1))
    run_sweep(followed.deadline - timedelta(seconds=30))  # reminded once per reply window
    assert store.get(tracking_id, consistent=True).status is Status.DITINDAKLANJUTI
    assert reminded["reminded"] >= 1 and reminded["warned"] == 0
    (reminder,) = [e for e in store.timeline(tracking_id) if e.action.value == "WARN_DEADLINE"]
    assert reminder.details["deadline_kind"] == "REPLY_WINDOW" and reminder.details["audience"] == "reporter"
    result = run_sweep(followed.deadline + timedelta(minutes=1))
    run_sweep(followed.deadline + timedelta(days=3))
    assert result["auto_closed"] >= 1
    report = store.get(tracking_id, consistent=True)
    assert report.status is Status.SELESAI and report.deadline is None
    assert effect_counts(tracking_id) == {"WARN_DEADLINE": 1, "ESCALATE": 0, "AUTO_CLOSE": 1, "REFER_OMBUDSMAN": 0}
    assert ReportRecord.get(tracking_id).due_shard is None


def test_unresolved_complaint_is_referred_to_the_ombudsman(make_report: Callable[..., str]) -> None:
    complaint = make_report()
    aspiration = make_report(classification=Classification.ASPIRASI)
    run_sweep(AFTER_DEADLINE)
    run_sweep(datetime(2023, 9, 1, 23, 0, tzinfo=JAKARTA))  # day 60, not yet past
    assert store.get(complaint, consistent=True).status is Status.DITERUSKAN
    result = run_sweep(AFTER_60_DAYS)
    run_sweep(AFTER_60_DAYS + timedelta(days=1))
    assert result["referred"] >= 1
    referred = store.get(complaint, consistent=True)
    assert referred.status is Status.DIRUJUK_OMBUDSMAN
    [referral] = events(complaint, Action.REFER_OMBUDSMAN)
    assert referral.details["reason"] == "unresolved_60_days"
    record = ReportRecord.get(complaint, consistent_read=True)
    assert record.referral_shard is None and record.due_shard is None and record.breach_key is None
    assert store.get(aspiration, consistent=True).status is Status.DITERUSKAN  # not a complaint


def _all_effects_once(ids: list[str], expected: str) -> None:
    for tracking_id in ids:
        counts = effect_counts(tracking_id)
        assert counts[expected] == 1, (tracking_id, counts)
        assert sum(counts.values()) == 1, (tracking_id, counts)


def test_double_sweep_produces_each_effect_once(make_report: Callable[..., str]) -> None:
    ids = [make_report() for _ in range(4)]
    first, second = run_sweep(FRIDAY_BEFORE), run_sweep(FRIDAY_BEFORE)
    assert first["warned"] >= 4 and second["warned"] == 0
    _all_effects_once(ids, "WARN_DEADLINE")


def test_concurrent_sweeps_produce_each_effect_once(make_report: Callable[..., str]) -> None:
    ids = [make_report() for _ in range(8)]
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def sweeper() -> None:
        try:
            start.wait()
            results.append(run_sweep(AFTER_DEADLINE))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sweeper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    _all_effects_once(ids, "ESCALATE")
    mine = sum(r["escalated"] for r in results)
    assert mine >= len(ids)


def test_crash_halfway_then_clean_sweep_loses_nothing(make_report: Callable[..., str], no_crash: None) -> None:
    ids = [make_report() for _ in range(6)]
    seen: list[str] = []

    def crash_on_fourth(tracking_id: str) -> None:
        seen.append(tracking_id)
        if len(seen) == 4:
            raise RuntimeError("Lambda killed halfway")

    sweep.before_each = crash_on_fourth
    with pytest.raises(RuntimeError):
        run_sweep(AFTER_DEADLINE)
    assert len(seen) == 4
    assert sum(sum(effect_counts(t).values()) for t in ids) < len(ids)  # some were not reached
    sweep.before_each = lambda tracking_id: None
    run_sweep(AFTER_DEADLINE)
    run_sweep(AFTER_DEADLINE)
    _all_effects_once(ids, "ESCALATE")


def test_large_sweep_fans_out_and_the_queue_finishes_the_work(
        make_report: Callable[..., str], app: Any, runtime: Any, drain_queues: Callable[[], int]) -> None:
    drain_queues()
    ids = [make_report() for _ in range(7)]
    result = run_sweep(FRIDAY_BEFORE, inline_budget=2)
    assert result["handled_inline"] == 2 and result["enqueued"] == result["due"] - 2 >= 5
    drain_queues()
    _all_effects_once(ids, "WARN_DEADLINE")


def test_fan_out_failure_loses_nothing(make_report: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [make_report() for _ in range(5)]

    def queue_down(kind: str, bodies: object) -> list[int]:
        raise ConnectionError("SQS unavailable")

    monkeypatch.setattr(sweep.queues, "send_batch", queue_down)
    result = run_sweep(FRIDAY_BEFORE, inline_budget=1)
    assert result["not_enqueued"] == result["due"] - 1 >= 4
    monkeypatch.undo()
    run_sweep(FRIDAY_BEFORE)  # the next scheduled run finds them in the index
    _all_effects_once(ids, "WARN_DEADLINE")


def test_sweep_stops_before_the_lambda_times_out(make_report: Callable[..., str]) -> None:
    ids = [make_report() for _ in range(3)]
    result = run_sweep(AFTER_DEADLINE, time_left_ms=lambda: 0)
    assert result["handled_inline"] == 0 and result["enqueued"] == result["due"] >= 3
    from chalicelib.deadlines.sweep import process_due

    # What the queue consumer does with them (same clock as the sweep that fanned them out):
    process_due(ids, AFTER_DEADLINE)
    _all_effects_once(ids, "ESCALATE")
