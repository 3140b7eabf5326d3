"""One signed webhook POST (Standard Webhooks headers, signed by PyPI `standardwebhooks`).

This is the delivery interface to agencies: the worker knows nothing about HTTP beyond the
`Attempt` it gets back. Redirects are not followed (a 3xx is a failed attempt), so a receiver
cannot bounce a delivery to an address the URL check refused.
"""
from __future__ import annotations

import email.utils
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Optional

from standardwebhooks import Webhook

USER_AGENT = "Lapor-Webhooks/1.0 (+https://github.com/lapor)"


@dataclass(frozen=True)
class Attempt:
    status_code: Optional[int]  # None when no HTTP answer came (timeout, refused, DNS)
    retry_after: Optional[float] = None  # seconds, from a Retry-After header
    error: Optional[str] = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature_header(webhook_id: str, timestamp: datetime, body: str, secrets: list[str]) -> str:
    """`v1,<sig>` per secret, space-separated: receivers accept any one (rotation)."""
    return " ".join(Webhook(secret).sign(webhook_id, timestamp, body) for secret in secrets)


def parse_retry_after(value: Optional[str], now: datetime) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirect())


def post(url: str, webhook_id: str, body: str, secrets: list[str], timeout: float,
         now: Optional[datetime] = None) -> Attempt:
    now = now or datetime.now(timezone.utc)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature_header(webhook_id, now, body, secrets),
    }
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(65536)
            return Attempt(response.status)
    except urllib.error.HTTPError as error:
        retry_after = parse_retry_after(error.headers.get("Retry-After") if error.headers else None, now)
        return Attempt(error.code, retry_after, f"HTTP {error.code}")
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        kind = "timeout" if isinstance(reason, TimeoutError) or "timed out" in str(reason) else "connection"
        return Attempt(None, None, f"{kind}: {type(reason).__name__}")


Sender = Callable[..., Attempt]
