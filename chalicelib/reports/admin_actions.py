"""What national admins do to reports, each one lifecycle action through reports.perform.

The decisions that correct or complete the router (disposition, forward after "bukan wewenang", a
category amended, a corrected topic put back) are also stored as training examples (reports.corrections)
here, in the use cases, so every client (admin API, console, the verification desk) teaches the model."""
from __future__ import annotations

from typing import Any

from chalicelib.directory.catalogue import category as find_category
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Classification, Report, Role, Status
from chalicelib.domain.privacy import check_privacy_changes
from chalicelib.reports import read as reports_query
from chalicelib.reports.corrections import kind_of, learn_from
from chalicelib.reports.perform import perform
from chalicelib.store import directory

_AMENDABLE = ("classification", "category", "anonim", "rahasia")


def admin_actor(admin_id: str, staff_id: str | None = None) -> Actor:
    """A national admin acting (`staff_id`: the console account behind an admin key, if any)."""
    return Actor(Role.ADMIN, admin_id, staff_id)


def _category(code: str | None) -> None:
    if code is not None and find_category(code) is None:
        raise ValidationFailed("unknown_category", field="category")


def disposition(admin_id: str, tracking_id: str, agency_id: str, classification: Classification | None = None,
                category: str | None = None, note: str | None = None, version: int | None = None,
                staff_id: str | None = None) -> Report:
    """Verify and disposition: the report goes to `agency_id` (DITERUSKAN), optionally with a
    corrected classification or category."""
    report = reports_query.load(tracking_id)
    directory.active_agency(agency_id)
    _category(category)
    changes: dict[str, Any] = {"agency_id": agency_id, "assignee": None, "acknowledged_at": None}
    if classification is not None:
        changes["classification"] = classification
    if category is not None:
        changes["category"] = category
    actor = admin_actor(admin_id, staff_id)
    seen: list[Report] = []

    def prepare(current: Report) -> dict[str, Any]:
        seen.append(current)
        if current.status is Status.DITERUSKAN:  # a corrected topic re-sent: it is settled now
            return {**changes, "suggestion": settled(current.suggestion, "redispositioned")}
        return changes

    details: dict[str, Any] = {"agency_id": agency_id, "by": "admin"}
    if report.status is Status.DITERUSKAN and report.agency_id:
        details["from_agency_id"] = report.agency_id  # a corrected topic sent elsewhere: that office is told
    updated, event = perform(report.tracking_id, Action.DISPOSITION, actor, message=note, details=details,
                             prepare=prepare, expected_version=version)
    learn_from(kind_of(seen[-1]), seen[-1], updated, event, actor)
    return updated


def settled(suggestion: dict | None, why: str) -> dict:
    """The router's corrected reading, marked as settled by a person (no longer re-dispositionable)."""
    return {**(suggestion or {}), "why": why, "applied": False}


def archive(admin_id: str, tracking_id: str, reason: str, note: str | None = None,
            version: int | None = None, staff_id: str | None = None) -> Report:
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.ARCHIVE, admin_actor(admin_id, staff_id), message=note,
                         details={"reason": reason}, expected_version=version)
    return updated


def hold(admin_id: str, tracking_id: str, message: str, version: int | None = None,
         staff_id: str | None = None) -> Report:
    """Put on hold (DITUNDA): the admins ask the reporter for clarification before verifying."""
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.REQUEST_CLARIFICATION, admin_actor(admin_id, staff_id), message=message,
                         prepare=lambda _: {"on_hold_by": Role.ADMIN}, expected_version=version)
    return updated


def amend(admin_id: str, tracking_id: str, fields: dict[str, Any], note: str | None = None,
          version: int | None = None, staff_id: str | None = None) -> Report:
    """Correct classification, category or the anonim/rahasia flags. The flags are the reporter's
    choice: admins may turn them on, never off (PrivacyLoosening, 409, and nothing is written, not
    even a timeline event). The timeline records what changed (values only: never an identity)."""
    changes = {k: v for k, v in fields.items() if k in _AMENDABLE and v is not None}
    if not changes:
        raise ValidationFailed("nothing_to_change", field="body")
    _category(changes.get("category"))
    report = reports_query.load(tracking_id)
    actor = admin_actor(admin_id, staff_id)

    def prepare(current: Report) -> dict[str, Any]:
        check_privacy_changes(current, changes, actor.role)  # on every retry: always the fresh flags
        return {k: v for k, v in changes.items() if getattr(current, k) != v}

    def describe(value: Any) -> Any:
        return value.value if isinstance(value, Classification) else value

    before = {k: describe(getattr(report, k)) for k in changes}
    changed = {k: {"from": before[k], "to": describe(v)} for k, v in changes.items()}
    updated, event = perform(report.tracking_id, Action.AMEND, actor, message=note, details={"changed": changed},
                             prepare=prepare, expected_version=version)
    if "category" in changes and report.category != changes["category"]:
        learn_from(kind_of(report, changed_category=True), report, updated, event, actor)
    return updated


def add_note(admin_id: str, tracking_id: str, note: str, version: int | None = None,
             staff_id: str | None = None) -> Report:
    report = reports_query.load(tracking_id)
    updated, _ = perform(report.tracking_id, Action.NOTE, admin_actor(admin_id, staff_id), message=note,
                         expected_version=version)
    return updated
