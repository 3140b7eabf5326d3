"""API keys for agencies and national admins: issued once in the clear, stored hashed."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist

from chalicelib.shared import clock
from chalicelib.shared.tokens import hash_secret, new_secret
from chalicelib.store.models import CredentialRecord

ADMIN, AGENCY = "ADMIN", "AGENCY"


@dataclass(frozen=True)
class Principal:
    kind: str
    owner: str
    key_id: str


def issue_key(kind: str, owner: str) -> tuple[str, str]:
    """A new key for `owner`. Returns (key, key_id); only the hash of the key is stored."""
    key = new_secret("lpk" if kind == AGENCY else "lpa")
    key_id = secrets.token_hex(6)
    CredentialRecord(hash_secret(key), kind=kind, owner=owner, key_id=key_id, created_at=clock.now()).save(
        condition=CredentialRecord.key_hash.does_not_exist()
    )
    return key, key_id


def authenticate(key: str | None) -> Principal | None:
    if not key:
        return None
    try:
        record = CredentialRecord.get(hash_secret(key))
    except DoesNotExist:
        return None
    if record.revoked_at is not None:
        return None
    return Principal(record.kind, record.owner, record.key_id)


def list_keys(owner: str) -> list[CredentialRecord]:
    """An owner's keys, active and revoked, from the owner index (the hashes stay unexposed)."""
    return list(CredentialRecord.owner_index.query(owner))


def revoke(owner: str, key_id: str, kind: str | None = None) -> bool:
    """Revoke one of `owner`'s keys by its public id. Other keys keep working (rotation).
    `kind` limits it to that kind of key (the agency-key path never touches an admin's key).
    Returns False when the owner has no such key."""
    for record in CredentialRecord.owner_index.query(owner, CredentialRecord.key_id == key_id):
        full = CredentialRecord.get(record.key_hash)
        if kind is not None and full.kind != kind:
            continue
        if full.revoked_at is None:
            full.update(actions=[CredentialRecord.revoked_at.set(clock.now())])
        return True
    return False
