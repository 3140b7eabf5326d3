"""Which webhook URLs may receive reports: https to a public address only.

Checked when an agency registers its endpoint and again before every delivery (DNS may change
after registration). Loopback http is allowed only where `settings.allows_loopback()` says so.
Redirects are never followed by the sender, so a public URL cannot bounce a delivery inward.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable
from urllib.parse import urlsplit

from chalicelib.domain.errors import ValidationFailed
from chalicelib.delivery import settings

Resolver = Callable[[str, int], list[str]]
MAX_URL_LENGTH = 2048


def resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local
                                 or ip.is_reserved or ip.is_multicast or ip.is_unspecified)


def validate_webhook_url(url: str, resolver: Resolver = resolve) -> str:
    """The URL when it may receive webhooks, else ValidationFailed with a reason code."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise ValidationFailed("invalid_webhook_url", field="url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationFailed("invalid_webhook_url", field="url") from None
    host = parts.hostname
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise ValidationFailed("invalid_webhook_url", field="url")
    try:
        addresses = resolver(host, port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        raise ValidationFailed("webhook_url_unresolvable", field="url") from None
    if not addresses:
        raise ValidationFailed("webhook_url_unresolvable", field="url")
    if all(_is_public(a) for a in addresses):
        if parts.scheme != "https":
            raise ValidationFailed("webhook_url_not_https", field="url")
        return url
    loopback = all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
    if loopback and settings.allows_loopback():
        return url  # development receivers on this machine, http allowed
    raise ValidationFailed("webhook_url_private", field="url")
