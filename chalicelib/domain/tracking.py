"""Tracking IDs: short, random, easy to read aloud or type on a phone.

Alphabet: 30 symbols, digits and capitals without the look-alikes 0/O, 1/I/L and U (Crockford's
reasoning). Nine random symbols from `secrets` (30^9, about 2e13 possibilities: not guessable in
sequence) plus one check symbol that catches any single mistyped symbol. Shown as `ABCDE-FGHJK`.
"""
from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {symbol: i for i, symbol in enumerate(ALPHABET)}
_RANDOM_LENGTH = 9
LENGTH = _RANDOM_LENGTH + 1


def _check_symbol(body: str) -> str:
    # Every weight is coprime to 30, so changing any one symbol always changes the sum mod 30.
    weights = (1, 7, 11, 13, 17, 19, 23, 29, 31)
    total = sum(_INDEX[symbol] * weights[i] for i, symbol in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_tracking_id() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_RANDOM_LENGTH))
    return format_tracking_id(body + _check_symbol(body))


def format_tracking_id(compact: str) -> str:
    return f"{compact[:5]}-{compact[5:]}"


def normalize_tracking_id(text: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a tracking ID.

    Accepts lower case, spaces and dashes anywhere.
    """
    compact = "".join(ch for ch in text.upper() if ch not in " -")
    if len(compact) != LENGTH or any(ch not in _INDEX for ch in compact):
        return None
    if _check_symbol(compact[:-1]) != compact[-1]:
        return None
    return format_tracking_id(compact)
