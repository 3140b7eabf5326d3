"""Joining a long text that arrives as several messages. Each inbound part is stored, and a
"flush" tick for its sender is queued with a delay; when the tick of the sender's LATEST part
fires, all waiting parts are joined in arrival order and handled as one message. Parts that
arrive within the join window therefore become one report, never several."""
from __future__ import annotations

from chalicelib.store.models import SmsPartRecord

# Re-exported (the `x as x` form): the SMS handler reaches the stored parts through this module.
from chalicelib.store.sms_parts import discard as discard
from chalicelib.store.sms_parts import store_part as store_part
from chalicelib.store.sms_parts import waiting as waiting

FULL_PART = 150  # a part this long was most likely split by the phone mid-word: join without a space


def join(parts: list[SmsPartRecord]) -> str:
    out, previous = "", ""
    for part in parts:
        if out and len(previous) < FULL_PART:
            out += " "
        out += part.text
        previous = part.text
    return out
