"""Routes one report: the automatic verifier of the lifecycle's verification step."""
from __future__ import annotations

import logging
from datetime import datetime
from enum import Enum
from typing import Optional

from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.errors import IllegalTransition, NotFound
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role, Status
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store
from chalicelib.reports.perform import perform
from chalicelib.routing.router import candidate_routes

log = logging.getLogger(__name__)
ROUTER = Actor(Role.SYSTEM, "router")


class Outcome(str, Enum):
    ROUTED = "ROUTED"
    MANUAL = "MANUAL"  # nothing matched: stays DITERIMA in the national verification queue
    ALREADY_DONE = "ALREADY_DONE"  # a redelivered message: the report moved on already


def choose_agency(report: Report) -> Optional[str]:
    category, region = find_category(report.category), find_region(report.region_code)
    if category is not None and region is not None:
        agency_id = agencies.resolve_route(candidate_routes(category, region))
        if agency_id:
            return agency_id
    if report.suggested_agency_id and agencies.get_agency(report.suggested_agency_id):
        return report.suggested_agency_id
    return None


def route_report(tracking_id: str, now: Optional[datetime] = None) -> Outcome:
    """Idempotent: only a DITERIMA report that was never dispositioned is routed, and the write
    is conditional on the version read, so a second delivery of the message changes nothing."""
    report = store.get(tracking_id, consistent=True)
    if report is None:
        raise NotFound(tracking_id=tracking_id)
    if report.status is not Status.DITERIMA or report.agency_id is not None:
        return Outcome.ALREADY_DONE
    agency_id = choose_agency(report)
    if agency_id is None:
        log.info("no route for %s (category %s, region %s)", tracking_id, report.category, report.region_code)
        return Outcome.MANUAL

    def _assign(current: Report) -> dict[str, object]:
        if current.status is not Status.DITERIMA:
            raise IllegalTransition(action=Action.DISPOSITION.value, status=current.status.value)
        return {"agency_id": agency_id}

    try:
        perform(tracking_id, Action.DISPOSITION, ROUTER, prepare=_assign, now=now, current=report,
                details={"agency_id": agency_id, "by": "router"})
    except IllegalTransition:
        return Outcome.ALREADY_DONE  # a concurrent delivery or an admin routed it first
    return Outcome.ROUTED
