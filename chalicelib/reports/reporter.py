"""What a reporter can do with their report, authenticated by the reporter token: answer a
follow-up or a request for clarification, confirm it is done, rate the handling."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from chalicelib.shared import clock
from chalicelib.domain.errors import DomainError, IllegalTransition
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role, Status
from chalicelib.intake.service import REPORTER_ACTOR_ID
from chalicelib.reports.read import is_reporter, load
from chalicelib.reports.perform import perform

REPORTER = Actor(Role.REPORTER, REPORTER_ACTOR_ID)


class NotReporter(DomainError):
    code = "unauthorized"


def authorized(tracking_id: str, token: Optional[str]) -> Report:
    """The report when `token` is its reporter's, else NotFound (404) or NotReporter (401)."""
    report = load(tracking_id)
    if not is_reporter(report, token):
        raise NotReporter()
    return report


def reply(tracking_id: str, token: Optional[str], message: str, now: Optional[datetime] = None) -> Report:
    """Answer the agency: a tanggapan to a follow-up (within the reply window) or the
    clarification asked while the report is on hold (DITUNDA)."""
    report = authorized(tracking_id, token)
    action = Action.CLARIFY if report.status is Status.DITUNDA else Action.REPLY
    moment = now or clock.now()

    def _within_window(current: Report) -> dict[str, object]:
        if current.deadline is not None and moment > current.deadline:
            raise IllegalTransition("reply_window_closed", action=action.value, status=current.status.value)
        return {"on_hold_by": None}

    updated, _ = perform(report.tracking_id, action, REPORTER, message=message, prepare=_within_window, now=moment)
    return updated


def confirm(tracking_id: str, token: Optional[str], now: Optional[datetime] = None) -> Report:
    report = authorized(tracking_id, token)
    updated, _ = perform(report.tracking_id, Action.CONFIRM, REPORTER, now=now)
    return updated


def rate(tracking_id: str, token: Optional[str], score: int, comment: Optional[str],
         now: Optional[datetime] = None) -> Report:
    report = authorized(tracking_id, token)

    def _once(current: Report) -> dict[str, object]:
        if current.rating is not None:
            raise IllegalTransition("already_rated", action=Action.RATE.value, status=current.status.value)
        return {"rating": score, "rating_comment": comment}

    updated, _ = perform(report.tracking_id, Action.RATE, REPORTER, prepare=_once,
                         details={"score": score}, message=comment, now=now)
    return updated
