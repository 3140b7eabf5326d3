"""The labelled examples people give the router (store.models.CorrectionRecord): written once per
timeline event (the item's key names the event, so a retried use case writes the same item), read back
by time for `lapor-ops model export` with one Query per month, never a Scan."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from pynamodb.exceptions import PutError

from chalicelib.store.models import CorrectionRecord

KINDS = ("disposition", "forward_after_not_authority", "amend", "restore")


@dataclass(frozen=True)
class Correction:
    tracking_id: str
    seq: int
    kind: str
    text: str  # redacted
    region_code: str | None
    category: str | None
    agency_id: str | None
    router_category: str | None
    router_agency_id: str | None
    model_version: str | None
    actor: str
    staff_id: str | None
    decided_at: datetime


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def _sort_key(item: Correction) -> str:
    return f"{item.decided_at.astimezone(UTC).isoformat()}#{item.tracking_id}#{item.seq:08d}"


def record(item: Correction) -> bool:
    """Store `item` unless its event's example is stored already. True when written now."""
    if item.kind not in KINDS:
        raise ValueError(f"unknown correction kind {item.kind!r}")
    row = CorrectionRecord(_month(item.decided_at), _sort_key(item), **{
        name: getattr(item, name) for name in Correction.__dataclass_fields__})
    try:
        row.save(condition=CorrectionRecord.sort_key.does_not_exist())
    except PutError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _months(since: datetime, until: datetime) -> list[str]:
    year, month = since.year, since.month
    out = []
    while (year, month) <= (until.year, until.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def between(since: datetime, until: datetime) -> Iterator[Correction]:
    """Every example decided in [since, until), oldest first."""
    since, until = since.astimezone(UTC), until.astimezone(UTC)
    low, high = since.isoformat(), until.isoformat()
    for month in _months(since, until):
        for row in CorrectionRecord.query(month, CorrectionRecord.sort_key.between(low, high + "~")):
            if row.decided_at < until:
                yield Correction(**{name: getattr(row, name) for name in Correction.__dataclass_fields__})
