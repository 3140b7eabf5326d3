"""Routes one report: the automatic verifier of the lifecycle's verification step.

It reads the text first (routing.reading): a report without a usable category is routed by the
classifier when it is sure, otherwise it stays with the national admins with the suggestion on the
report and its timeline (SUGGEST). A category the text unmistakably contradicts is corrected: routed by
the text at once, the reporter's choice kept on the timeline (`topic_corrected`, which the reporter
reads in plain words) and staff may put it back (routing.restore.restore_topic). Open look-alikes
are linked to it (LINK_SIMILAR) either way. Every event records the model version that read the text."""
from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from enum import Enum

from chalicelib.classify import model as classifier_model
from chalicelib.directory.catalogue import category as find_category
from chalicelib.directory.catalogue import region as find_region
from chalicelib.domain.errors import IllegalTransition, NotFound
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role, Status
from chalicelib.reports import similar
from chalicelib.reports.perform import perform
from chalicelib.routing.offices import suggested_offices
from chalicelib.routing.reading import Reading, read
from chalicelib.routing.router import routes_for
from chalicelib.shared import clock
from chalicelib.store import directory as agencies
from chalicelib.store import model_pin
from chalicelib.store import reports as store

log = logging.getLogger(__name__)
ROUTER = Actor(Role.SYSTEM, "router")


class Outcome(str, Enum):
    ROUTED = "ROUTED"
    MANUAL = "MANUAL"  # nothing matched: stays DITERIMA in the national verification queue
    ALREADY_DONE = "ALREADY_DONE"  # a redelivered message: the report moved on already


def choose_agency(report: Report, category_code: str | None = None, region_code: str | None = None,
                  named_region: str | None = None) -> str | None:
    """The agency for `category_code` (default: the report's own) in the report's region (or the place
    the text names, router.route_region), else the agency the reporter suggested, else None."""
    code = category_code if category_code is not None else report.category
    place = region_code or report.region_code
    category, region = find_category(code) if code else None, find_region(place) if place else None
    if category is not None and region is not None:
        named = find_region(named_region) if named_region else None
        agency_id = agencies.resolve_route(routes_for(category, region, named))
        if agency_id:
            return agency_id
    if report.suggested_agency_id and agencies.get_agency(report.suggested_agency_id):
        return report.suggested_agency_id
    return None


def route_report(tracking_id: str, now: datetime | None = None) -> Outcome:
    """Idempotent: only a DITERIMA report that was never dispositioned is routed, and the write
    is conditional on the version read, so a second delivery of the message changes nothing."""
    report = store.get(tracking_id, consistent=True)
    if report is None:
        raise NotFound(tracking_id=tracking_id)
    if report.status is not Status.DITERIMA or report.agency_id is not None:
        return Outcome.ALREADY_DONE
    loaded = reading_model()
    reading = read(report, loaded)
    look_alikes = _look_alikes(report, reading, now)
    agency_id = (choose_agency(report, reading.category, reading.region_code, reading.named_region)
                 if reading.category or not reading.suggestion else None)
    if agency_id is None:
        log.info("no route for %s (category %s, region %s)", tracking_id, report.category, report.region_code)
        if reading.suggestion is not None:
            return _suggest(report, reading, look_alikes, now)
        _link(report, look_alikes, now)
        return Outcome.MANUAL

    def _assign(current: Report) -> dict[str, object]:
        if current.status is not Status.DITERIMA:
            raise IllegalTransition(action=Action.DISPOSITION.value, status=current.status.value)
        changes: dict[str, object] = {"agency_id": agency_id, **_similar_changes(current, look_alikes)}
        if reading.classified:
            changes.update(category=reading.category, suggestion=reading.suggestion)
        if current.region_code is None and reading.region_code:
            changes["region_code"] = reading.region_code  # an SMS that named its place
        return changes

    details: dict[str, object] = {"agency_id": agency_id, "by": "router", "model_version": loaded.version,
                                  **_similar_details(look_alikes)}
    if reading.classified and reading.suggestion:
        details["classified"] = {key: reading.suggestion[key] for key in ("category", "confidence", "reason")}
    if reading.corrected_from:
        # The reporter's own words, for the reporter: "the topic was adjusted from what you chose".
        details["topic_corrected"] = {"from": reading.corrected_from, "to": reading.category}
    try:
        perform(tracking_id, Action.DISPOSITION, ROUTER, prepare=_assign, now=now, current=report,
                details=details)
    except IllegalTransition:
        return Outcome.ALREADY_DONE  # a concurrent delivery or an admin routed it first
    return Outcome.ROUTED


def reading_model() -> classifier_model.LoadedModel:
    """The model the operator pinned (lapor-ops model pin), else the newest shipped one. A pin this
    build does not ship is logged and the newest model reads instead: routing never stops on it."""
    version = model_pin.pinned()
    try:
        return classifier_model.model(version)
    except classifier_model.UnknownModelVersion:
        log.error("pinned model version %s is not shipped; routing with the newest", version)
        return classifier_model.model()


def _look_alikes(report: Report, reading: Reading, now: datetime | None) -> list[similar.LookAlike]:
    """Open look-alikes of the report, by the topic it is routed by (or the one suggested)."""
    if report.similar_ids:
        return []  # linked already (a redelivered message)
    topic = reading.category or (reading.suggestion or {}).get("category") or report.category
    return similar.look_alikes(similar.report_text(report.title, report.body), report.region_code, topic,
                               now or clock.now(), exclude=report.tracking_id,
                               point=similar.point_of(report.latitude, report.longitude))


def _similar_changes(current: Report, found: list[similar.LookAlike]) -> dict[str, object]:
    return {"similar_ids": tuple(item.tracking_id for item in found)} if found and not current.similar_ids else {}


def _similar_details(found: list[similar.LookAlike]) -> dict[str, object]:
    # Staff-only detail: the privacy projection keeps it from the reporter (other people's reports).
    return {"similar": [{"tracking_id": item.tracking_id, "score": item.score} for item in found]} if found else {}


def _link(report: Report, found: list[similar.LookAlike], now: datetime | None) -> None:
    """Look-alikes of a report that no other write of the router records (no route, no suggestion)."""
    if not found:
        return

    def _prepare(current: Report) -> dict[str, object]:
        changes = _similar_changes(current, found)
        if not changes:
            raise IllegalTransition(action=Action.LINK_SIMILAR.value, status=current.status.value)
        return changes

    with contextlib.suppress(IllegalTransition):  # linked already, or the report moved on
        perform(report.tracking_id, Action.LINK_SIMILAR, ROUTER, prepare=_prepare, now=now, current=report,
                details=_similar_details(found))


def _suggest(report: Report, reading: Reading, found: list[similar.LookAlike], now: datetime | None) -> Outcome:
    """Leave the report to the national admins with the classifier's suggestion (once: a
    redelivered message finds the suggestion stored and writes nothing)."""
    if report.suggestion is not None:
        return Outcome.MANUAL

    def _attach(current: Report) -> dict[str, object]:
        if current.suggestion is not None or current.agency_id is not None:
            raise IllegalTransition(action=Action.SUGGEST.value, status=current.status.value)
        return {"suggestion": reading.suggestion, **_similar_changes(current, found)}

    # The offices the suggestion leads to in the report's own region, structured (agency ids, confidence,
    # matched words), so the desk and the history show offices, not only a topic. The English `reason`
    # stays in details for staff tools; the event message is left empty (the console words it).
    offices = [office.as_dict() for office in suggested_offices(report, suggestion=reading.suggestion)]
    with contextlib.suppress(IllegalTransition):  # suggested already, or an admin acted first
        perform(report.tracking_id, Action.SUGGEST, ROUTER, prepare=_attach, now=now, current=report,
                details={"suggestion": reading.suggestion, "offices": offices,
                         "model_version": (reading.suggestion or {}).get("model_version"), **_similar_details(found)})
    return Outcome.MANUAL


def route_with_topic(tracking_id: str, category_code: str, now: datetime | None = None) -> Outcome:
    """The reporter answered the topic menu (sms.topic_menu): route a report still waiting for its first
    disposition by the topic they chose. When that topic has no office in the report's region, the topic
    is recorded for the admins (SUGGEST) and the report waits (MANUAL). Idempotent like route_report."""
    report = store.get(tracking_id, consistent=True)
    if report is None:
        raise NotFound(tracking_id=tracking_id)
    if report.status is not Status.DITERIMA or report.agency_id is not None or find_category(category_code) is None:
        return Outcome.ALREADY_DONE
    agency_id = choose_agency(report.evolve(suggested_agency_id=None), category_code)
    chosen = {"by": "reporter", "category": category_code}

    def _prepare(current: Report) -> dict[str, object]:
        if current.status is not Status.DITERIMA or current.agency_id is not None:
            raise IllegalTransition(action=Action.DISPOSITION.value, status=current.status.value)
        suggestion = {**(current.suggestion or {}), "chosen_by_reporter": category_code}
        return {"category": category_code, "suggestion": suggestion,
                **({"agency_id": agency_id} if agency_id else {})}

    try:
        if agency_id:
            perform(tracking_id, Action.DISPOSITION, ROUTER, prepare=_prepare, now=now, current=report,
                    details={"agency_id": agency_id, "by": "router", "topic_chosen": chosen})
            return Outcome.ROUTED
        perform(tracking_id, Action.SUGGEST, ROUTER, prepare=_prepare, now=now, current=report,
                details={"topic_chosen": chosen})
    except IllegalTransition:
        return Outcome.ALREADY_DONE
    return Outcome.MANUAL
