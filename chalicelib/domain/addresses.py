"""Reporter addresses: phone numbers normalised with `phonenumbers` (E.164), keys that name an
address without holding it, and masked forms for logs and views."""
from __future__ import annotations

import hashlib

import phonenumbers

SMS, EMAIL = "SMS", "EMAIL"
COUNTRY = "ID"


def normalize_phone(raw: str | None) -> str | None:
    """E.164 (+62...) for a valid number, reading national forms (0812...) as Indonesian; None if
    it is not a valid number at all."""
    if not raw:
        return None
    try:
        parsed = phonenumbers.parse(raw.strip(), COUNTRY)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_indonesian(e164: str) -> bool:
    return e164.startswith("+62")


def is_mobile(e164: str) -> bool:
    """SMS reaches mobile numbers only (a landline contact gets email, if any)."""
    kind = phonenumbers.number_type(phonenumbers.parse(e164))
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


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
