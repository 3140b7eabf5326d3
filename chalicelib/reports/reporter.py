"""What a reporter can do with their report, authenticated by the reporter token: answer a
follow-up or a request for clarification, confirm it is done, rate the handling."""
from __future__ import annotations

from datetime import datetime

from chalicelib.domain.errors import DomainError, IllegalTransition, NotFound
from chalicelib.domain.lifecycle import (
    Action,
    reopen_window_closed,
    reply_window_closed,
    reporter_answer,
)
from chalicelib.domain.model import REPORTER, Report
from chalicelib.reports.perform import perform
from chalicelib.reports.read import is_reporter, load
from chalicelib.shared import clock


class NotReporter(DomainError):
    code = "unauthorized"


def authorized(tracking_id: str, token: str | None) -> Report:
    """The report when `token` is its reporter's, else NotFound (404) or NotReporter (401).
    A secret (`rahasia`) report answers a wrong token exactly as an unknown id does (404): a 401
    would tell anyone that a hidden report exists under that id."""
    report = load(tracking_id)
    if not is_reporter(report, token):
        if report.rahasia:
            raise NotFound(tracking_id=tracking_id)
        raise NotReporter()
    return report


def reply(tracking_id: str, token: str | None, message: str, now: datetime | None = None) -> Report:
    """Answer the agency: a tanggapan to a follow-up (within the reply window) or the
    clarification asked while the report is on hold (DITUNDA)."""
    return reply_as_reporter(authorized(tracking_id, token), message, now)


def reply_as_reporter(report: Report, message: str, now: datetime | None = None) -> Report:
    """The reply itself, once the caller proved it is the reporter (token, or the SMS number that
    filed the report)."""
    action = reporter_answer(report)
    moment = now or clock.now()

    def _within_window(current: Report) -> dict[str, object]:
        if reply_window_closed(current, moment):
            raise IllegalTransition("reply_window_closed", action=action.value, status=current.status.value)
        return {"on_hold_by": None}

    updated, _ = perform(report.tracking_id, action, REPORTER, message=message, prepare=_within_window, now=moment)
    return updated


def confirm(tracking_id: str, token: str | None, now: datetime | None = None) -> Report:
    return confirm_as_reporter(authorized(tracking_id, token), now)


def confirm_as_reporter(report: Report, now: datetime | None = None) -> Report:
    updated, _ = perform(report.tracking_id, Action.CONFIRM, REPORTER, now=now)
    return updated


def rate(tracking_id: str, token: str | None, score: int, comment: str | None,
         now: datetime | None = None) -> Report:
    report = authorized(tracking_id, token)

    def _once(current: Report) -> dict[str, object]:
        if current.rating is not None:
            raise IllegalTransition("already_rated", action=Action.RATE.value, status=current.status.value)
        return {"rating": score, "rating_comment": comment}

    updated, _ = perform(report.tracking_id, Action.RATE, REPORTER, prepare=_once,
                         details={"score": score}, message=comment, now=now)
    return updated


def reopen(tracking_id: str, token: str | None, reason: str, now: datetime | None = None) -> Report:
    """Reopen a report closed because the reply window passed, within that window's length after
    the closure; the reason goes to the agency (webhook `report.reopened`) with a new follow-up
    deadline. A confirmed closure cannot be reopened (the lifecycle table's guard)."""
    report = authorized(tracking_id, token)
    moment = now or clock.now()

    def _within_window(current: Report) -> dict[str, object]:
        if reopen_window_closed(current, moment):
            raise IllegalTransition("reopen_window_closed", action=Action.REOPEN.value, status=current.status.value)
        return {}

    updated, _ = perform(report.tracking_id, Action.REOPEN, REPORTER, message=reason, prepare=_within_window,
                         details={"reason": reason}, now=moment)
    return updated
