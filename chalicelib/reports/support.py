"""Support ("dukung") for a public report: anyone may support it once, without an account.

"Once" is per browser: the page gives each browser a random supporter token (cookie) and only its
hash is stored, so a retried request is counted once. Per-IP limits keep one machine from
inflating a count. Rahasia reports cannot be supported (the public cannot see them at all).
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Optional

from chalicelib.domain.errors import NotFound
from chalicelib.domain.privacy import Audience, may_see_report
from chalicelib.reports.read import load
from chalicelib.shared import clock, config
from chalicelib.store import supports

SUPPORTS_PER_IP_PER_HOUR = 30


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"lapor-{kind}:{config.stage()}:{value}".encode()).hexdigest()[:40]


def supporter_hash(token: str) -> str:
    return _hash("supporter", token)


def support(tracking_id: str, supporter_token: str, ip: str, now: Optional[datetime] = None) -> tuple[bool, int]:
    """(counted now, the report's support count). NotFound for rahasia or unknown reports;
    supports.RateLimited when this IP is over its hourly limit."""
    report = load(tracking_id)
    if not may_see_report(Audience.PUBLIC, report):
        raise NotFound(tracking_id=tracking_id)
    added = supports.add(report.tracking_id, supporter_hash(supporter_token), _hash("ip", ip or "unknown"),
                         SUPPORTS_PER_IP_PER_HOUR, now or clock.now())
    return added, supports.count(report.tracking_id)


def has_supported(tracking_id: str, supporter_token: Optional[str]) -> bool:
    return bool(supporter_token and supports.has_supported(tracking_id, supporter_hash(supporter_token)))
