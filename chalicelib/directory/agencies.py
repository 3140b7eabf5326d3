"""The agency directory as admins maintain it: create and update agencies."""
from __future__ import annotations

from typing import Any, Optional

from chalicelib.directory.catalogue import NATIONAL
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.errors import ValidationFailed
from chalicelib.store import directory
from chalicelib.store.models import AgencyRecord

_FIELDS = ("agency_id", "name", "name_en", "kind", "level", "region_code", "sector", "parent_id", "active")


def describe(record: AgencyRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _FIELDS}


def _parent(parent_id: Optional[str]) -> None:
    if parent_id and directory.get_agency(parent_id) is None:
        raise ValidationFailed("unknown_agency", field="parent_id")


def create(fields: dict[str, Any]) -> Optional[AgencyRecord]:
    """A new agency, or None when the id is taken."""
    if fields["region_code"] != NATIONAL and find_region(fields["region_code"]) is None:
        raise ValidationFailed("unknown_region", field="region_code")
    _parent(fields.get("parent_id"))
    return directory.create_agency(fields["agency_id"], {k: v for k, v in fields.items() if k != "agency_id"})


def update(agency_id: str, fields: dict[str, Any]) -> Optional[AgencyRecord]:
    record = directory.get_agency(agency_id)
    if record is None:
        return None
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        raise ValidationFailed("nothing_to_change", field="body")
    _parent(changes.get("parent_id"))
    if changes.get("parent_id") == agency_id:
        raise ValidationFailed("same_agency", field="parent_id")
    return directory.update_agency(record, changes)
