"""An agency's webhook endpoint: register, rotate, disable, and the secrets to sign with now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.delivery import settings
from chalicelib.delivery import signing_secrets as secrets
from chalicelib.delivery.urls import validate_webhook_url
from chalicelib.domain.calendar import iso
from chalicelib.shared import clock
from chalicelib.store import directory, webhooks
from chalicelib.store.models import WebhookSubscriptionRecord

ENDPOINT_GONE = "ENDPOINT_GONE"  # the receiver answered 410 Gone


@dataclass(frozen=True)
class Registration:
    url: str
    secret: str  # shown once
    previous_secret_expires_at: datetime | None


def get(agency_id: str) -> WebhookSubscriptionRecord | None:
    return webhooks.get(agency_id)


def active(agency_id: str) -> WebhookSubscriptionRecord | None:
    """The endpoint to deliver to, or None: none registered, disabled (410), or the agency is
    deactivated (its registration is kept, so reactivation resumes deliveries)."""
    record = get(agency_id)
    if record is None or not record.active:
        return None
    return record if directory.agency_active(agency_id) else None


def register(agency_id: str, url: str, now: datetime | None = None) -> Registration:
    """Set the endpoint and issue a new secret. An existing secret stays valid for 24 hours
    (deliveries carry both signatures), so the agency can switch without losing a message.
    Registering again also re-enables an endpoint disabled by a 410."""
    validate_webhook_url(url)
    now = now or clock.now()
    secret = secrets.new_secret()
    ciphertext = secrets.encrypt(secret, agency_id)
    current = get(agency_id)
    previous, expires = None, None
    if current is not None:
        previous = current.secret_ciphertext
        expires = now + timedelta(seconds=settings.PREVIOUS_SECRET_GRACE_SECONDS)
    webhooks.put(agency_id, url=url, secret_ciphertext=ciphertext, previous_secret_ciphertext=previous,
                 previous_expires_at=expires, created_at=current.created_at if current is not None else now,
                 updated_at=now)
    return Registration(url, secret, expires)


def disable(agency_id: str, reason: str, now: datetime | None = None) -> None:
    record = get(agency_id)
    if record is None:
        return
    webhooks.disable(record, reason, now or clock.now())


def remove(agency_id: str) -> bool:
    record = get(agency_id)
    if record is None:
        return False
    webhooks.delete(record)
    return True


def signing_secrets(record: WebhookSubscriptionRecord, now: datetime | None = None) -> list[str]:
    """The current secret, plus the previous one while its grace period lasts."""
    now = now or clock.now()
    out = [secrets.decrypt(record.secret_ciphertext, record.agency_id)]
    if record.previous_secret_ciphertext and record.previous_expires_at and now < record.previous_expires_at:
        out.append(secrets.decrypt(record.previous_secret_ciphertext, record.agency_id))
    return out


def describe(record: WebhookSubscriptionRecord, now: datetime | None = None) -> dict[str, object]:
    """What the agency may read back about its endpoint (never a secret)."""
    now = now or clock.now()
    in_grace = bool(record.previous_expires_at and now < record.previous_expires_at)
    return {
        "url": record.url,
        "active": bool(record.active),
        "disabled_reason": record.disabled_reason,
        "previous_secret_expires_at": iso(record.previous_expires_at) if in_grace else None,
        "updated_at": iso(record.updated_at),
    }
