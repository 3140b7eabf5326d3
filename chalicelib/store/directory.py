"""The agency directory and routing rules in DynamoDB."""
from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.errors import ValidationFailed
from chalicelib.store.conditional import save_if_absent
from chalicelib.store.models import AgencyRecord, RouteRecord


def get_agency(agency_id: str) -> AgencyRecord | None:
    try:
        return AgencyRecord.get(agency_id)
    except DoesNotExist:
        return None


def agency_active(agency_id: str) -> bool:
    """Whether the agency exists and is active now (a strongly consistent read: a deactivation
    stops its keys and webhooks on the very next request, with no cache to wait out)."""
    try:
        return bool(AgencyRecord.get(agency_id, consistent_read=True).active)
    except DoesNotExist:
        return False


_NAME_TTL_SECONDS = 300.0
_names: dict[str, tuple[float, tuple[str, str] | None]] = {}


def _agency_names(agency_id: str) -> tuple[str, str] | None:
    """(name, name_en), cached for a few minutes per process: every report view, feed item and
    webhook payload names its agency, and names change rarely (updates call `forget_agency`)."""
    cached = _names.get(agency_id)
    if cached is not None and time.monotonic() - cached[0] < _NAME_TTL_SECONDS:
        return cached[1]
    record = get_agency(agency_id)
    names = (record.name, record.name_en) if record is not None else None
    _names[agency_id] = (time.monotonic(), names)
    return names


def forget_agency(agency_id: str) -> None:
    _names.pop(agency_id, None)


def agency_summary(agency_id: str | None, lang: str = "id") -> dict[str, str] | None:
    """`{"id", "name"}` of an agency for report views."""
    if not agency_id:
        return None
    names = _agency_names(agency_id)
    if names is None:
        return {"id": agency_id, "name": agency_id}
    return {"id": agency_id, "name": names[1] if lang == "en" else names[0]}


def active_agency(agency_id: str) -> AgencyRecord:
    """The agency a report may be sent to: ValidationFailed `unknown_agency` or `agency_inactive`
    (422 on field agency_id) otherwise."""
    record = get_agency(agency_id)
    if record is None:
        raise ValidationFailed("unknown_agency", field="agency_id")
    if not record.active:
        raise ValidationFailed("agency_inactive", field="agency_id")
    return record


def create_agency(agency_id: str, fields: dict[str, Any]) -> AgencyRecord | None:
    """A new agency, or None when the id is taken."""
    record = AgencyRecord(agency_id, **fields)
    return record if save_if_absent(record) else None


def update_agency(record: AgencyRecord, changes: dict[str, object]) -> AgencyRecord:
    record.update(actions=[getattr(AgencyRecord, name).set(value) for name, value in changes.items()])
    forget_agency(record.agency_id)
    return record


def resolve_route(route_keys: Iterable[str]) -> str | None:
    """The agency of the first route key that has a rule, in the order given."""
    for key in route_keys:
        try:
            return RouteRecord.get(key).agency_id
        except DoesNotExist:
            continue
    return None


def region_page(region_code: str, limit: int, start: dict[str, Any] | None = None
                ) -> tuple[list[AgencyRecord], dict[str, Any] | None]:
    """One page of the agencies of a region ("ID": national bodies), by id (the region index)."""
    results = AgencyRecord.region_index.query(region_code, limit=limit, page_size=limit, last_evaluated_key=start)
    records = list(results)
    return records, results.last_evaluated_key


def region_partition(region_code: str) -> tuple[str, str]:
    return "region_code", region_code


def get_agencies(agency_ids: Iterable[str]) -> list[AgencyRecord]:
    """The agencies that exist among `agency_ids` (one batch read)."""
    ids = list(dict.fromkeys(agency_ids))
    return list(AgencyRecord.batch_get(ids)) if ids else []


def write_directory(entries: Iterable[tuple[dict[str, Any], Iterable[str]]]) -> tuple[int, int]:
    """Write agencies (each its AgencyRecord attributes, `agency_id` included, active) and the
    route keys that lead to each, in batches. Idempotent: the same entries write the same items.
    Returns (agencies, routes) written."""
    agencies = routes = 0
    with AgencyRecord.batch_write() as agency_batch, RouteRecord.batch_write() as route_batch:
        for fields, keys in entries:
            agency_batch.save(AgencyRecord(active=True, **fields))
            agencies += 1
            for key in keys:
                route_batch.save(RouteRecord(key, agency_id=fields["agency_id"]))
                routes += 1
    return agencies, routes
