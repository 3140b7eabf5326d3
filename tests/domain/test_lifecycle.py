"""The state machine as properties: no sequence of allowed actions escapes the table."""
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import lifecycle
from chalicelib.domain.calendar import is_working_day, local_date
from chalicelib.domain.errors import IllegalTransition
from chalicelib.domain.lifecycle import (
    KEEP,
    TERMINAL,
    TRANSITIONS,
    Action,
    apply_transition,
    find_transition,
)
from chalicelib.domain.model import Channel, Classification, Report, Role, Status

START = datetime(2026, 3, 16, 3, 0, tzinfo=UTC)  # the week before Idul Fitri 2026


def new_report() -> Report:
    return Report(
        tracking_id="TEST0-00000", classification=Classification.PENGADUAN, title="t", body="b",
        incident_date=date(2026, 3, 1), region_code="62.01", category="jalan_rusak", channel=Channel.API,
        created_at=START, deadline=lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, START),
        deadline_kind=lifecycle.INITIAL_DEADLINE.value,
    )


def reachable_targets() -> dict[Status, set[Status]]:
    table: dict[Status, set[Status]] = {}
    for t in TRANSITIONS:
        for source in t.sources:
            table.setdefault(source, set()).add(source if t.target is KEEP else t.target)
    return table


def changes_for(action: Action, report: Report) -> dict:
    """Field changes the services make alongside an action."""
    if action is Action.DISPOSITION or action is Action.FORWARD:
        return {"agency_id": "dinas-62.01-public_works" if action is Action.DISPOSITION else "pemda-62.01"}
    if action is Action.NOT_AUTHORITY:
        return {"agency_id": None}
    return {}


steps = st.lists(st.tuples(st.sampled_from(list(Action)), st.sampled_from(list(Role)),
                           st.integers(min_value=0, max_value=20)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_no_sequence_of_allowed_actions_leaves_the_table(sequence):
    targets = reachable_targets()
    report, now = new_report(), START
    for action, role, hours in sequence:
        now += timedelta(hours=hours)
        try:
            transition = find_transition(report, action, role)
        except IllegalTransition:
            continue
        assert role in transition.roles and report.status in transition.sources
        before, previous_deadline = report.status, report.deadline
        report = apply_transition(report, transition, now, **changes_for(action, report))
        assert report.status in targets[before]
        if report.status in TERMINAL:
            assert report.deadline is None or action is Action.RATE
        if report.deadline is not None:
            assert is_working_day(local_date(report.deadline)), report.deadline
        if report.deadline is not None and report.deadline != previous_deadline:
            assert report.deadline > now  # a newly started deadline lies ahead (an old one may be overdue)


def test_terminal_statuses_only_allow_rating():
    for status in TERMINAL:
        report = new_report().evolve(status=status)
        for role in Role:
            allowed = lifecycle.allowed_actions(report, role)
            assert set(allowed) <= {Action.RATE}


def test_agency_cannot_disposition_and_reporter_cannot_follow_up():
    report = new_report()
    with pytest.raises(IllegalTransition):
        find_transition(report, Action.DISPOSITION, Role.AGENCY)
    routed = report.evolve(status=Status.DITERUSKAN, agency_id="x")
    with pytest.raises(IllegalTransition):
        find_transition(routed, Action.FOLLOW_UP, Role.REPORTER)


def test_disposition_sets_five_working_days_skipping_idul_fitri_and_cuti_bersama():
    report = new_report()
    routed = apply_transition(report, find_transition(report, Action.DISPOSITION, Role.SYSTEM), START,
                              agency_id="a")
    # Mon 16 Mar 2026; 18 (Wed), 19 (Thu), 20 (Fri), 23, 24 Mar are Nyepi/Idul Fitri holidays or
    # cuti bersama; 21/22 the weekend. Working days: 17, 25, 26, 27, 30 -> due Mon 30 Mar 2026.
    assert local_date(routed.deadline) == date(2026, 3, 30)
    assert routed.deadline_kind == "FOLLOW_UP"


def test_clarification_returns_to_whoever_asked():
    on_hold_by_agency = new_report().evolve(status=Status.DITUNDA, agency_id="a")
    assert find_transition(on_hold_by_agency, Action.CLARIFY, Role.REPORTER).target is Status.DITERUSKAN
    on_hold_by_admin = new_report().evolve(status=Status.DITUNDA)
    assert find_transition(on_hold_by_admin, Action.CLARIFY, Role.REPORTER).target is Status.DITERIMA
