"""Reporters' channel preferences: STOP / MULAI for SMS, one-click unsubscribe for email, and the
language they last used. Kept per address key (a hash), never per report: STOP means this number."""
from __future__ import annotations

import base64
import hmac
from datetime import datetime
from typing import Optional

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.calendar import utcnow
from chalicelib.shared.aws import client
from chalicelib.store.models import ContactPreferenceRecord
from chalicelib.notify import settings


def _get(key: str) -> Optional[ContactPreferenceRecord]:
    try:
        return ContactPreferenceRecord.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def is_stopped(key: str) -> bool:
    record = _get(key)
    return record is not None and record.stopped_at is not None


def language(key: str) -> Optional[str]:
    record = _get(key)
    return record.lang if record else None


def _upsert(key: str, now: datetime, **changes: object) -> None:
    actions = [ContactPreferenceRecord.updated_at.set(now)]
    for name, value in changes.items():
        attribute = getattr(ContactPreferenceRecord, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    ContactPreferenceRecord(key).update(actions=actions)


def stop(key: str, now: Optional[datetime] = None) -> None:
    _upsert(key, now or utcnow(), stopped_at=now or utcnow())


def start(key: str, now: Optional[datetime] = None) -> None:
    _upsert(key, now or utcnow(), stopped_at=None)


def remember_language(key: str, lang: str, now: Optional[datetime] = None) -> None:
    _upsert(key, now or utcnow(), lang=lang)


# -- signed unsubscribe links (KMS HMAC key: the secret never leaves KMS) ------------------------

def unsubscribe_signature(key: str) -> str:
    mac = client("kms").generate_mac(KeyId=settings.unsubscribe_key_alias(), MacAlgorithm="HMAC_SHA_256",
                                     Message=key.encode("utf-8"))["Mac"]
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def valid_unsubscribe(key: str, signature: str) -> bool:
    if not key.startswith("EMAIL#") or len(key) != 70 or not signature or len(signature) > 100:
        return False
    try:
        expected = unsubscribe_signature(key)
    except Exception:  # noqa: BLE001 - a link that cannot be checked is not honoured
        return False
    return hmac.compare_digest(expected, signature)
