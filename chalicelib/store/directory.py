"""The agency directory and routing rules in DynamoDB."""
from __future__ import annotations

from typing import Iterable, Optional

from pynamodb.exceptions import DoesNotExist

from ..directory.seed import AgencyEntry, directory
from .models import AgencyRecord, RouteRecord


def get_agency(agency_id: str) -> Optional[AgencyRecord]:
    try:
        return AgencyRecord.get(agency_id)
    except DoesNotExist:
        return None


def agency_summary(agency_id: Optional[str], lang: str = "id") -> Optional[dict[str, str]]:
    """`{"id", "name"}` of an agency for report views."""
    if not agency_id:
        return None
    record = get_agency(agency_id)
    if record is None:
        return {"id": agency_id, "name": agency_id}
    return {"id": agency_id, "name": record.name_en if lang == "en" else record.name}


def resolve_route(route_keys: Iterable[str]) -> Optional[str]:
    """The agency of the first route key that has a rule, in the order given."""
    for key in route_keys:
        try:
            return RouteRecord.get(key).agency_id
        except DoesNotExist:
            continue
    return None


def _record(entry: AgencyEntry) -> AgencyRecord:
    return AgencyRecord(
        entry.id, name=entry.name, name_en=entry.name_en, kind=entry.kind, level=entry.level,
        region_code=entry.region_code, sector=entry.sector, parent_id=entry.parent_id, active=True,
    )


def seed_directory() -> tuple[int, int]:
    """Write the built-in directory (idempotent: same ids, same content). Returns counts."""
    agencies = routes = 0
    with AgencyRecord.batch_write() as agency_batch, RouteRecord.batch_write() as route_batch:
        for entry, keys in directory():
            agency_batch.save(_record(entry))
            agencies += 1
            for key in keys:
                route_batch.save(RouteRecord(key, agency_id=entry.id))
                routes += 1
    return agencies, routes
