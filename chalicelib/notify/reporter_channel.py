"""What every channel to a reporter shares (SMS, email, WhatsApp next): the address comes from the
report's contact at send time, STOP and unsubscribe are honoured, limits count per address, and
the text comes from the notice templates (notify/templates.py). A reporter channel module says
only which contact field it uses, how a rendered notice becomes its message, and how to send it.

Its entries live in the notification log (the report's partition, so the reporter's view reads
them) and travel on the notify queue; the engine (delivery/engine.py) does the rest.
"""
from __future__ import annotations

from abc import abstractmethod
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.delivery.channel import Attempt, Channel, Recipient, SetAside, Verdict
from chalicelib.domain.addresses import address_key
from chalicelib.domain.model import Contact
from chalicelib.notify import prefs, settings, templates
from chalicelib.shared import queues
from chalicelib.store import notifications, reports
from chalicelib.store.models import NotificationRecord

# Provider answers that no retry can change (a malformed or refused message, a bad number).
PERMANENT_CODES = frozenset({"MessageRejected", "InvalidParameter", "InvalidParameterValue",
                             "MailFromDomainNotVerified", "OptedOut", "InvalidPhoneNumber"})


def tracking_link(tracking_id: str) -> str:
    return f"{settings.site_url()}/lacak/{tracking_id}"


class ReporterChannel(Channel):
    """A channel to the reporter. Subclasses set `name` and implement the three methods below."""

    queue = queues.NOTIFY
    log = notifications.TABLE
    order = 100  # the order notices are logged in, when a reporter gave several contacts

    @abstractmethod
    def address_of(self, contact: Contact | None) -> tuple[str | None, str | None]:
        """(address, None) when `contact` is reachable on this channel, (None, reason) when it
        names an address this channel cannot use, (None, None) when it names none."""

    @abstractmethod
    def render(self, notice: templates.Rendered) -> tuple[str | None, str]:
        """(subject or None, text) of this channel's message, as the log keeps it."""

    @abstractmethod
    def transmit(self, entry: NotificationRecord, address: str, limit_key: str) -> str:
        """Send the logged message. Returns the provider's message id; raises the provider's error."""

    def retry_schedule(self) -> tuple[int, ...]:
        return settings.retry_schedule()

    def jittered(self) -> bool:
        return False  # minutes apart already; a reporter's retries are few

    def recipient(self, entry: NotificationRecord, now: datetime) -> Recipient | SetAside:
        address, _ = self.address_of(reports.contact(entry.tracking_id))
        if address is None:
            return SetAside(notifications.NO_CONTACT)
        key = address_key(self.name, address)
        if prefs.is_stopped(key):
            return SetAside(notifications.OPTED_OUT)
        return Recipient(address, key)

    def send(self, entry: NotificationRecord, recipient: Recipient, now: datetime) -> Attempt:
        try:
            provider_id = self.transmit(entry, recipient.address, recipient.limit_key)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            return Attempt(False, f"{type(error).__name__}: {error}"[:300], code=code)
        except BotoCoreError as error:  # the provider was not reached
            return Attempt(False, f"{type(error).__name__}: {error}"[:300])
        return Attempt(True, provider_id=provider_id)

    def classify_failure(self, entry: NotificationRecord, attempt: Attempt, now: datetime) -> Verdict:
        return Verdict.GIVE_UP if attempt.code in PERMANENT_CODES else Verdict.RETRY

