"""Reporter addresses: keys that name an address without holding it, and masked forms for logs and
views (phone numbers are read in chalicelib/domain/phones.py, which only SMS needs: `phonenumbers`'
metadata is a tenth of a second of a cold start)."""
from __future__ import annotations

import hashlib

SMS, EMAIL = "SMS", "EMAIL"


def address_key(channel: str, address: str) -> str:
    """`SMS#<sha256>` / `EMAIL#<sha256>`: preferences and limits are kept per address without
    storing the address beside them."""
    canonical = address.strip().lower() if channel == EMAIL else address.strip()
    return f"{channel}#{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"


def mask(channel: str, address: str) -> str:
    """What logs and views show: enough for the reporter to recognise, not to contact."""
    if channel == EMAIL:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{address[:6]}****{address[-3:]}"
