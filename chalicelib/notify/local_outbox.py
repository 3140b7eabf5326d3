"""What the local stage "sent": SES emails and SNS SMS as the embedded endpoint (moto) kept them,
read back through the local endpoint's `/_lapor/outbox.json` (laportools/local/aws_endpoint.py).
Local and test stages only -- in AWS the messages really leave, and nothing here is reachable."""
from __future__ import annotations

import email
import json
import urllib.request
from email import policy
from typing import Any

from chalicelib.shared import config

STAGES = frozenset({config.LOCAL_STAGE, "test"})


def available() -> bool:
    return config.stage() in STAGES and bool(config.endpoint_url())


def messages(limit: int = 200) -> list[dict[str, Any]]:
    """Newest first: {"channel", "to", "subject", "text", "id"}."""
    if not available():
        return []
    with urllib.request.urlopen(f"{config.endpoint_url()}/_lapor/outbox.json", timeout=30) as response:  # local endpoint
        data = json.loads(response.read())
    out: list[dict[str, Any]] = []
    for sms in data.get("sns", {}).get("SMS", []):
        out.append({"channel": "SMS", "to": sms.get("phone_number"), "subject": None,
                    "text": sms.get("message"), "id": sms.get("message_id")})
    for raw in data.get("ses", {}).get("RawMessage", []):
        parsed = email.message_from_string(raw.get("raw_data") or "", policy=policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        out.append({"channel": "EMAIL", "to": ", ".join(raw.get("destinations") or []) or parsed.get("To"),
                    "subject": parsed.get("Subject"), "text": body.get_content() if body else "",
                    "id": raw.get("id"), "list_unsubscribe": parsed.get("List-Unsubscribe"),
                    "list_unsubscribe_post": parsed.get("List-Unsubscribe-Post")})
    # The endpoint keeps each channel in sending order (SMS carry no timestamp, so the two channels
    # cannot be interleaved exactly): newest SMS first, then newest email first.
    sms = [m for m in out if m["channel"] == "SMS"][::-1]
    mail = [m for m in out if m["channel"] == "EMAIL"][::-1]
    return (sms + mail)[:limit]
