"""Reporters' channel preferences: STOP / MULAI for SMS, one-click unsubscribe for email, and the
language they last used. Kept per address key (a hash), never per report: STOP means this number."""
from __future__ import annotations

import base64
import hmac

from chalicelib.notify import settings
from chalicelib.shared.aws import client

# Re-exported (the `x as x` form): callers read and change preferences through this module.
from chalicelib.store.contact_prefs import is_stopped as is_stopped
from chalicelib.store.contact_prefs import language as language
from chalicelib.store.contact_prefs import remember_language as remember_language
from chalicelib.store.contact_prefs import start as start
from chalicelib.store.contact_prefs import stop as stop

# -- signed unsubscribe links (KMS HMAC key: the secret never leaves KMS) ------------------------

def unsubscribe_signature(key: str) -> str:
    mac = client("kms").generate_mac(KeyId=settings.unsubscribe_key_alias(), MacAlgorithm="HMAC_SHA_256",
                                     Message=key.encode("utf-8"))["Mac"]
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def valid_unsubscribe(key: str, signature: str) -> bool:
    if not key.startswith("EMAIL#") or len(key) != 70 or not signature or len(signature) > 100:
        return False
    try:
        expected = unsubscribe_signature(key)
    except Exception:  # noqa: BLE001 - a link that cannot be checked is not honoured
        return False
    return hmac.compare_digest(expected, signature)
