"""Notification and SMS settings (values from `chalicelib.settings`, the one environment reader)."""
from __future__ import annotations

from chalicelib.settings import settings
from chalicelib.shared import config

UNSUBSCRIBE_KEY_KIND = "unsubscribe"  # KMS HMAC key alias/lapor-<stage>-unsubscribe signs the links


def site_url() -> str:
    """Public base URL of the citizen site, for tracking and unsubscribe links."""
    return settings().site_url


def email_sender() -> str:
    """The SES identity emails come from (its domain is verified in SES, see README)."""
    return settings().email_sender or f"LAPOR! <noreply@{config.stage()}.lapor.local>"


def sms_sender_id() -> str:
    """What the reporter sees as the sender and answers to (the 1708 short code in production)."""
    return settings().sms_number


def unsubscribe_key_alias() -> str:
    return f"alias/{config.resource_name(UNSUBSCRIBE_KEY_KIND)}"


def sms_per_hour() -> int:
    return settings().notify_sms_per_hour


def sms_per_day() -> int:
    return settings().notify_sms_per_day


def email_per_hour() -> int:
    return settings().notify_email_per_hour


DEFAULT_RETRY_SCHEDULE = (60, 300, 900, 3600)


def max_attempts() -> int:
    """Send attempts before a notification is FAILED and dead-lettered (operator replay)."""
    return settings().notify_max_attempts


def retry_schedule() -> tuple[int, ...]:
    """Seconds before each retry: max_attempts() - 1 of them, the schedule's last one repeated."""
    base = settings().notify_retry_schedule or DEFAULT_RETRY_SCHEDULE
    return tuple(base[min(i, len(base) - 1)] for i in range(max_attempts() - 1))


def sms_join_seconds() -> int:
    """How long inbound parts from one number wait for more parts before they are joined."""
    return settings().sms_join_seconds


def sms_flood_limit() -> int:
    """Inbound messages (parts) one number may send per flood window before it is throttled:
    room for two 20-part texts, far below what a script or a stuck phone sends."""
    return settings().sms_flood_limit


def sms_flood_window() -> int:
    return settings().sms_flood_window_seconds


def sms_repeat_window() -> int:
    """A repeat of the same text from the same number within this many seconds files nothing."""
    return settings().sms_repeat_window_seconds
