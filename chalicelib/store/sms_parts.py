"""Inbound SMS parts waiting to be joined (sms/parts.py decides how)."""
from __future__ import annotations

from datetime import datetime, timedelta

from chalicelib.domain.addresses import SMS, address_key
from chalicelib.shared.clock import now as utcnow
from chalicelib.store.keys import sortable
from chalicelib.store.models import SmsPartRecord


def store_part(sender: str, text: str, message_id: str, now: datetime | None = None) -> str:
    now = now or utcnow()
    part_id = f"{sortable(now, precise=True)}#{message_id}"
    SmsPartRecord(address_key(SMS, sender), part_id, sender=sender, text=text,
                  expires=now + timedelta(days=1)).save()
    return part_id


def waiting(sender: str) -> list[SmsPartRecord]:
    return list(SmsPartRecord.query(address_key(SMS, sender), consistent_read=True))


def discard(parts: list[SmsPartRecord]) -> None:
    with SmsPartRecord.batch_write() as batch:
        for part in parts:
            batch.delete(part)
