"""Bearer secrets (reporter tokens, API keys): generated here, stored only as hashes."""
from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def matches(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(hash_secret(secret), stored_hash)


def seal(secret: str, key: str) -> str:
    """Reversibly mask `secret` with a key only the client knows (its Idempotency-Key), so that
    an idempotent replay can hand the same secret back without it being stored in the clear."""
    return _xor(secret.encode("utf-8"), key).hex()


def unseal(sealed: str, key: str) -> str:
    return _xor(bytes.fromhex(sealed), key).decode("utf-8")


def _xor(data: bytes, key: str) -> bytes:
    stream = hashlib.shake_256(b"lapor-seal:" + key.encode("utf-8")).digest(len(data))
    return bytes(a ^ b for a, b in zip(data, stream))
