"""The follow-up deadline reminder by e-mail: when the sweep warns about an agency's report, its active
admins and the assigned liaison officer get one e-mail each (however often the warning's record is
handled), nobody else in the agency does, and an anonim reporter's name is never in it."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from chalicelib.deadlines.sweep import run_sweep
from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Channel, Classification, Contact, Report, Role
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.notify import local_outbox, staff_reminder
from chalicelib.reports import agency_actions
from chalicelib.shared.identity import StaffRole
from chalicelib.store import reports as store
from chalicelib.store import staff
from tests.deadlines.test_sweep import FRIDAY_BEFORE
from tests.fixtures.deadlines import AGENCY, BASE, disposition, events

pytestmark = pytest.mark.usefixtures("aws")


def anonim_report(name: str) -> str:
    deadline = lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, BASE)
    report = Report(
        tracking_id=new_tracking_id(), classification=Classification.PENGADUAN, title="Lampu jalan mati",
        body="Lampu jalan di depan pasar mati sejak sebulan.", incident_date=date(2023, 6, 1),
        region_code="62.01", category="jalan_rusak", channel=Channel.API, created_at=BASE, updated_at=BASE,
        deadline=deadline, deadline_kind=lifecycle.INITIAL_DEADLINE.value, reporter_token_hash="x", anonim=True,
    )
    event = TimelineEvent(seq=1, at=BASE, action=Action.SUBMIT, actor=Actor(Role.REPORTER, "reporter"),
                          from_status=None, to_status=report.status, deadline=deadline)
    store.create(report, Contact(name=name, email="pelapor@example.id"), event)
    disposition(report.tracking_id, BASE)
    return report.tracking_id


def mails_to(address: str) -> list[dict[str, Any]]:
    return [m for m in local_outbox.messages(100000) if m["channel"] == "EMAIL" and m["to"] == address]


def test_the_sweep_warning_emails_active_admins_and_the_assigned_liaison_once() -> None:
    run = uuid.uuid4().hex[:8]
    people = {role: (f"{role}-{run}", f"{role}-{run}@pemda.example.id")
              for role in ("admin", "retired", "lo", "other-lo")}
    roles = {"admin": StaffRole.AGENCY_ADMIN, "retired": StaffRole.AGENCY_ADMIN, "lo": StaffRole.LIAISON,
             "other-lo": StaffRole.LIAISON}
    for role, (username, address) in people.items():
        staff.put_account(username, roles[role], AGENCY, username, address, BASE)
    staff.set_active(AGENCY, people["retired"][0], False)
    tracking_id = anonim_report("Siti Aminah Rahasia")
    agency_actions.assign(AGENCY, tracking_id, people["lo"][0], people["admin"][0])

    run_sweep(FRIDAY_BEFORE)
    [warning] = events(tracking_id, Action.WARN_DEADLINE)
    told = staff_reminder.remind(tracking_id, warning)
    assert staff_reminder.remind(tracking_id, warning) == []  # a redelivered record: nobody twice
    assert sorted(told) == sorted([people["admin"][0], people["lo"][0]])

    for role in ("admin", "lo"):
        (mail,) = mails_to(people[role][1])
        assert mail["subject"] == f"[LAPOR!] {tracking_id}: batas tindak lanjut 2023-07-10"
        assert "1 hari kerja lagi" in mail["text"] and f"/konsol/laporan/{tracking_id}" in mail["text"]
        assert "Siti" not in mail["text"] and "pelapor@example.id" not in mail["text"]
    assert mails_to(people["retired"][1]) == [] and mails_to(people["other-lo"][1]) == []


def test_named_reporters_are_shown_and_reply_window_reminders_are_not_for_staff() -> None:
    event = TimelineEvent(seq=5, at=BASE, action=Action.WARN_DEADLINE, actor=Actor(Role.SYSTEM, "deadline-sweep"),
                          from_status=None, to_status=None,
                          details={"deadline_kind": "REPLY_WINDOW", "audience": "reporter"})
    assert not staff_reminder.is_staff_warning(event)
    view = {"tracking_id": "ABCDE-12345", "title": "Lampu", "deadline": "2023-07-10T16:59:59Z",
            "reporter": {"name": "Budi"}}
    subject, body = staff_reminder.compose(view, TimelineEvent(
        seq=6, at=BASE, action=Action.WARN_DEADLINE, actor=Actor(Role.SYSTEM, "deadline-sweep"),
        from_status=None, to_status=None, details={"deadline_kind": "FOLLOW_UP", "working_days_left": 2}))
    assert subject == "[LAPOR!] ABCDE-12345: batas tindak lanjut 2023-07-10" and "Pelapor: Budi" in body
