"""Joining a long text that arrives as several messages. Each inbound part is stored, and a
"flush" tick for its sender is queued with a delay; when the tick of the sender's LATEST part
fires, all waiting parts are joined in arrival order and handled as one message. Parts that
arrive within the join window therefore become one report, never several."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from chalicelib.domain.calendar import utcnow
from chalicelib.store.keys import sortable
from chalicelib.store.models import SmsPartRecord
from chalicelib.notify.addresses import SMS, address_key

FULL_PART = 150  # a part this long was most likely split by the phone mid-word: join without a space


def store_part(sender: str, text: str, message_id: str, now: Optional[datetime] = None) -> str:
    now = now or utcnow()
    part_id = f"{sortable(now, precise=True)}#{message_id}"
    SmsPartRecord(address_key(SMS, sender), part_id, sender=sender, text=text,
                  expires=now + timedelta(days=1)).save()
    return part_id


def waiting(sender: str) -> list[SmsPartRecord]:
    return list(SmsPartRecord.query(address_key(SMS, sender), consistent_read=True))


def join(parts: list[SmsPartRecord]) -> str:
    out, previous = "", ""
    for part in parts:
        if out and len(previous) < FULL_PART:
            out += " "
        out += part.text
        previous = part.text
    return out


def discard(parts: list[SmsPartRecord]) -> None:
    with SmsPartRecord.batch_write() as batch:
        for part in parts:
            batch.delete(part)
