"""Support ("dukung") for a public report: anyone may support it once, without an account.

"Once" is per browser: the page gives each browser a random supporter token (cookie) and only its
hash is stored, so a retried request is counted once.

Limits never punish a shared address. On Indonesian mobile networks thousands of subscribers leave
through one public IP (carrier-grade NAT), so a per-IP limit refused real citizens. Instead:
- per device: one support per report, and SUPPORTS_PER_DEVICE_PER_HOUR across reports;
- per report: one address may add at most SUPPORTS_PER_REPORT_PER_IP_PER_HOUR supports to ONE
  report in an hour. Citizens behind one address supporting different reports are never limited;
  only a burst of fresh browsers from one address on one report (a script minting cookies) is.
See docs/support-limits.md for the reasoning and the WAF rule that matches it.
Rahasia reports cannot be supported (the public cannot see them at all).
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from chalicelib.domain.errors import NotFound
from chalicelib.domain.privacy import Audience, may_see_report
from chalicelib.reports.read import load
from chalicelib.shared import clock, config
from chalicelib.store import supports

SUPPORTS_PER_DEVICE_PER_HOUR = 20
SUPPORTS_PER_REPORT_PER_IP_PER_HOUR = 200


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"lapor-{kind}:{config.stage()}:{value}".encode()).hexdigest()[:40]


def supporter_hash(token: str) -> str:
    return _hash("supporter", token)


def support(tracking_id: str, supporter_token: str, ip: str, now: datetime | None = None) -> tuple[bool, int]:
    """(counted now, the report's support count). NotFound for rahasia or unknown reports;
    supports.RateLimited (kind "DEVICE" or "REPORT_IP") when a limit is reached."""
    report = load(tracking_id)
    if not may_see_report(Audience.PUBLIC, report):
        raise NotFound(tracking_id=tracking_id)
    supporter = supporter_hash(supporter_token)
    buckets = (
        supports.Bucket("DEVICE", supporter, SUPPORTS_PER_DEVICE_PER_HOUR),
        supports.Bucket("REPORT_IP", _hash("report-ip", f"{report.tracking_id}:{ip or 'unknown'}"),
                        SUPPORTS_PER_REPORT_PER_IP_PER_HOUR),
    )
    added = supports.add(report.tracking_id, supporter, buckets, now or clock.now())
    return added, supports.count(report.tracking_id)


def has_supported(tracking_id: str, supporter_token: str | None) -> bool:
    return bool(supporter_token and supports.has_supported(tracking_id, supporter_hash(supporter_token)))
