"""Notification and SMS settings, read from the environment on each call so tests can change them."""
from __future__ import annotations

import os

from chalicelib.shared import config

UNSUBSCRIBE_KEY_KIND = "unsubscribe"  # KMS HMAC key alias/lapor-<stage>-unsubscribe signs the links


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def site_url() -> str:
    """Public base URL of the citizen site, for tracking and unsubscribe links."""
    return os.environ.get("LAPOR_SITE_URL", "https://lapor.go.id").rstrip("/")


def email_sender() -> str:
    """The SES identity emails come from (its domain is verified in SES, see README)."""
    return os.environ.get("LAPOR_EMAIL_SENDER") or f"LAPOR! <noreply@{config.stage()}.lapor.local>"


def sms_sender_id() -> str:
    """What the reporter sees as the sender and answers to (the 1708 short code in production)."""
    return os.environ.get("LAPOR_SMS_NUMBER", "1708")


def unsubscribe_key_alias() -> str:
    return f"alias/{config.resource_name(UNSUBSCRIBE_KEY_KIND)}"


def sms_per_hour() -> int:
    return _int("LAPOR_NOTIFY_SMS_PER_HOUR", 5)


def sms_per_day() -> int:
    return _int("LAPOR_NOTIFY_SMS_PER_DAY", 20)


def email_per_hour() -> int:
    return _int("LAPOR_NOTIFY_EMAIL_PER_HOUR", 10)


def max_attempts() -> int:
    """Send attempts before a notification is FAILED and dead-lettered (operator replay)."""
    return _int("LAPOR_NOTIFY_MAX_ATTEMPTS", 5)


def sms_join_seconds() -> int:
    """How long inbound parts from one number wait for more parts before they are joined."""
    return _int("LAPOR_SMS_JOIN_SECONDS", 20)


def sms_flood_limit() -> int:
    """Inbound messages (parts) one number may send per flood window before it is throttled:
    room for two 20-part texts, far below what a script or a stuck phone sends."""
    return _int("LAPOR_SMS_FLOOD_LIMIT", 40)


def sms_flood_window() -> int:
    return _int("LAPOR_SMS_FLOOD_WINDOW_SECONDS", 600)


def sms_repeat_window() -> int:
    """A repeat of the same text from the same number within this many seconds files nothing."""
    return _int("LAPOR_SMS_REPEAT_WINDOW_SECONDS", 600)
