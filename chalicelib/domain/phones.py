"""Phone numbers of reporters, read with `phonenumbers`: normalised to E.164, and whether SMS can reach one."""
from __future__ import annotations

import phonenumbers

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
