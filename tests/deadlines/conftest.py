"""Helpers for deadline tests: reports put into a given state at a given (injected) moment.

Reports are filed in 2023 so that no sweep in these tests (whose clocks stay in 2023) can touch
reports that other tests file at the real current time. Tests assert on their own reports."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable, Iterator, Optional

import pytest

from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Channel, Classification, Report, Role
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.store import reports as store
from chalicelib.workflow import perform

BASE = datetime(2023, 7, 3, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB
AGENCY = "pemda-62.01"  # regency government; its supervisor is the province, pemda-62
ROUTER = Actor(Role.SYSTEM, "router")


def file_report(at: datetime, classification: Classification = Classification.PENGADUAN) -> str:
    deadline = lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, at)
    report = Report(
        tracking_id=new_tracking_id(), classification=classification, title="Lampu jalan mati",
        body="Lampu jalan di depan pasar mati sejak sebulan.", incident_date=date(2023, 6, 1),
        region_code="62.01", category="jalan_rusak", channel=Channel.API, created_at=at, updated_at=at,
        deadline=deadline, deadline_kind=lifecycle.INITIAL_DEADLINE.value, reporter_token_hash="x",
    )
    event = TimelineEvent(seq=1, at=at, action=Action.SUBMIT, actor=Actor(Role.REPORTER, "reporter"),
                          from_status=None, to_status=report.status, deadline=deadline)
    store.create(report, None, event)
    return report.tracking_id


def disposition(tracking_id: str, at: datetime, agency_id: str = AGENCY) -> Report:
    report, _ = perform(tracking_id, Action.DISPOSITION, ROUTER, prepare=lambda r: {"agency_id": agency_id},
                        now=at)
    return report


def follow_up(tracking_id: str, at: datetime, agency_id: str = AGENCY) -> Report:
    report, _ = perform(tracking_id, Action.FOLLOW_UP, Actor(Role.AGENCY, agency_id),
                        message="Sudah diperbaiki.", now=at)
    return report


def actions(tracking_id: str) -> list[str]:
    return [event.action.value for event in store.timeline(tracking_id)]


def events(tracking_id: str, action: Action) -> list[TimelineEvent]:
    return [event for event in store.timeline(tracking_id) if event.action is action]


@pytest.fixture()
def make_report(aws: Any) -> Callable[..., str]:
    """File (and optionally disposition) a report at an injected moment."""

    def _make(at: datetime = BASE, routed: bool = True, agency_id: str = AGENCY,
              classification: Classification = Classification.PENGADUAN, routed_at: Optional[datetime] = None
              ) -> str:
        tracking_id = file_report(at, classification)
        if routed:
            disposition(tracking_id, routed_at or at, agency_id)
        return tracking_id

    return _make


@pytest.fixture()
def no_crash() -> Iterator[None]:
    from chalicelib.deadlines import sweep

    original = sweep.before_each
    yield
    sweep.before_each = original
