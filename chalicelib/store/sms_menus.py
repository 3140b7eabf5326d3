"""The topic menu an SMS reporter was last offered (sms.topic_menu): one item per number (the hashed
address key, never the number), kept a few days (TTL) in the counters table. A newer report's menu
replaces an older one, so a digit always answers the newest question."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from chalicelib.shared import clock
from chalicelib.store.models import CounterRecord

TTL = timedelta(days=3)


def _key(address_key: str) -> str:
    return f"sms-menu#{address_key}"


def offer(address_key: str, tracking_id: str, codes: list[str], now: datetime | None = None) -> None:
    record = CounterRecord(_key(address_key), value=json.dumps({"tid": tracking_id, "codes": codes}), count=0)
    record.expires = (now or clock.real_now()) + TTL
    record.save()


def offered(address_key: str, now: datetime | None = None) -> tuple[str, list[str]] | None:
    """(tracking id, topic codes in menu order) of the live menu, or None."""
    try:
        record = CounterRecord.get(_key(address_key), consistent_read=True)
    except DoesNotExist:
        return None
    if record.expires is not None and record.expires < (now or clock.real_now()):
        return None  # TTL deletion is lazy
    value = json.loads(record.value or "{}")
    return (value["tid"], list(value["codes"])) if value.get("tid") else None


def close(address_key: str) -> None:
    CounterRecord(_key(address_key)).delete()
