"""Staff accounts directory, console sessions, sign-in lockout and response templates in DynamoDB.

All reads are by key or by partition (an agency's accounts, an agency's templates): no Scan.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

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
    agency_id: Optional[str]
    display_name: str
    email: Optional[str]
    active: bool


def _account(record: StaffAccountRecord) -> Account:
    agency = None if record.agency_key == NATIONAL_QUEUE else record.agency_key
    return Account(record.username, identity.StaffRole(record.role), agency, record.display_name,
                   record.email, bool(record.active))


def put_account(username: str, role: identity.StaffRole, agency_id: Optional[str], display_name: str,
                email: Optional[str], now: datetime, created_by: Optional[str] = None) -> Account:
    record = StaffAccountRecord(agency_id or NATIONAL_QUEUE, username, role=role.value,
                                display_name=display_name, email=email, active=True, created_at=now,
                                created_by=created_by)
    record.save()
    return _account(record)


def get_account(agency_id: Optional[str], username: str) -> Optional[Account]:
    try:
        return _account(StaffAccountRecord.get(agency_id or NATIONAL_QUEUE, username))
    except DoesNotExist:
        return None


def accounts_of(agency_id: Optional[str], role: Optional[identity.StaffRole] = None) -> list[Account]:
    """An agency's staff accounts (a few dozen at most), by username."""
    found = [_account(r) for r in StaffAccountRecord.query(agency_id or NATIONAL_QUEUE)]
    return [a for a in found if role is None or a.role is role]


def set_active(agency_id: Optional[str], username: str, active: bool) -> None:
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
    agency_id: Optional[str]
    created_at: datetime
    seen_at: datetime
    expires_at: datetime


def create_session(username: str, role: identity.StaffRole, agency_id: Optional[str], now: datetime) -> str:
    """A new session; returns its random id (the cookie value), which is stored only hashed."""
    session_id = secrets.token_urlsafe(32)
    end = now + timedelta(hours=identity.SESSION_MAX_HOURS)
    StaffSessionRecord(_hash(session_id), username=username, role=role.value, agency_id=agency_id,
                       created_at=now, seen_at=now, expires=end).save()
    return session_id


def get_session(session_id: str, now: datetime) -> Optional[Session]:
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
    try:
        StaffSessionRecord(session.session_hash).update(
            actions=[StaffSessionRecord.seen_at.set(now)], condition=StaffSessionRecord.session_hash.exists())
    except Exception:  # noqa: BLE001 - signed out meanwhile: nothing to move
        pass


def end_session(session_id: str) -> None:
    StaffSessionRecord(_hash(session_id)).delete()


# --- lockout ----------------------------------------------------------------------------------


def _login_key(username: str) -> str:
    return username.strip().lower()[:128]


def locked_until(username: str, now: datetime) -> Optional[datetime]:
    try:
        record = StaffLoginRecord.get(_login_key(username), consistent_read=True)
    except DoesNotExist:
        return None
    if record.locked_until is not None and record.locked_until > now:
        return record.locked_until
    return None


def record_failure(username: str, now: datetime) -> Optional[datetime]:
    """Counts a failed password; returns the end of the lockout when this failure starts one.

    The counter is a conditional update, so concurrent failures are all counted."""
    key = _login_key(username)
    window = timedelta(minutes=identity.LOCKOUT_WINDOW_MINUTES)
    expires = now + window + timedelta(minutes=identity.LOCKOUT_MINUTES)
    try:
        record = StaffLoginRecord.get(key, consistent_read=True)
    except DoesNotExist:
        record = None
    if record is None or now - record.first_failure_at > window:
        try:
            StaffLoginRecord(key, failures=1, first_failure_at=now, locked_until=None, expires=expires).save(
                condition=(StaffLoginRecord.username.does_not_exist() if record is None
                           else StaffLoginRecord.first_failure_at == record.first_failure_at))
            return None
        except PutError:
            record = StaffLoginRecord.get(key, consistent_read=True)  # someone else reset it: count on it
    record.update(actions=[StaffLoginRecord.failures.add(1), StaffLoginRecord.expires.set(expires)])
    if int(record.failures) >= identity.LOCKOUT_FAILURES:
        until = now + timedelta(minutes=identity.LOCKOUT_MINUTES)
        record.update(actions=[StaffLoginRecord.locked_until.set(until)])
        return until
    return None


def clear_failures(username: str) -> None:
    try:
        StaffLoginRecord(_login_key(username)).delete()
    except Exception:  # noqa: BLE001 - nothing to clear
        pass


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


def get_template(agency_id: str, template_id: str) -> Optional[Template]:
    try:
        r = ResponseTemplateRecord.get(agency_id, template_id)
    except DoesNotExist:
        return None
    return Template(r.template_id, r.title, r.body, r.updated_at, r.updated_by)


def save_template(agency_id: str, title: str, body: str, by: str, now: datetime,
                  template_id: Optional[str] = None) -> Template:
    template_id = template_id or secrets.token_hex(6)
    ResponseTemplateRecord(agency_id, template_id, title=title, body=body, updated_at=now, updated_by=by).save()
    return Template(template_id, title, body, now, by)


def delete_template(agency_id: str, template_id: str) -> None:
    ResponseTemplateRecord(agency_id, template_id).delete()
