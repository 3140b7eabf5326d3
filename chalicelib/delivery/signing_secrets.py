"""Webhook signing secrets: `whsec_` + base64 of 32 random bytes, as Standard Webhooks defines.

A signing secret must be usable to sign every later delivery, so unlike API keys it cannot be
stored as a hash. It is stored only as a KMS ciphertext bound to its agency (encryption context),
so a table dump alone reveals nothing and a ciphertext copied to another agency's row does not
decrypt. Secrets are never logged.
"""
from __future__ import annotations

import base64
import secrets as random

from chalicelib.delivery import settings
from chalicelib.shared.aws import client

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(random.token_bytes(32)).decode("ascii")


def encrypt(secret: str, agency_id: str) -> str:
    blob = client("kms").encrypt(
        KeyId=settings.kms_key_alias(), Plaintext=secret.encode("utf-8"),
        EncryptionContext={"agency_id": agency_id, "purpose": "webhook-secret"},
    )["CiphertextBlob"]
    return base64.b64encode(blob).decode("ascii")


def decrypt(ciphertext: str, agency_id: str) -> str:
    return client("kms").decrypt(
        CiphertextBlob=base64.b64decode(ciphertext),
        EncryptionContext={"agency_id": agency_id, "purpose": "webhook-secret"},
    )["Plaintext"].decode("utf-8")
