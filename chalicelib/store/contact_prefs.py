"""Reporters' channel preferences by address key (a hash, never the address): STOP / MULAI for SMS,
email unsubscribe, the language they last used."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist
from pynamodb.expressions.update import Action as UpdateAction

from chalicelib.shared.clock import now as utcnow
from chalicelib.store.models import ContactPreferenceRecord


def _get(key: str) -> ContactPreferenceRecord | None:
    try:
        return ContactPreferenceRecord.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def is_stopped(key: str) -> bool:
    record = _get(key)
    return record is not None and record.stopped_at is not None


def language(key: str) -> str | None:
    record = _get(key)
    return record.lang if record else None


def _upsert(key: str, now: datetime, **changes: object) -> None:
    actions: list[UpdateAction] = [ContactPreferenceRecord.updated_at.set(now)]
    for name, value in changes.items():
        attribute = getattr(ContactPreferenceRecord, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    ContactPreferenceRecord(key).update(actions=actions)


def stop(key: str, now: datetime | None = None) -> None:
    _upsert(key, now or utcnow(), stopped_at=now or utcnow())


def start(key: str, now: datetime | None = None) -> None:
    _upsert(key, now or utcnow(), stopped_at=None)


def remember_language(key: str, lang: str, now: datetime | None = None) -> None:
    _upsert(key, now or utcnow(), lang=lang)
