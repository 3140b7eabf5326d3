"""The two ways a reporter is reached: SMS through Amazon SNS, email through Amazon SES (raw MIME,
so every email carries RFC 8058 one-click unsubscribe headers). Locally both run on the embedded
endpoint, which keeps what was sent (laportools/local/outbox.py reads it back)."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chalicelib.notify import settings
from chalicelib.shared.aws import client


def send_sms(phone_e164: str, text: str) -> str:
    """Transactional SMS to one number. Returns the provider's message id."""
    response = client("sns").publish(
        PhoneNumber=phone_e164, Message=text,
        MessageAttributes={
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        },
    )
    return str(response["MessageId"])


def send_email(to: str, subject: str, body: str, unsubscribe_url: str) -> str:
    message = EmailMessage()
    sender = settings.email_sender()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].rstrip(">"))
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    response = client("ses").send_raw_email(RawMessage={"Data": message.as_bytes()})
    return str(response["MessageId"])
