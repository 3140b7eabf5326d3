"""The agency directory as it is maintained: the built-in directory seeded, and agencies admins
create and update."""
from __future__ import annotations

from typing import Any

from chalicelib.directory.catalogue import NATIONAL
from chalicelib.directory.catalogue import region as find_region
from chalicelib.directory.seed import AgencyEntry
from chalicelib.directory.seed import directory as built_in_directory
from chalicelib.domain.errors import ValidationFailed
from chalicelib.store import directory
from chalicelib.store.models import AgencyRecord

_FIELDS = ("agency_id", "name", "name_en", "kind", "level", "region_code", "sector", "parent_id", "active")


def _seed_fields(entry: AgencyEntry) -> dict[str, Any]:
    return {"agency_id": entry.id, "name": entry.name, "name_en": entry.name_en, "kind": entry.kind,
            "level": entry.level, "region_code": entry.region_code, "sector": entry.sector,
            "parent_id": entry.parent_id}


def seed_directory() -> tuple[int, int]:
    """Write the built-in directory (idempotent: same ids, same content). Returns counts."""
    return directory.write_directory((_seed_fields(entry), keys) for entry, keys in built_in_directory())


def describe(record: AgencyRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _FIELDS}


def _parent(parent_id: str | None) -> None:
    if parent_id and directory.get_agency(parent_id) is None:
        raise ValidationFailed("unknown_agency", field="parent_id")


def create(fields: dict[str, Any]) -> AgencyRecord | None:
    """A new agency, or None when the id is taken."""
    if fields["region_code"] != NATIONAL and find_region(fields["region_code"]) is None:
        raise ValidationFailed("unknown_region", field="region_code")
    _parent(fields.get("parent_id"))
    return directory.create_agency(fields["agency_id"], {k: v for k, v in fields.items() if k != "agency_id"})


def update(agency_id: str, fields: dict[str, Any]) -> AgencyRecord | None:
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
