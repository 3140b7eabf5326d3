"""What one SMS can hold: the GSM-7 alphabet, folding text into it, and counting segments. Pure.

Every SMS Lapor sends (1708 answers, notifications) is folded to GSM-7, because one curly quote or
emoji turns a message into UCS-2, where a segment holds 70 characters instead of 160. The catalogs
checker (laportools/catalogs.py) counts the `sms` domain's texts with the same functions."""
from __future__ import annotations

import unicodedata

SEGMENT, MULTIPART_SEGMENT = 160, 153
# A message that carries the agency's own words may take this many segments; every other SMS one.
MAX_SMS_SEGMENTS = 3
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = set("^{}\\[~]|€")  # two septets each
_FOLD = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}


def to_gsm7(text: str) -> str:
    """`text` folded to GSM-7: typographic punctuation replaced, accents dropped where GSM-7 has
    no such letter, anything else (emoji) removed."""
    out = []
    for char in text:
        char = _FOLD.get(char, char)
        if all(c in GSM7 or c in GSM7_EXTENDED for c in char):
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        out.append(base)
    return " ".join("".join(out).split())


def septets(text: str) -> int:
    return sum(2 if c in GSM7_EXTENDED else 1 for c in text)


def segments(text: str) -> int:
    """SMS segments `text` needs (GSM-7 when it can be, else UCS-2)."""
    if all(c in GSM7 or c in GSM7_EXTENDED for c in text):
        size = septets(text)
        return 1 if size <= SEGMENT else -(-size // MULTIPART_SEGMENT)
    return 1 if len(text) <= 70 else -(-len(text) // 67)
