"""Followers of a report: the duplicates merged into it, whose reporters follow the original from then
on (its dispositions, follow-ups and closure reach them as notices too). Kept in the supports table under
a partition of its own, `FOLLOWERS#<original>`, one item per follower (sort key: the follower's tracking
id), so the outbox reads them with one key Query and a retried merge writes the same item again."""
from __future__ import annotations

from datetime import datetime

from chalicelib.store.models import SupportRecord

PREFIX = "FOLLOWERS#"


def _partition(original_id: str) -> str:
    return f"{PREFIX}{original_id}"


def add(original_id: str, follower_id: str, now: datetime) -> None:
    """`follower_id` follows `original_id` (idempotent: the same key overwritten with the same fact)."""
    SupportRecord(_partition(original_id), follower_id, created_at=now).save()


def of(original_id: str) -> list[str]:
    """Tracking ids of the reports following `original_id`, in tracking-id order."""
    return [record.supporter for record in SupportRecord.query(_partition(original_id))]
