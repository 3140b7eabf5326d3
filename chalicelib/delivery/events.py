"""Which webhook events a timeline event produces, and for which agencies. Pure: no AWS here.

Agencies are told what others did to their reports; what the agency did itself through the API
(acknowledge, follow up, notes, clarification requests, not-our-authority) is not echoed back.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Role, Status
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.store.keys import sortable

DISPOSITIONED = "report.dispositioned"
REPLY_RECEIVED = "report.reply_received"
CLARIFICATION_RECEIVED = "report.clarification_received"
FORWARDED_AWAY = "report.forwarded_away"
SLA_WARNING = "report.sla_warning"
ESCALATED = "report.escalated"
CLOSED = "report.closed"
RATED = "report.rated"
UPDATED = "report.updated"
REOPENED = "report.reopened"  # the reporter reopened a report closed by timeout (with a reason)
ASSIGNED = "report.assigned"
EVENT_TYPES = (DISPOSITIONED, REPLY_RECEIVED, CLARIFICATION_RECEIVED, FORWARDED_AWAY, SLA_WARNING,
               ESCALATED, CLOSED, RATED, UPDATED, REOPENED, ASSIGNED)
# Where the deadline sweep names the supervising body it escalated to (issue 5).
_ESCALATION_TARGET_KEYS = ("escalated_to", "supervisor_id", "supervisor_agency_id")
_CLOSING = {Action.CONFIRM, Action.AUTO_CLOSE, Action.REFER_OMBUDSMAN, Action.ARCHIVE}


@dataclass(frozen=True)
class Delivery:
    agency_id: str
    event_type: str


def _one(agency_id: str | None, event_type: str) -> list[Delivery]:
    return [Delivery(agency_id, event_type)] if agency_id else []


def deliveries_for(event: TimelineEvent) -> list[Delivery]:
    """The (agency, type) pairs `event` must reach."""
    action, agency = event.action, event.agency_id
    if action is Action.DISPOSITION:
        # A corrected topic staff sent elsewhere (restore_topic): the office that had it hears it moved away.
        previous = event.details.get("from_agency_id")
        return _one(agency, DISPOSITIONED) + (_one(previous, FORWARDED_AWAY) if previous != agency else [])
    if action is Action.FORWARD:
        previous = event.details.get("from_agency_id") or event.actor.id
        out = _one(agency, DISPOSITIONED)
        if previous and previous != agency:
            out += _one(previous, FORWARDED_AWAY)
        return out
    if action is Action.REPLY:
        return _one(agency, REPLY_RECEIVED)
    if action is Action.CLARIFY and event.to_status is Status.DITERUSKAN:
        return _one(agency, CLARIFICATION_RECEIVED)
    if action is Action.WARN_DEADLINE:
        if event.details.get("deadline_kind") == "REPLY_WINDOW":
            return []  # a reminder to the reporter that their window closes (notify/), not the agency's SLA
        return _one(agency, SLA_WARNING)
    if action is Action.ESCALATE:
        out = _one(agency, ESCALATED)
        for key in _ESCALATION_TARGET_KEYS:
            target = event.details.get(key)
            if isinstance(target, str) and target != agency and target.strip():
                out += _one(target, ESCALATED)
        return out
    if action in _CLOSING:
        return _one(agency, CLOSED)
    if action is Action.RATE:
        return _one(agency, RATED)
    if action is Action.AMEND and event.actor.role is Role.ADMIN:
        return _one(agency, UPDATED)
    if action is Action.REOPEN:
        return _one(agency, REOPENED)
    if action is Action.ASSIGN:  # so the agency's own system knows which liaison holds it
        return _one(agency, ASSIGNED)
    return []


def webhook_id(event: TimelineEvent, tracking_id: str, agency_id: str) -> str:
    """Deterministic (a redelivered stream record maps to the same id, so it is deduplicated) and
    sortable by time (the delivery log lists newest first by this key)."""
    compact = tracking_id.replace("-", "")
    stamp = sortable(event.at).replace("-", "").replace(":", "")
    moved = event.action in (Action.FORWARD, Action.DISPOSITION)
    suffix = "f" if moved and agency_id != event.agency_id else "n"
    return f"msg_{stamp}_{compact}_{event.seq:04d}{suffix}"
