"""SMS to the reporter's mobile number, through Amazon SNS (transactional). Locally the embedded
endpoint keeps what was sent (notify/local_outbox.py reads it back).

The text is the notice's SMS template (notify/templates.py: one GSM-7 segment for a status, up to
three for the agency's words); the engine retries a failed publish and dead-letters the last."""
from __future__ import annotations

from chalicelib.delivery.channel import Limit, register
from chalicelib.domain.addresses import SMS
from chalicelib.domain.model import Contact
from chalicelib.domain.phones import is_mobile, normalize_phone
from chalicelib.notify import settings, templates
from chalicelib.notify.reporter_channel import ReporterChannel
from chalicelib.shared.aws import client
from chalicelib.store import notifications
from chalicelib.store.models import NotificationRecord


def send_sms(phone_e164: str, text: str) -> str:
    """Transactional SMS to one number. Returns the provider's message id. (SMS 1708's replies to
    inbound texts use it too.)"""
    response = client("sns").publish(
        PhoneNumber=phone_e164, Message=text,
        MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        },
    )
    return str(response["MessageId"])


@register
class SmsChannel(ReporterChannel):
    name = SMS
    order = 10

    def address_of(self, contact: Contact | None) -> tuple[str | None, str | None]:
        if contact is None or not contact.phone:
            return None, None
        phone = normalize_phone(contact.phone)
        if phone is None or not is_mobile(phone):
            return None, notifications.NOT_MOBILE
        return phone, None

    def render(self, notice: templates.Rendered) -> tuple[str | None, str]:
        return None, notice.sms

    def limits(self) -> tuple[Limit, ...]:
        return (Limit("notify-h", 3600, settings.sms_per_hour), Limit("notify-d", 86400, settings.sms_per_day))

    def transmit(self, entry: NotificationRecord, address: str, limit_key: str) -> str:
        return send_sms(address, entry.text)
