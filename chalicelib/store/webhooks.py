"""Agencies' webhook endpoints in DynamoDB: the only code that reads or writes that table."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.store.models import WebhookSubscriptionRecord


def get(agency_id: str) -> WebhookSubscriptionRecord | None:
    try:
        return WebhookSubscriptionRecord.get(agency_id, consistent_read=True)
    except DoesNotExist:
        return None


def put(agency_id: str, *, url: str, secret_ciphertext: str, previous_secret_ciphertext: str | None,
        previous_expires_at: datetime | None, created_at: datetime, updated_at: datetime) -> None:
    """Set the endpoint (active) with its encrypted signing secrets."""
    WebhookSubscriptionRecord(
        agency_id, url=url, secret_ciphertext=secret_ciphertext, previous_secret_ciphertext=previous_secret_ciphertext,
        previous_expires_at=previous_expires_at, active=True, disabled_reason=None,
        created_at=created_at, updated_at=updated_at,
    ).save()


def disable(record: WebhookSubscriptionRecord, reason: str, now: datetime) -> None:
    record.update(actions=[WebhookSubscriptionRecord.active.set(False),
                           WebhookSubscriptionRecord.disabled_reason.set(reason),
                           WebhookSubscriptionRecord.updated_at.set(now)])


def delete(record: WebhookSubscriptionRecord) -> None:
    record.delete()


def receiving(agency_ids: list[str]) -> set[str]:
    """Which of `agency_ids` have an active webhook endpoint (one batch read, no secrets used)."""
    ids = list(dict.fromkeys(agency_ids))
    if not ids:
        return set()
    return {record.agency_id for record in WebhookSubscriptionRecord.batch_get(
        ids, attributes_to_get=["agency_id", "active"]) if record.active}
