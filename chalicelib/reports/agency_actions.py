"""Agency actions on reports dispositioned to them. Each is one lifecycle action through
reports.perform (state machine + version-conditional write + timeline event).

An agency reaches only reports currently dispositioned to it: anything else is NotFound, so
the API answers 404 and does not reveal that the report exists.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from chalicelib.domain.errors import IllegalTransition, NotFound, ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role
from chalicelib.reports import read as reports_query
from chalicelib.reports.perform import perform
from chalicelib.store import directory

Changes = Callable[[Report], dict[str, Any]]


def visible_report(agency_id: str, tracking_id: str) -> Report:
    report = reports_query.load(tracking_id)
    if report.agency_id != agency_id:
        raise NotFound(tracking_id=tracking_id)
    return report


def act(agency_id: str, tracking_id: str, action: Action, *, message: Optional[str] = None,
        details: Optional[dict[str, Any]] = None, changes: Optional[Changes] = None,
        expected_version: Optional[int] = None, staff_id: Optional[str] = None) -> Report:
    """Perform `action` as `agency_id`. IllegalTransition (409) when the state machine refuses,
    ConcurrentUpdate `version_mismatch` (409) when `expected_version` is not the current one."""
    report = visible_report(agency_id, tracking_id)

    def prepare(current: Report) -> dict[str, Any]:
        if current.agency_id != agency_id:
            raise NotFound(tracking_id=tracking_id)
        return changes(current) if changes else {}

    try:
        updated, _ = perform(report.tracking_id, action, Actor(Role.AGENCY, agency_id, staff_id), message=message,
                             details=details, prepare=prepare, expected_version=expected_version)
    except IllegalTransition as error:
        if error.params.get("action") == "*":  # moved to another agency meanwhile
            raise NotFound(tracking_id=tracking_id) from None
        raise
    return updated


def acknowledge(agency_id: str, tracking_id: str, version: Optional[int] = None,
                staff_id: Optional[str] = None) -> Report:
    return act(agency_id, tracking_id, Action.ACKNOWLEDGE, expected_version=version, staff_id=staff_id)


def follow_up(agency_id: str, tracking_id: str, message: str, attachments: list[dict[str, Any]],
              version: Optional[int] = None, staff_id: Optional[str] = None) -> Report:
    details = {"attachments": attachments} if attachments else None
    return act(agency_id, tracking_id, Action.FOLLOW_UP, message=message, details=details,
               expected_version=version, staff_id=staff_id)


def request_clarification(agency_id: str, tracking_id: str, message: str, version: Optional[int] = None,
                          staff_id: Optional[str] = None) -> Report:
    return act(agency_id, tracking_id, Action.REQUEST_CLARIFICATION, message=message,
               changes=lambda _: {"on_hold_by": Role.AGENCY}, expected_version=version, staff_id=staff_id)


def not_authority(agency_id: str, tracking_id: str, reason: str, version: Optional[int] = None,
                  staff_id: Optional[str] = None) -> Report:
    """Back to the national verification queue (BUKAN_WEWENANG) with the agency's reason."""
    return act(agency_id, tracking_id, Action.NOT_AUTHORITY, message=reason,
               details={"reason": reason, "from_agency_id": agency_id},
               changes=lambda _: {"agency_id": None, "assignee": None}, expected_version=version,
               staff_id=staff_id)


def forward(agency_id: str, tracking_id: str, target: str, reason: str, version: Optional[int] = None,
            staff_id: Optional[str] = None) -> Report:
    """Pass the report to the agency that has authority (it is dispositioned there, DITERUSKAN)."""
    if target == agency_id:
        raise ValidationFailed("same_agency", field="agency_id")
    directory.active_agency(target)
    return act(agency_id, tracking_id, Action.FORWARD, message=reason,
               details={"reason": reason, "from_agency_id": agency_id, "to_agency_id": target},
               changes=lambda _: {"agency_id": target, "assignee": None}, expected_version=version,
               staff_id=staff_id)


def add_note(agency_id: str, tracking_id: str, note: str, version: Optional[int] = None,
             staff_id: Optional[str] = None) -> Report:
    """An internal note: agencies and admins see it; the reporter and the public never do."""
    return act(agency_id, tracking_id, Action.NOTE, message=note, expected_version=version, staff_id=staff_id)


def assign(agency_id: str, tracking_id: str, assignee: str, staff_id: str, version: Optional[int] = None) -> Report:
    """Pass the report to one of the agency's liaison officers (`assignee`, a username the caller
    has checked belongs to the agency). The timeline records who assigned it to whom."""
    return act(agency_id, tracking_id, Action.ASSIGN, details={"assignee": assignee},
               changes=lambda _: {"assignee": assignee}, expected_version=version, staff_id=staff_id)
