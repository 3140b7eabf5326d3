"""The public, read-only agency directory: list a region's agencies (or the national bodies),
search them by name, describe one. Reads the agencies table through its region index (never a
Scan); a name search without a region looks at the national bodies and at the regional
governments of the regions whose names match (found in the in-memory region catalogue)."""
from __future__ import annotations

from typing import Any

from chalicelib.directory.catalogue import NATIONAL, regions
from chalicelib.directory.seed import government_id
from chalicelib.store import directory as store
from chalicelib.store import webhooks
from chalicelib.store.models import AgencyRecord

MAX_REGION_MATCHES = 10


def words(query: str | None) -> list[str]:
    return [w for w in (query or "").lower().split() if w]


def matches(record: AgencyRecord, query_words: list[str]) -> bool:
    """Every word of the query appears in the Indonesian or the English name (or the id)."""
    haystack = f"{record.name} {record.name_en} {record.agency_id}".lower()
    return all(word in haystack for word in query_words)


def describe(record: AgencyRecord, receives_webhooks: bool, lang: str) -> dict[str, Any]:
    return {
        "id": record.agency_id,
        "name": record.name_en if lang == "en" else record.name,
        "name_id": record.name,
        "name_en": record.name_en,
        "kind": record.kind,
        "level": record.level,
        "sector": record.sector,
        "region_code": record.region_code,
        "parent_id": record.parent_id,
        "active": bool(record.active),
        "receives_webhooks": receives_webhooks,
    }


def _described(records: list[AgencyRecord], lang: str) -> list[dict[str, Any]]:
    receiving = webhooks.receiving([r.agency_id for r in records])
    return [describe(r, r.agency_id in receiving, lang) for r in records]


def region_governments(query_words: list[str]) -> list[AgencyRecord]:
    """The regional governments of regions whose official name holds every query word."""
    if not query_words:
        return []
    codes = sorted(code for code, region in regions().items()
                   if all(word in region.name.lower() for word in query_words))[:MAX_REGION_MATCHES]
    return sorted(store.get_agencies(government_id(code) for code in codes), key=lambda r: r.region_code)


def search(region_code: str | None, query: str | None, limit: int, start: dict[str, Any] | None,
           lang: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One page: the agencies of `region_code` (national bodies when None) whose names match
    `query`, by id. Without a region, the first page also lists the governments of the regions
    the query names. A page holds at most `limit` agencies read, fewer when the query filters
    some out; follow the cursor until it is None."""
    query_words = words(query)
    records, last = store.region_page(region_code or NATIONAL, limit, start)
    found = [r for r in records if matches(r, query_words)]
    if region_code is None and start is None:
        found = region_governments(query_words) + found
    return _described(found, lang), last


def get(agency_id: str, lang: str) -> dict[str, Any] | None:
    record = store.get_agency(agency_id)
    if record is None:
        return None
    return _described([record], lang)[0]
