"""Which Idempotency-Keys intake accepts, and why they must be random.

An idempotent replay hands back the original receipt, reporter token included (sealed in the
idempotency table with the key, `shared/tokens.seal`). Whoever presents the key and the same
payload gets that token, and a report's payload can often be rebuilt from its public view. So the
key is the secret that proves the caller is the original client, and it must be unguessable:

- a version-4 UUID in its canonical dashed form (`str(uuid.uuid4())`: 122 random bits), or
- 22-128 characters of `[A-Za-z0-9_-]` (16+ random bytes in base64url or hex, e.g.
  `secrets.token_urlsafe(16)`, `uuid4().hex`) that do not look structured: no character repeated 6+ times in a
  row and at least 64 bits by a character-frequency estimate. (A limit of 4 refused about 1 in 140
  genuine `uuid4().hex` keys, whose 32 hex digits hold "0000" or the like that often.)

Counters and client-name prefixes (`lapor-client-000123`) are refused with 422
`weak_idempotency_key`. The web form's own keys are `secrets.token_urlsafe(24)`.
"""
from __future__ import annotations

import math
import re
import uuid
from collections import Counter

from chalicelib.domain.errors import ValidationFailed

HEADER = "Idempotency-Key"
MIN_CHARS, MAX_CHARS, MIN_BITS, MAX_RUN = 22, 128, 64.0, 5
SHAPE = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")  # anything else is 400 invalid_idempotency_key
_RUN = re.compile(rf"(.)\1{{{MAX_RUN},}}")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def estimated_bits(key: str) -> float:
    """Length times the Shannon entropy of the key's character frequencies."""
    counts, total = Counter(key), len(key)
    return -sum(n * math.log2(n / total) for n in counts.values())


def is_strong(key: str) -> bool:
    if _UUID.match(key):
        parsed = uuid.UUID(key)
        return parsed.version == 4 and parsed.variant == uuid.RFC_4122 and estimated_bits(key) >= MIN_BITS
    return (MIN_CHARS <= len(key) <= MAX_CHARS and SHAPE.match(key) is not None
            and _RUN.search(key) is None and estimated_bits(key) >= MIN_BITS)


def require_strong(key: str) -> None:
    """ValidationFailed `weak_idempotency_key` (422) unless `key` is unguessable."""
    if not is_strong(key):
        raise ValidationFailed("weak_idempotency_key", field=HEADER)
