"""Email to the reporter, through Amazon SES (raw MIME, so every email carries RFC 8058 one-click
unsubscribe headers). Locally the embedded endpoint keeps what was sent.

The log keeps the notice's subject and body (notify/templates.py); the footer with the tracking
link and the signed unsubscribe link is added at send time, so no link is stored in the log."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlencode

from chalicelib.delivery.channel import Limit, register
from chalicelib.domain.addresses import EMAIL
from chalicelib.domain.model import Contact
from chalicelib.notify import prefs, settings, templates
from chalicelib.notify.reporter_channel import ReporterChannel, tracking_link
from chalicelib.shared.aws import client
from chalicelib.store.models import NotificationRecord


def unsubscribe_url(key: str) -> str:
    query = urlencode({"a": key, "s": prefs.unsubscribe_signature(key)})
    return f"{settings.site_url()}/berhenti?{query}"


def send_email(to: str, subject: str, body: str, unsubscribe: str) -> str:
    """One plain-text email with one-click unsubscribe headers. Returns SES's message id."""
    message = EmailMessage()
    sender = settings.email_sender()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].rstrip(">"))
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    response = client("ses").send_raw_email(RawMessage={"Data": message.as_bytes()})
    return str(response["MessageId"])


@register
class EmailChannel(ReporterChannel):
    name = EMAIL
    order = 20

    def address_of(self, contact: Contact | None) -> tuple[str | None, str | None]:
        return (contact.email, None) if contact is not None and contact.email else (None, None)

    def render(self, notice: templates.Rendered) -> tuple[str | None, str]:
        return notice.subject, notice.email_body

    def limits(self) -> tuple[Limit, ...]:
        return (Limit("notify-h", 3600, settings.email_per_hour),)

    def transmit(self, entry: NotificationRecord, address: str, limit_key: str) -> str:
        unsubscribe = unsubscribe_url(limit_key)  # the limit key is the address key the link names
        footer = templates.EMAIL_FOOTER.get(entry.lang, templates.EMAIL_FOOTER["id"])
        body = f"{entry.text}\n\n-- \n" + footer.format(link=tracking_link(entry.tracking_id), unsubscribe=unsubscribe)
        return send_email(address, entry.subject or "LAPOR!", body, unsubscribe)
