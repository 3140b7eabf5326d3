"""Staff put back the topic the reporter chose, after the router corrected it by the text
(routing/reading.py): a routing decision, so it lives with the router and reaches the office the
router would choose for the reporter's own topic."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import IllegalTransition, ValidationFailed
from chalicelib.domain.lifecycle import Action, topic_corrected
from chalicelib.domain.model import Report
from chalicelib.reports import read as reports_query
from chalicelib.reports.admin_actions import admin_actor, settled
from chalicelib.reports.corrections import learn_from
from chalicelib.reports.perform import perform
from chalicelib.routing.service import choose_agency


def restore_topic(admin_id: str, tracking_id: str, note: str | None = None, version: int | None = None,
                  staff_id: str | None = None) -> Report:
    """Put back the category the reporter chose after the router corrected it by the text: the report
    goes to the office of the reporter's category (DISPOSITION, a new follow-up deadline), the timeline
    says from which topic to which (`topic_restored`), and the decision is a training example.
    IllegalTransition when the topic was not corrected, or was put back already; ValidationFailed
    (`no_route`) when the reporter's category has no office in the report's region."""
    report = reports_query.load(tracking_id)
    if not topic_corrected(report):
        raise IllegalTransition("nothing_to_restore", action=Action.DISPOSITION.value, status=report.status.value)
    given = (report.suggestion or {}).get("given_category")
    agency_id = choose_agency(report.evolve(suggested_agency_id=None), given) if given else None
    if agency_id is None:
        raise ValidationFailed("no_route", field="category")
    actor = admin_actor(admin_id, staff_id)
    seen: list[Report] = []

    def prepare(current: Report) -> dict[str, Any]:
        if not topic_corrected(current):  # put back concurrently
            raise IllegalTransition("nothing_to_restore", action=Action.DISPOSITION.value, status=current.status.value)
        seen.append(current)
        return {"category": given, "agency_id": agency_id, "assignee": None,
                "suggestion": settled(current.suggestion, "restored")}

    updated, event = perform(report.tracking_id, Action.DISPOSITION, actor, message=note,
                             details={"agency_id": agency_id, "by": "admin", "from_agency_id": report.agency_id,
                                      "topic_restored": {"from": report.category, "to": given}},
                             prepare=prepare, expected_version=version)
    learn_from("restore", seen[-1], updated, event, actor)
    return updated
