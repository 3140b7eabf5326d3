"""The report lifecycle as ONE state machine: which action moves a report from which status to
which, who may take it, and which deadline it starts. Everything else asks this table."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from chalicelib.domain.calendar import add_working_days, end_of_calendar_day
from chalicelib.domain.errors import IllegalTransition
from chalicelib.domain.model import Actor, Classification, Report, Role, Status


class DeadlineKind(str, Enum):
    VERIFICATION = "VERIFICATION"  # admin verifies and dispositions
    FOLLOW_UP = "FOLLOW_UP"  # agency posts a substantive follow-up
    REPLY_WINDOW = "REPLY_WINDOW"  # reporter may answer the follow-up
    CLARIFICATION = "CLARIFICATION"  # reporter answers a request for clarification


WORKING_DAYS = {
    DeadlineKind.VERIFICATION: 3,
    DeadlineKind.FOLLOW_UP: 5,
    DeadlineKind.REPLY_WINDOW: 10,
    DeadlineKind.CLARIFICATION: 10,
}
# Deadlines that run on the reporter's side: the agency gets no warning and no breach for them.
REPORTER_DEADLINES = frozenset({DeadlineKind.REPLY_WINDOW, DeadlineKind.CLARIFICATION})


class Action(str, Enum):
    SUBMIT = "SUBMIT"
    DISPOSITION = "DISPOSITION"
    ACKNOWLEDGE = "ACKNOWLEDGE"
    FOLLOW_UP = "FOLLOW_UP"
    REQUEST_CLARIFICATION = "REQUEST_CLARIFICATION"
    CLARIFY = "CLARIFY"
    REPLY = "REPLY"
    CONFIRM = "CONFIRM"
    AUTO_CLOSE = "AUTO_CLOSE"
    NOT_AUTHORITY = "NOT_AUTHORITY"
    FORWARD = "FORWARD"
    ARCHIVE = "ARCHIVE"
    REFER_OMBUDSMAN = "REFER_OMBUDSMAN"
    RATE = "RATE"
    NOTE = "NOTE"
    AMEND = "AMEND"  # admin corrects classification, category or privacy flags
    WARN_DEADLINE = "WARN_DEADLINE"  # the sweep warned the agency that a deadline is near
    ESCALATE = "ESCALATE"  # the sweep recorded a missed deadline and escalated it
    REOPEN = "REOPEN"  # the reporter reopens a report closed by timeout, with a reason
    ASSIGN = "ASSIGN"  # an agency admin passes the report to one of its liaison officers
    SUGGEST = "SUGGEST"  # the router read the text but was not sure: its suggestion for a human
    LINK_SIMILAR = "LINK_SIMILAR"  # the router found open look-alike reports (possible duplicates)
    PROGRESS = "PROGRESS"  # the agency tells the reporter how the work goes, after its first follow-up


class _Keep(Enum):
    KEEP = "KEEP"


KEEP = _Keep.KEEP  # target status or deadline stays as it is
Guard = Callable[[Report], bool]
OPEN = frozenset(
    {Status.DITERIMA, Status.DITERUSKAN, Status.DITINDAKLANJUTI, Status.DITUNDA, Status.BUKAN_WEWENANG}
)
TERMINAL = frozenset({Status.DIARSIPKAN, Status.SELESAI, Status.DIRUJUK_OMBUDSMAN})


def _has_agency(report: Report) -> bool:
    return report.agency_id is not None


def _no_agency(report: Report) -> bool:
    return report.agency_id is None


class Closure(str, Enum):
    """Why a report reached SELESAI: counted apart everywhere figures appear, because closing by
    timeout would otherwise inflate "completed"."""

    CONFIRMED = "CONFIRMED"  # the reporter confirmed it was solved
    TIMED_OUT = "TIMED_OUT"  # the reply window passed without an answer


CLOSURE_BY_ACTION = {"CONFIRM": Closure.CONFIRMED, "AUTO_CLOSE": Closure.TIMED_OUT}


def topic_corrected(report: Report) -> bool:
    """The router routed the report by its text over the reporter's category (routing.reading,
    "corrected") and nobody has put it back yet: the national admins may re-disposition it."""
    suggestion = report.suggestion or {}
    return suggestion.get("why") == "corrected" and bool(suggestion.get("applied"))


def _followed_up(report: Report) -> bool:
    """The agency has posted at least one follow-up: from then on the reporter may confirm."""
    return report.first_follow_up_at is not None


def _timed_out_with_agency(report: Report) -> bool:
    return report.closure == Closure.TIMED_OUT.value and report.agency_id is not None


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status | _Keep
    roles: frozenset[Role]
    deadline: DeadlineKind | None | _Keep
    guard: Guard | None = None


def _t(action: Action, sources: set[Status] | frozenset[Status], target: Status | _Keep,
       roles: set[Role], deadline: DeadlineKind | None | _Keep, guard: Guard | None = None,
       ) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), deadline, guard)


S, R, A = Status, Role, Action
TRANSITIONS: tuple[Transition, ...] = (
    _t(A.DISPOSITION, {S.DITERIMA, S.BUKAN_WEWENANG}, S.DITERUSKAN, {R.ADMIN, R.SYSTEM}, DeadlineKind.FOLLOW_UP),
    # Staff put back (or re-send) a topic the router corrected before the agency answered.
    _t(A.DISPOSITION, {S.DITERUSKAN}, S.DITERUSKAN, {R.ADMIN}, DeadlineKind.FOLLOW_UP, topic_corrected),
    _t(A.ACKNOWLEDGE, {S.DITERUSKAN}, KEEP, {R.AGENCY}, KEEP),
    _t(A.FOLLOW_UP, {S.DITERUSKAN}, S.DITINDAKLANJUTI, {R.AGENCY}, DeadlineKind.REPLY_WINDOW),
    _t(A.REQUEST_CLARIFICATION, {S.DITERUSKAN}, S.DITUNDA, {R.AGENCY}, DeadlineKind.CLARIFICATION),
    _t(A.REQUEST_CLARIFICATION, {S.DITERIMA, S.BUKAN_WEWENANG}, S.DITUNDA, {R.ADMIN},
       DeadlineKind.CLARIFICATION, _no_agency),
    _t(A.CLARIFY, {S.DITUNDA}, S.DITERUSKAN, {R.REPORTER}, DeadlineKind.FOLLOW_UP, _has_agency),
    _t(A.CLARIFY, {S.DITUNDA}, S.DITERIMA, {R.REPORTER}, DeadlineKind.VERIFICATION, _no_agency),
    _t(A.REPLY, {S.DITINDAKLANJUTI}, S.DITERUSKAN, {R.REPORTER}, DeadlineKind.FOLLOW_UP),
    _t(A.CONFIRM, {S.DITINDAKLANJUTI}, S.SELESAI, {R.REPORTER}, None),
    _t(A.AUTO_CLOSE, {S.DITINDAKLANJUTI}, S.SELESAI, {R.SYSTEM}, None),
    _t(A.NOT_AUTHORITY, {S.DITERUSKAN}, S.BUKAN_WEWENANG, {R.AGENCY}, DeadlineKind.VERIFICATION),
    _t(A.FORWARD, {S.DITERUSKAN}, S.DITERUSKAN, {R.AGENCY}, DeadlineKind.FOLLOW_UP),
    _t(A.ARCHIVE, {S.DITERIMA, S.BUKAN_WEWENANG, S.DITUNDA}, S.DIARSIPKAN, {R.ADMIN}, None),
    _t(A.REFER_OMBUDSMAN, OPEN, S.DIRUJUK_OMBUDSMAN, {R.SYSTEM, R.ADMIN}, None),
    _t(A.RATE, {S.SELESAI}, KEEP, {R.REPORTER}, KEEP),
    _t(A.NOTE, OPEN, KEEP, {R.AGENCY, R.ADMIN}, KEEP),
    _t(A.AMEND, OPEN, KEEP, {R.ADMIN}, KEEP),
    _t(A.WARN_DEADLINE, OPEN, KEEP, {R.SYSTEM}, KEEP),
    _t(A.ESCALATE, OPEN, KEEP, {R.SYSTEM}, KEEP),
    # Honest closure: after the first follow-up the reporter may confirm at any point, even after
    # replying (which sends the report back to the agency), and may reopen a timeout closure
    # within the reply window's length (see reopen_deadline).
    _t(A.CONFIRM, {S.DITERUSKAN, S.DITUNDA}, S.SELESAI, {R.REPORTER}, None, _followed_up),
    _t(A.REOPEN, {S.SELESAI}, S.DITERUSKAN, {R.REPORTER}, DeadlineKind.FOLLOW_UP, _timed_out_with_agency),
    _t(A.ASSIGN, {S.DITERUSKAN, S.DITINDAKLANJUTI, S.DITUNDA}, KEEP, {R.AGENCY}, KEEP, _has_agency),
    # Progress updates between the first follow-up and closure (road repair under way, ...): the
    # status and the deadline stay; the reporter hears of it.
    _t(A.PROGRESS, {S.DITERUSKAN, S.DITINDAKLANJUTI, S.DITUNDA}, KEEP, {R.AGENCY}, KEEP, _followed_up),
    _t(A.SUGGEST, {S.DITERIMA, S.BUKAN_WEWENANG}, KEEP, {R.SYSTEM}, KEEP),
    _t(A.LINK_SIMILAR, OPEN, KEEP, {R.SYSTEM}, KEEP),
)
INITIAL_STATUS = Status.DITERIMA
INITIAL_DEADLINE = DeadlineKind.VERIFICATION


def find_transition(report: Report, action: Action, role: Role) -> Transition:
    """The transition that `role` may take with `action` on `report` now, or IllegalTransition."""
    candidates = [t for t in TRANSITIONS if t.action is action and report.status in t.sources]
    if not candidates:
        raise IllegalTransition(action=action.value, status=report.status.value)
    for_role = [t for t in candidates if role in t.roles]
    if not for_role:
        raise IllegalTransition("forbidden_transition", action=action.value,
                                status=report.status.value, role=role.value)
    allowed = [t for t in for_role if t.guard is None or t.guard(report)]
    if not allowed:  # the role may, but not in the report's present state (a guard says no)
        raise IllegalTransition(action=action.value, status=report.status.value)
    return allowed[0]


def allowed_actions(report: Report, role: Role) -> list[Action]:
    """What `role` may do with `report` now; used by views and by the property tests."""
    return sorted(
        {t.action for t in TRANSITIONS if report.status in t.sources and role in t.roles
         and (t.guard is None or t.guard(report))},
        key=lambda a: a.value,
    )


def deadline_for(kind: DeadlineKind, now: datetime) -> datetime:
    return add_working_days(now, WORKING_DAYS[kind])


OMBUDSMAN_REFERRAL_DAYS = 60  # calendar days after receipt, not a step deadline


def ombudsman_referral_due(report: Report) -> datetime | None:
    """When an open complaint (PENGADUAN) becomes due for referral to the Ombudsman; None for
    other classifications and for reports no longer open."""
    if report.classification is not Classification.PENGADUAN or report.status not in OPEN:
        return None
    return end_of_calendar_day(report.created_at, OMBUDSMAN_REFERRAL_DAYS)


def reopen_deadline(report: Report) -> datetime | None:
    """Until when a report closed by timeout may be reopened: as long as the reply window that
    closed it (10 working days from the closure). None when it cannot be reopened."""
    if report.closure != Closure.TIMED_OUT.value or report.closed_at is None:
        return None
    return add_working_days(report.closed_at, WORKING_DAYS[DeadlineKind.REPLY_WINDOW])


# The reporter's two windows. The web page asks them to decide what to offer and the reporter
# actions ask them to decide what to refuse, so the page never offers what the action refuses.

def reporter_answer(report: Report) -> Action:
    """What a reporter's message is: the clarification asked while on hold (DITUNDA), otherwise a
    reply (tanggapan) to the follow-up."""
    return Action.CLARIFY if report.status is Status.DITUNDA else Action.REPLY


def reply_window_closed(report: Report, now: datetime) -> bool:
    """Whether the reporter is too late to answer: the report's current deadline (the reply
    window after a follow-up, or the clarification window while on hold) has passed."""
    return report.deadline is not None and now > report.deadline


def can_reply(report: Report, now: datetime) -> bool:
    """Whether the reporter may answer now: the table allows the answer in this status and the
    window is still open."""
    return reporter_answer(report) in allowed_actions(report, Role.REPORTER) and not reply_window_closed(report, now)


def reopen_window_closed(report: Report, now: datetime) -> bool:
    """Whether a timeout closure is too old to reopen (see reopen_deadline)."""
    until = reopen_deadline(report)
    return until is not None and now > until


def reopen_until(report: Report, now: datetime) -> datetime | None:
    """Until when the reporter may still reopen the report; None when reopening is not possible
    now (not a timeout closure with an agency, or the window has passed)."""
    if Action.REOPEN not in allowed_actions(report, Role.REPORTER) or reopen_window_closed(report, now):
        return None
    return reopen_deadline(report)


def _closure_changes(report: Report, transition: Transition, now: datetime) -> dict[str, object]:
    """Closure bookkeeping every transition carries: first follow-up moment and how many follow-ups,
    why and when the report closed (cleared on reopening) and how often it was reopened."""
    out: dict[str, object] = {}
    if transition.action is Action.FOLLOW_UP:
        if report.first_follow_up_at is None:
            out["first_follow_up_at"] = now
        if report.follow_up_count is not None:
            out["follow_up_count"] = report.follow_up_count + 1
    closure = CLOSURE_BY_ACTION.get(transition.action.value)
    if closure is not None:
        out.update(closure=closure.value, closed_at=now)
    if transition.action is Action.REOPEN:
        out.update(closure=None, closed_at=None, reopen_count=report.reopen_count + 1)
    return out


def apply_transition(report: Report, transition: Transition, now: datetime, **changes: object) -> Report:
    """The report after `transition`: status, deadline and the caller's field changes."""
    changes = {**_closure_changes(report, transition, now), **changes}
    target = report.status if transition.target is KEEP else transition.target
    if transition.deadline is KEEP:
        deadline, kind = report.deadline, report.deadline_kind
    elif transition.deadline is None:
        deadline, kind = None, None
    else:
        deadline, kind = deadline_for(transition.deadline, now), transition.deadline.value
    if transition.deadline is not KEEP:
        # The sweep's warning/breach marks belong to the deadline they were made for.
        changes = {"sla_warned_at": None, "sla_breached_at": None, **changes}
    return report.evolve(status=target, deadline=deadline, deadline_kind=kind, updated_at=now, **changes)


def authorize(actor: Actor, report: Report) -> None:
    """Agencies act only on reports dispositioned to them; the lookup already hides others (404)."""
    if actor.role is Role.AGENCY and report.agency_id != actor.id:
        raise IllegalTransition("forbidden_transition", action="*", status=report.status.value,
                                role=actor.role.value)
