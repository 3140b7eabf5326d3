"""Honest closure in the lifecycle table: confirm after any follow-up, reopen a timeout closure
within the reply window's length, and the closure kind recorded apart."""
from datetime import timedelta

import pytest

from chalicelib.domain import lifecycle
from chalicelib.domain.errors import IllegalTransition
from chalicelib.domain.lifecycle import (
    Action,
    Closure,
    apply_transition,
    find_transition,
    reopen_deadline,
)
from chalicelib.domain.model import Role, Status
from tests.domain.test_lifecycle import START, new_report


def act(report, action, role, hours=1, **changes):
    now = (report.updated_at or report.created_at) + timedelta(hours=hours)
    return apply_transition(report, find_transition(report, action, role), now, **changes)


def followed_up():
    report = act(new_report(), Action.DISPOSITION, Role.SYSTEM, agency_id="dinas-62.01-public_works")
    return act(report, Action.FOLLOW_UP, Role.AGENCY)


def test_first_follow_up_is_remembered_and_only_the_first():
    report = followed_up()
    first = report.first_follow_up_at
    assert first is not None and report.status is Status.DITINDAKLANJUTI
    report = act(act(report, Action.REPLY, Role.REPORTER), Action.FOLLOW_UP, Role.AGENCY, hours=5)
    assert report.first_follow_up_at == first


def test_every_follow_up_is_counted_and_an_uncounted_report_stays_uncounted():
    report = followed_up()
    assert report.follow_up_count == 1
    report = act(act(report, Action.REPLY, Role.REPORTER), Action.FOLLOW_UP, Role.AGENCY, hours=5)
    assert report.follow_up_count == 2
    assert act(report, Action.REPLY, Role.REPORTER).follow_up_count == 2  # other actions leave it
    legacy = act(report.evolve(follow_up_count=None), Action.REPLY, Role.REPORTER)  # stored before counting
    assert act(legacy, Action.FOLLOW_UP, Role.AGENCY).follow_up_count is None  # a guess would be wrong


def test_reporter_can_confirm_after_replying():
    replied = act(followed_up(), Action.REPLY, Role.REPORTER)
    assert replied.status is Status.DITERUSKAN
    done = act(replied, Action.CONFIRM, Role.REPORTER)
    assert done.status is Status.SELESAI and done.closure == Closure.CONFIRMED.value and done.closed_at


def test_confirm_is_not_possible_before_any_follow_up():
    report = act(new_report(), Action.DISPOSITION, Role.SYSTEM, agency_id="x")
    with pytest.raises(IllegalTransition):
        find_transition(report, Action.CONFIRM, Role.REPORTER)
    assert Action.CONFIRM not in lifecycle.allowed_actions(report, Role.REPORTER)


def test_timeout_closure_is_recorded_and_reopens_to_the_agency_with_a_new_deadline():
    closed = act(followed_up(), Action.AUTO_CLOSE, Role.SYSTEM, hours=24 * 15)
    assert closed.closure == Closure.TIMED_OUT.value and closed.deadline is None
    assert reopen_deadline(closed) == lifecycle.add_working_days(closed.closed_at, 10)
    reopened = act(closed, Action.REOPEN, Role.REPORTER)
    assert reopened.status is Status.DITERUSKAN and reopened.closure is None and reopened.closed_at is None
    assert reopened.deadline_kind == "FOLLOW_UP" and reopened.reopen_count == 1
    # The agency answers again, the reporter may confirm: now the closure is a confirmed one.
    again = act(act(reopened, Action.FOLLOW_UP, Role.AGENCY), Action.CONFIRM, Role.REPORTER)
    assert again.closure == Closure.CONFIRMED.value


def test_a_confirmed_closure_cannot_be_reopened_nor_by_anyone_else():
    done = act(followed_up(), Action.CONFIRM, Role.REPORTER)
    with pytest.raises(IllegalTransition):
        find_transition(done, Action.REOPEN, Role.REPORTER)
    closed = act(followed_up(), Action.AUTO_CLOSE, Role.SYSTEM)
    for role in (Role.AGENCY, Role.ADMIN, Role.SYSTEM):
        with pytest.raises(IllegalTransition):
            find_transition(closed, Action.REOPEN, role)


def test_reopen_deadline_is_none_for_open_reports():
    assert reopen_deadline(new_report()) is None
    assert new_report().created_at == START
