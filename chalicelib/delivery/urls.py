"""Which webhook URLs may receive reports: https to a globally reachable address only.

One address policy (`is_public_address`) applies to EVERY address a host name resolves to, when
an agency registers its endpoint and again at each delivery. The sender connects to the very
addresses `check_webhook_url` approved (`WebhookTarget.addresses`), never resolving the name a
second time, so DNS rebinding cannot swap in an internal address between check and connect.
Loopback receivers (http allowed) are accepted only where `settings.allows_loopback()` says so
(the local stage, or the test stage with LAPOR_WEBHOOK_ALLOW_LOOPBACK=1).
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union
from urllib.parse import SplitResult, urlsplit

from chalicelib.delivery import settings
from chalicelib.domain.errors import ValidationFailed

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Resolver = Callable[[str, int], list[str]]
MAX_URL_LENGTH = 2048
DEFAULT_PORTS = {"https": 443, "http": 80}

# Spelled out so the policy does not depend on which Python's `is_global`/`is_private` tables
# are installed (they changed in 3.12/3.13): "this network", shared address space (CGNAT), IETF
# protocol assignments (whose few anycast services are no webhook receiver), deprecated
# site-local IPv6, and the two IPv6 tunnels (6to4, Teredo) whose relay picks the destination.
_REFUSED_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "fec0::/10", "2002::/16", "2001::/32",
))
# IPv4 destinations written as IPv6: judged by the IPv4 address they carry.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class WebhookTarget:
    """A URL that passed the policy, with the addresses it was checked against (connect to these)."""

    url: str
    scheme: str
    host: str  # ASCII (IDNA) host name or address literal: the TLS server name and Host header
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]


def resolve(host: str, port: int) -> list[str]:
    """Every address the name has, in the resolver's preference order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _parse_address(address: str | IPAddress) -> IPAddress | None:
    if not isinstance(address, str):
        return address
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])  # a zone id only ever marks link-local
    except ValueError:
        return None


def _carried_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address reaches."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _globally_routed(ip: IPAddress) -> bool:
    if any(ip in net for net in _REFUSED_NETWORKS if net.version == ip.version):
        return False
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or ip.is_loopback or ip.is_link_local:
        return False
    return ip.is_global and not ip.is_private


def is_public_address(address: str | IPAddress) -> bool:
    """True only for a unicast, globally reachable address. Mapped and NAT64 forms are judged by
    the IPv4 address they carry; 6to4 and Teredo (whose embedded IPv4 may be internal, e.g.
    2002:a9fe:a9fe:: is 169.254.169.254) and site-local fec0::/10 are refused outright."""
    ip = _parse_address(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        carried = _carried_ipv4(ip)
        if carried is not None:
            return _globally_routed(carried)
    return _globally_routed(ip)


def _is_loopback(address: str) -> bool:
    """Plain 127/8 or ::1 only: a wrapped loopback (2002:7f00:1::) never counts as a local receiver."""
    ip = _parse_address(address)
    return ip is not None and ip.is_loopback


def _split(url: str) -> tuple[SplitResult, str, int]:
    """(parts, ASCII host, port) of a well-formed http(s) URL without credentials."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise ValidationFailed("invalid_webhook_url", field="url")
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise ValidationFailed("invalid_webhook_url", field="url") from None
    if parts.scheme not in DEFAULT_PORTS or not host or parts.username is not None or parts.password is not None:
        raise ValidationFailed("invalid_webhook_url", field="url")
    return parts, host, port or DEFAULT_PORTS[parts.scheme]


def _lookup(host: str, port: int, resolver: Resolver) -> list[str]:
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError):
        raise ValidationFailed("webhook_url_unresolvable", field="url") from None
    if not addresses:
        raise ValidationFailed("webhook_url_unresolvable", field="url")
    return addresses


def _approved(parts: SplitResult, host: str, port: int, resolver: Resolver) -> list[str]:
    """The resolved addresses when the policy allows all of them, else ValidationFailed."""
    plain_http = parts.scheme != "https"
    if plain_http and not settings.allows_loopback():
        raise ValidationFailed("webhook_url_not_https", field="url")  # said before any DNS talk
    try:
        addresses = _lookup(host, port, resolver)
    except ValidationFailed:
        if plain_http:
            raise ValidationFailed("webhook_url_not_https", field="url") from None
        raise
    if settings.allows_loopback() and all(_is_loopback(a) for a in addresses):
        return addresses  # development receivers on this machine, http allowed
    if plain_http:
        raise ValidationFailed("webhook_url_not_https", field="url")
    if not all(is_public_address(a) for a in addresses):
        raise ValidationFailed("webhook_url_private", field="url")
    return addresses


def check_webhook_url(url: str, resolver: Resolver = resolve) -> WebhookTarget:
    """Resolve the URL's host once and apply the policy to every answer. The returned target
    pins those addresses: delivery must connect to them, not look the name up again."""
    parts, host, port = _split(url)
    addresses = _approved(parts, host, port, resolver)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return WebhookTarget(url, parts.scheme, host, port, path, tuple(addresses))


def validate_webhook_url(url: str, resolver: Resolver = resolve) -> str:
    """The URL when it may receive webhooks, else ValidationFailed with a reason code."""
    return check_webhook_url(url, resolver).url
