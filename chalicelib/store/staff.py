"""Staff accounts directory, console sessions, sign-in throttling and response templates in DynamoDB.

All reads are by key or by partition (an agency's accounts, an agency's templates): no Scan.
"""
from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeGuard

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.shared import identity
from chalicelib.store.keys import NATIONAL_QUEUE
from chalicelib.store.models import (
    ResponseTemplateRecord,
    StaffAccountRecord,
    StaffLoginRecord,
    StaffSessionRecord,
)

# --- accounts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    role: identity.StaffRole
    agency_id: str | None
    display_name: str
    email: str | None
    active: bool


def _account(record: StaffAccountRecord) -> Account:
    agency = None if record.agency_key == NATIONAL_QUEUE else record.agency_key
    return Account(record.username, identity.StaffRole(record.role), agency, record.display_name,
                   record.email, bool(record.active))


def put_account(username: str, role: identity.StaffRole, agency_id: str | None, display_name: str,
                email: str | None, now: datetime, created_by: str | None = None) -> Account:
    record = StaffAccountRecord(agency_id or NATIONAL_QUEUE, username, role=role.value,
                                display_name=display_name, email=email, active=True, created_at=now,
                                created_by=created_by)
    record.save()
    return _account(record)


def get_account(agency_id: str | None, username: str) -> Account | None:
    try:
        return _account(StaffAccountRecord.get(agency_id or NATIONAL_QUEUE, username))
    except DoesNotExist:
        return None


def is_active(agency_id: str | None, username: str) -> bool:
    """Whether the account may still work: one strongly consistent GetItem by key, so a
    deactivation counts from the very next request. An account missing from the directory (every
    account is mirrored there when created) is not active: fail closed."""
    try:
        record = StaffAccountRecord.get(agency_id or NATIONAL_QUEUE, username, consistent_read=True,
                                        attributes_to_get=["active"])
    except DoesNotExist:
        return False
    return bool(record.active)


def accounts_of(agency_id: str | None, role: identity.StaffRole | None = None) -> list[Account]:
    """An agency's staff accounts (a few dozen at most), by username."""
    found = [_account(r) for r in StaffAccountRecord.query(agency_id or NATIONAL_QUEUE)]
    return [a for a in found if role is None or a.role is role]


def set_active(agency_id: str | None, username: str, active: bool) -> None:
    StaffAccountRecord(agency_id or NATIONAL_QUEUE, username).update(
        actions=[StaffAccountRecord.active.set(active)],
        condition=StaffAccountRecord.username.exists())


# --- sessions ---------------------------------------------------------------------------------


def _hash(session_id: str) -> str:
    return hashlib.sha256(("lapor-staff-session:" + session_id).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    session_hash: str
    username: str
    role: identity.StaffRole
    agency_id: str | None
    created_at: datetime
    seen_at: datetime
    expires_at: datetime


def create_session(username: str, role: identity.StaffRole, agency_id: str | None, now: datetime) -> str:
    """A new session; returns its random id (the cookie value), which is stored only hashed."""
    session_id = secrets.token_urlsafe(32)
    end = now + timedelta(hours=identity.SESSION_MAX_HOURS)
    StaffSessionRecord(_hash(session_id), username=username, role=role.value, agency_id=agency_id,
                       created_at=now, seen_at=now, expires=end).save()
    return session_id


def get_session(session_id: str, now: datetime) -> Session | None:
    """The live session of this cookie value: None when unknown, past its end, or idle too long."""
    if not session_id or len(session_id) > 128:
        return None
    try:
        record = StaffSessionRecord.get(_hash(session_id), consistent_read=True)
    except DoesNotExist:
        return None
    expires = record.expires
    idle_end = record.seen_at + timedelta(minutes=identity.SESSION_IDLE_MINUTES)
    if now >= expires or now >= idle_end:
        return None
    return Session(record.session_hash, record.username, identity.StaffRole(record.role), record.agency_id,
                   record.created_at, record.seen_at, expires)


def touch_session(session: Session, now: datetime) -> None:
    """Moves the idle timer; writes at most once a minute per session."""
    if now - session.seen_at < timedelta(minutes=1):
        return
    with contextlib.suppress(Exception):  # signed out meanwhile: nothing to move
        StaffSessionRecord(session.session_hash).update(
            actions=[StaffSessionRecord.seen_at.set(now)], condition=StaffSessionRecord.session_hash.exists())


def end_session(session_id: str) -> None:
    StaffSessionRecord(_hash(session_id)).delete()


# --- sign-in throttling ------------------------------------------------------------------------
#
# OWASP's "Slow Down Online Guessing Attacks with Device Cookies" (Authentication Cheat Sheet,
# account lockout): a per-name hard lock lets anyone lock any officer out, so failures are counted
# per name *and per client*, where the only client identity an attacker cannot forge is a device
# the person has already signed in on:
# - a trusted device (a random id in a cookie, given after a complete sign-in and stored here only
#   hashed, bound to that one name) has its own counter: five failures in 15 minutes lock that
#   device for that name for 15 minutes, and nothing else;
# - every other client (new browser, cleared cookies, an attacker) shares one counter per name,
#   with the same rule. Guessing from new clients stays bounded (5 per 15 minutes, whatever
#   cookies or addresses the attacker rotates), and an attacker hitting that bound locks out new
#   clients only: the officer still signs in with the right password on a browser they used before.
# No counter is per IP address: many Indonesian mobile users share one (carrier-grade NAT).
# Counting is the same for any name, existing or not, active or not, so it reveals no accounts.
# Refusing before Cognito once a counter is full also keeps the failures that reach Cognito few,
# so the pool's own temporary lock of the account stays short.

#: How long a browser stays trusted after its last complete sign-in.
DEVICE_TRUST_DAYS = 90
_DEVICE_ID_LENGTH = (32, 64)


def _login_key(username: str) -> str:
    return username.strip().lower()[:128]


def _untrusted_key(username: str) -> str:
    return f"name|{_login_key(username)}"


def _device_key(username: str, device: str) -> str:
    digest = hashlib.sha256(("lapor-staff-device:" + device).encode("utf-8")).hexdigest()
    return f"device|{digest}|{_login_key(username)}"


def _valid_device(device: str | None) -> TypeGuard[str]:
    low, high = _DEVICE_ID_LENGTH
    return bool(device) and low <= len(device or "") <= high


def _device_record(username: str, device: str | None) -> StaffLoginRecord | None:
    if not _valid_device(device):
        return None
    try:
        return StaffLoginRecord.get(_device_key(username, device or ""), consistent_read=True)
    except DoesNotExist:
        return None


def trusted(username: str, device: str | None) -> bool:
    """Whether this device id has completed a sign-in as this name (within the trust's lifetime)."""
    return _device_record(username, device) is not None


def trust_device(username: str, device: str | None, now: datetime) -> str:
    """After a complete sign-in: trust this browser for this name (giving it an id when it has none
    or a malformed one) with a fresh counter; returns the id, the cookie's value. One browser may be
    trusted for several names (a shared office computer)."""
    device = device if _valid_device(device) else secrets.token_urlsafe(32)
    StaffLoginRecord(_device_key(username, device), failures=0, first_failure_at=now, locked_until=None,
                     expires=now + timedelta(days=DEVICE_TRUST_DAYS)).save()
    return device


def _counter(username: str, device: str | None) -> tuple[str, StaffLoginRecord | None]:
    """The counter this client's attempts on this name go to: its own when trusted, else the name's."""
    record = _device_record(username, device)
    if record is not None:
        return record.username, record
    key = _untrusted_key(username)
    try:
        return key, StaffLoginRecord.get(key, consistent_read=True)
    except DoesNotExist:
        return key, None


def locked_until(username: str, now: datetime, device: str | None = None) -> datetime | None:
    """When this client may try this name again, or None when it may now."""
    _, record = _counter(username, device)
    if record is not None and record.locked_until is not None and record.locked_until > now:
        return record.locked_until
    return None


def record_failure(username: str, now: datetime, device: str | None = None) -> datetime | None:
    """Counts a failed attempt of this client on this name; returns the end of the lock when this
    failure starts one. Updates are conditional or atomic, so concurrent failures are all counted."""
    key, record = _counter(username, device)
    window = timedelta(minutes=identity.LOCKOUT_WINDOW_MINUTES)
    trusted_device = key != _untrusted_key(username)
    expires = record.expires if trusted_device and record is not None else \
        now + window + timedelta(minutes=identity.LOCKOUT_MINUTES)
    if record is None or int(record.failures or 0) == 0 or now - record.first_failure_at > window:
        try:
            StaffLoginRecord(key, failures=1, first_failure_at=now, locked_until=None, expires=expires).save(
                condition=(StaffLoginRecord.username.does_not_exist() if record is None
                           else StaffLoginRecord.first_failure_at == record.first_failure_at))
            return None
        except PutError:
            record = StaffLoginRecord.get(key, consistent_read=True)  # someone else reset it: count on it
    assert record is not None
    record.update(actions=[StaffLoginRecord.failures.add(1), StaffLoginRecord.expires.set(expires)])
    if int(record.failures) >= identity.LOCKOUT_FAILURES:
        until = now + timedelta(minutes=identity.LOCKOUT_MINUTES)
        record.update(actions=[StaffLoginRecord.locked_until.set(until)])
        return until
    return None


# --- response templates -----------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    template_id: str
    title: str
    body: str
    updated_at: datetime
    updated_by: str


def templates_of(agency_id: str) -> list[Template]:
    return sorted((Template(r.template_id, r.title, r.body, r.updated_at, r.updated_by)
                   for r in ResponseTemplateRecord.query(agency_id)), key=lambda t: t.title.lower())


def get_template(agency_id: str, template_id: str) -> Template | None:
    try:
        r = ResponseTemplateRecord.get(agency_id, template_id)
    except DoesNotExist:
        return None
    return Template(r.template_id, r.title, r.body, r.updated_at, r.updated_by)


def save_template(agency_id: str, title: str, body: str, by: str, now: datetime,
                  template_id: str | None = None) -> Template:
    template_id = template_id or secrets.token_hex(6)
    ResponseTemplateRecord(agency_id, template_id, title=title, body=body, updated_at=now, updated_by=by).save()
    return Template(template_id, title, body, now, by)


def delete_template(agency_id: str, template_id: str) -> None:
    ResponseTemplateRecord(agency_id, template_id).delete()
