"""The reporter's two windows, decided once in the lifecycle: answering a follow-up (or a request
for clarification) and reopening a timeout closure. The tracking page offers exactly what the
reporter actions accept, because both ask these functions."""
from datetime import timedelta

from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import (
    Action,
    can_reply,
    reopen_until,
    reopen_window_closed,
    reply_window_closed,
)
from chalicelib.domain.model import Role, Status
from tests.domain.test_closure import act, followed_up
from tests.domain.test_lifecycle import new_report


def test_a_follow_up_can_be_answered_until_the_last_moment_of_its_window_and_not_after():
    report = followed_up()
    assert report.status is Status.DITINDAKLANJUTI and report.deadline is not None
    assert lifecycle.reporter_answer(report) is Action.REPLY
    assert can_reply(report, report.deadline) and not reply_window_closed(report, report.deadline)
    late = report.deadline + timedelta(seconds=1)
    assert reply_window_closed(report, late) and not can_reply(report, late)


def test_on_hold_the_answer_is_the_clarification_within_its_own_window():
    report = act(followed_up(), Action.REPLY, Role.REPORTER)
    on_hold = act(report, Action.REQUEST_CLARIFICATION, Role.AGENCY)
    assert on_hold.status is Status.DITUNDA
    assert lifecycle.reporter_answer(on_hold) is Action.CLARIFY
    assert on_hold.deadline == lifecycle.add_working_days(on_hold.updated_at, 10)
    assert can_reply(on_hold, on_hold.deadline)
    assert not can_reply(on_hold, on_hold.deadline + timedelta(minutes=1))


def test_nothing_to_answer_while_the_agency_has_the_report():
    report = act(followed_up(), Action.REPLY, Role.REPORTER)
    assert report.status is Status.DITERUSKAN
    assert not can_reply(report, report.updated_at)  # the window is open, but no answer is awaited
    assert not can_reply(new_report(), new_report().created_at)


def test_a_timeout_closure_can_be_reopened_for_ten_working_days_after_it():
    closed = act(followed_up(), Action.AUTO_CLOSE, Role.SYSTEM, hours=24 * 15)
    until = lifecycle.add_working_days(closed.closed_at, 10)
    assert reopen_until(closed, closed.closed_at) == until
    assert reopen_until(closed, until) == until and not reopen_window_closed(closed, until)
    after = until + timedelta(seconds=1)
    assert reopen_window_closed(closed, after) and reopen_until(closed, after) is None


def test_a_confirmed_closure_or_an_open_report_offers_no_reopening():
    done = act(followed_up(), Action.CONFIRM, Role.REPORTER)
    assert reopen_until(done, done.closed_at) is None
    assert not reopen_window_closed(done, done.closed_at + timedelta(days=365))  # not a window: a rule
    assert reopen_until(followed_up(), followed_up().updated_at) is None
