"""What national admins do to reports, each one lifecycle action through reports.perform."""
from __future__ import annotations

from typing import Any, Optional

from chalicelib.directory.catalogue import category as find_category
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Classification, Report, Role
from chalicelib.domain.privacy import check_privacy_changes
from chalicelib.reports import read as reports_query
from chalicelib.reports.perform import perform
from chalicelib.store import directory

_AMENDABLE = ("classification", "category", "anonim", "rahasia")


def _admin(admin_id: str, staff_id: Optional[str] = None) -> Actor:
    return Actor(Role.ADMIN, admin_id, staff_id)


def _category(code: Optional[str]) -> None:
    if code is not None and find_category(code) is None:
        raise ValidationFailed("unknown_category", field="category")


def disposition(admin_id: str, tracking_id: str, agency_id: str, classification: Optional[Classification] = None,
                category: Optional[str] = None, note: Optional[str] = None, version: Optional[int] = None,
                staff_id: Optional[str] = None) -> Report:
    """Verify and disposition: the report goes to `agency_id` (DITERUSKAN), optionally with a
    corrected classification or category."""
    report = reports_query.load(tracking_id)
    directory.active_agency(agency_id)
    _category(category)
    changes: dict[str, Any] = {"agency_id": agency_id, "assignee": None}
    if classification is not None:
        changes["classification"] = classification
    if category is not None:
        changes["category"] = category
    updated, _ = perform(report.tracking_id, Action.DISPOSITION, _admin(admin_id, staff_id), message=note,
                         details={"agency_id": agency_id, "by": "admin"},
                         prepare=lambda _: changes, expected_version=version)
    return updated


def archive(admin_id: str, tracking_id: str, reason: str, note: Optional[str] = None,
            version: Optional[int] = None, staff_id: Optional[str] = None) -> Report:
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.ARCHIVE, _admin(admin_id, staff_id), message=note,
                         details={"reason": reason}, expected_version=version)
    return updated


def hold(admin_id: str, tracking_id: str, message: str, version: Optional[int] = None,
         staff_id: Optional[str] = None) -> Report:
    """Put on hold (DITUNDA): the admins ask the reporter for clarification before verifying."""
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.REQUEST_CLARIFICATION, _admin(admin_id, staff_id), message=message,
                         prepare=lambda _: {"on_hold_by": Role.ADMIN}, expected_version=version)
    return updated


def amend(admin_id: str, tracking_id: str, fields: dict[str, Any], note: Optional[str] = None,
          version: Optional[int] = None, staff_id: Optional[str] = None) -> Report:
    """Correct classification, category or the anonim/rahasia flags. The flags are the reporter's
    choice: admins may turn them on, never off (PrivacyLoosening, 409, and nothing is written, not
    even a timeline event). The timeline records what changed (values only: never an identity)."""
    changes = {k: v for k, v in fields.items() if k in _AMENDABLE and v is not None}
    if not changes:
        raise ValidationFailed("nothing_to_change", field="body")
    _category(changes.get("category"))
    report = reports_query.load(tracking_id)
    actor = _admin(admin_id, staff_id)

    def prepare(current: Report) -> dict[str, Any]:
        check_privacy_changes(current, changes, actor.role)  # on every retry: always the fresh flags
        return {k: v for k, v in changes.items() if getattr(current, k) != v}

    def describe(value: Any) -> Any:
        return value.value if isinstance(value, Classification) else value

    before = {k: describe(getattr(report, k)) for k in changes}
    updated, _ = perform(report.tracking_id, Action.AMEND, actor, message=note,
                         details={"changed": {k: {"from": before[k], "to": describe(v)} for k, v in changes.items()}},
                         prepare=prepare, expected_version=version)
    return updated


def add_note(admin_id: str, tracking_id: str, note: str, version: Optional[int] = None,
             staff_id: Optional[str] = None) -> Report:
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.NOTE, _admin(admin_id, staff_id), message=note,
                         expected_version=version)
    return updated
