"""Agency actions on reports dispositioned to them. Each is one lifecycle action through
reports.perform (state machine + version-conditional write + timeline event).

An agency reaches only reports currently dispositioned to it: anything else is NotFound, so
the API answers 404 and does not reveal that the report exists.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chalicelib.domain.errors import IllegalTransition, NotFound, ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role
from chalicelib.intake import attachments as uploads
from chalicelib.reports import read as reports_query
from chalicelib.reports.perform import perform
from chalicelib.shared import clock
from chalicelib.store import directory

Changes = Callable[[Report], dict[str, Any]]


def visible_report(agency_id: str, tracking_id: str) -> Report:
    report = reports_query.load(tracking_id)
    if report.agency_id != agency_id:
        raise NotFound(tracking_id=tracking_id)
    return report


def act(agency_id: str, tracking_id: str, action: Action, *, message: str | None = None,
        details: dict[str, Any] | None = None, changes: Changes | None = None,
        expected_version: int | None = None, staff_id: str | None = None,
        also: Callable[[Any], None] | None = None, claimed: Sequence[str] = ()) -> Report:
    """Perform `action` as `agency_id`. IllegalTransition (409) when the state machine refuses,
    ConcurrentUpdate `version_mismatch` (409) when `expected_version` is not the current one."""
    report = visible_report(agency_id, tracking_id)

    def prepare(current: Report) -> dict[str, Any]:
        if current.agency_id != agency_id:
            raise NotFound(tracking_id=tracking_id)
        return changes(current) if changes else {}

    try:
        updated, _ = perform(report.tracking_id, action, Actor(Role.AGENCY, agency_id, staff_id), message=message,
                             details=details, prepare=prepare, expected_version=expected_version,
                             also=also, claimed=claimed)
    except IllegalTransition as error:
        if error.params.get("action") == "*":  # moved to another agency meanwhile
            raise NotFound(tracking_id=tracking_id) from None
        raise
    return updated


def acknowledge(agency_id: str, tracking_id: str, version: int | None = None,
                staff_id: str | None = None) -> Report:
    return act(agency_id, tracking_id, Action.ACKNOWLEDGE, expected_version=version, staff_id=staff_id,
               changes=lambda _: {"acknowledged_at": clock.now()})


def follow_up(agency_id: str, tracking_id: str, message: str, attachments: list[dict[str, Any]],
              version: int | None = None, staff_id: str | None = None,
              files: Sequence[str] = ()) -> Report:
    """The substantive answer. `attachments`: links (https) the agency keeps elsewhere; `files`:
    upload ids (POST /api/v1/attachments, as a citizen's) checked, cleaned of their metadata and
    claimed in the follow-up's own transaction, so a refused follow-up keeps its uploads and no
    upload serves two answers. The reporter sees them, and the public too unless rahasia."""
    return _answer_with_files(Action.FOLLOW_UP, agency_id, tracking_id, message, attachments, version,
                              staff_id, files)


def post_progress(agency_id: str, tracking_id: str, message: str, attachments: list[dict[str, Any]],
                  version: int | None = None, staff_id: str | None = None,
                  files: Sequence[str] = ()) -> Report:
    """News on the work between the first follow-up and closure; status and deadline stay. Its
    `files` follow the follow-up's rules (claimed in the same transaction, cleaned, shown to the
    reporter, and to the public unless rahasia): a photo of the repair under way is the news."""
    return _answer_with_files(Action.PROGRESS, agency_id, tracking_id, message, attachments, version,
                              staff_id, files)


def _answer_with_files(action: Action, agency_id: str, tracking_id: str, message: str,
                       attachments: list[dict[str, Any]], version: int | None, staff_id: str | None,
                       files: Sequence[str]) -> Report:
    tracking_id = visible_report(agency_id, tracking_id).tracking_id  # 404 before any upload is read
    cleaned = uploads.verify(files) if files else ()
    details: dict[str, Any] = {}
    if attachments:
        details["attachments"] = attachments
    if cleaned:
        details["files"] = [{"id": a.id, "content_type": a.content_type, "size": a.size, "thumbnail": a.thumbnail}
                            for a in cleaned]
    with uploads.refusing_taken(cleaned):
        report = act(agency_id, tracking_id, action, message=message, details=details or None,
                     expected_version=version, staff_id=staff_id,
                     also=uploads.claims(cleaned, tracking_id) if cleaned else None,
                     claimed=[a.id for a in cleaned])
    uploads.discard_uploads(cleaned)
    return report


def request_clarification(agency_id: str, tracking_id: str, message: str, version: int | None = None,
                          staff_id: str | None = None) -> Report:
    return act(agency_id, tracking_id, Action.REQUEST_CLARIFICATION, message=message,
               changes=lambda _: {"on_hold_by": Role.AGENCY}, expected_version=version, staff_id=staff_id)


def not_authority(agency_id: str, tracking_id: str, reason: str, version: int | None = None,
                  staff_id: str | None = None) -> Report:
    """Back to the national verification queue (BUKAN_WEWENANG) with the agency's reason."""
    return act(agency_id, tracking_id, Action.NOT_AUTHORITY, message=reason,
               details={"reason": reason, "from_agency_id": agency_id},
               changes=lambda _: {"agency_id": None, "assignee": None, "acknowledged_at": None},
               expected_version=version,
               staff_id=staff_id)


def forward(agency_id: str, tracking_id: str, target: str, reason: str, version: int | None = None,
            staff_id: str | None = None) -> Report:
    """Pass the report to the agency that has authority (it is dispositioned there, DITERUSKAN)."""
    if target == agency_id:
        raise ValidationFailed("same_agency", field="agency_id")
    directory.active_agency(target)
    return act(agency_id, tracking_id, Action.FORWARD, message=reason,
               details={"reason": reason, "from_agency_id": agency_id, "to_agency_id": target},
               changes=lambda _: {"agency_id": target, "assignee": None, "acknowledged_at": None},
               expected_version=version,
               staff_id=staff_id)


def add_note(agency_id: str, tracking_id: str, note: str, version: int | None = None,
             staff_id: str | None = None) -> Report:
    """An internal note: agencies and admins see it; the reporter and the public never do."""
    return act(agency_id, tracking_id, Action.NOTE, message=note, expected_version=version, staff_id=staff_id)


def assign(agency_id: str, tracking_id: str, assignee: str, staff_id: str, version: int | None = None) -> Report:
    """Pass the report to one of the agency's liaison officers (`assignee`, a username the caller
    has checked belongs to the agency). The timeline records who assigned it to whom."""
    return act(agency_id, tracking_id, Action.ASSIGN, details={"assignee": assignee},
               changes=lambda _: {"assignee": assignee}, expected_version=version, staff_id=staff_id)
