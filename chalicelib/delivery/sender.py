"""One signed webhook POST (Standard Webhooks headers, signed by PyPI `standardwebhooks`).

The webhook channel (channels/webhook.py) sends through it and hands the engine only
what the `Attempt` says. The URL is resolved once and checked (`urls.check_webhook_url`), and
the connection is pinned to the approved addresses with TLS still verified against the host name,
so DNS rebinding between check and connect reaches nothing internal. Redirects are not followed
(a 3xx is a failed attempt), so a receiver cannot bounce a delivery to a refused address either.
"""
from __future__ import annotations

import email.utils
import functools
import http.client
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from standardwebhooks import Webhook

from chalicelib.delivery import urls
from chalicelib.domain.errors import ValidationFailed
from chalicelib.shared import clock

USER_AGENT = "Lapor-Webhooks/1.0 (+https://github.com/lapor)"


@dataclass(frozen=True)
class Attempt:
    status_code: int | None  # None when no HTTP answer came (timeout, refused, DNS)
    retry_after: float | None = None  # seconds, from a Retry-After header
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature_header(webhook_id: str, timestamp: datetime, body: str, secrets: list[str]) -> str:
    """`v1,<sig>` per secret, space-separated: receivers accept any one (rotation)."""
    return " ".join(Webhook(secret).sign(webhook_id, timestamp, body) for secret in secrets)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
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
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _connect_any(addresses: tuple[str, ...], port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to the first checked address that answers (like create_connection does
    for a name, but only over the addresses the policy approved)."""
    last_error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as error:
            last_error = error
    raise last_error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain http (loopback receivers in local/test only) to the checked addresses."""

    def __init__(self, target: urls.WebhookTarget, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.pinned = target.addresses

    def connect(self) -> None:
        self.sock = _connect_any(self.pinned, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked addresses: the socket goes to a pinned IP, while SNI and certificate
    verification use the URL's host name (`self.host`), as a normal https client would."""

    def __init__(self, target: urls.WebhookTarget, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self.pinned = target.addresses
        self.tls = context

    def connect(self) -> None:
        raw = _connect_any(self.pinned, self.port, self.timeout)
        try:
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


@functools.lru_cache(maxsize=1)
def _system_tls() -> ssl.SSLContext:
    """The system trust store with hostname checking, loaded once per process (thread-safe to share)."""
    return ssl.create_default_context()


def _connection(target: urls.WebhookTarget, timeout: float,
                context: ssl.SSLContext | None) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout, context or _system_tls())
    return _PinnedHTTPConnection(target, timeout)


def _failure(error: Exception) -> Attempt:
    kind = "timeout" if isinstance(error, TimeoutError) or "timed out" in str(error) else "connection"
    return Attempt(None, None, f"{kind}: {type(error).__name__}")


def post(url: str, webhook_id: str, body: str, secrets: list[str], timeout: float,
         now: datetime | None = None, *, resolver: urls.Resolver = urls.resolve,
         context: ssl.SSLContext | None = None) -> Attempt:
    """POST the signed body once. The URL is resolved and checked here, once, and the connection
    goes to exactly the approved addresses; a refused URL is never contacted and its attempt
    carries only the policy code (no status code or network detail from an internal target).
    `context` is the TLS client context (default: the system trust store, hostname checked)."""
    now = now or clock.real_now()  # receivers check webhook-timestamp against their real clocks
    try:
        target = urls.check_webhook_url(url, resolver)
    except ValidationFailed as refused:
        return Attempt(None, None, f"address refused: {refused.code}")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature_header(webhook_id, now, body, secrets),
    }
    connection = _connection(target, timeout, context)
    try:
        connection.request("POST", target.path, body=body.encode("utf-8"), headers=headers)
        response = connection.getresponse()
        response.read(65536)
    except (OSError, http.client.HTTPException) as error:
        return _failure(error)
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Attempt(response.status)
    retry_after = parse_retry_after(response.getheader("Retry-After"), now)
    return Attempt(response.status, retry_after, f"HTTP {response.status}")


Sender = Callable[..., Attempt]
