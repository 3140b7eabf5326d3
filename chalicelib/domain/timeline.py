"""The append-only timeline of a report: one event per action, numbered by the report version
the action produced (so an event can be written at most once)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Status


class Visibility(str, Enum):
    PUBLIC = "PUBLIC"  # status changes: anyone may see them on a non-rahasia report
    REPORTER = "REPORTER"  # conversation between reporter and agency (follow-ups, replies)
    INTERNAL = "INTERNAL"  # agency and admin notes: never shown to the reporter or the public


_VISIBILITY = {
    Action.NOTE: Visibility.INTERNAL,
    Action.FOLLOW_UP: Visibility.REPORTER,
    Action.PROGRESS: Visibility.REPORTER,
    Action.REPLY: Visibility.REPORTER,
    Action.CLARIFY: Visibility.REPORTER,
    Action.REQUEST_CLARIFICATION: Visibility.REPORTER,
    Action.RATE: Visibility.REPORTER,
    Action.AMEND: Visibility.INTERNAL,
    Action.ASSIGN: Visibility.INTERNAL,  # who inside the agency holds it is the agency's business
    Action.SUGGEST: Visibility.INTERNAL,  # a machine's guess is for staff, not a public status
    Action.LINK_SIMILAR: Visibility.INTERNAL,  # other reports' ids, some of them rahasia
}


def visibility_of(action: Action) -> Visibility:
    return _VISIBILITY.get(action, Visibility.PUBLIC)


@dataclass(frozen=True)
class TimelineEvent:
    seq: int
    at: datetime
    action: Action
    actor: Actor
    from_status: Status | None
    to_status: Status
    message: str | None = None
    agency_id: str | None = None
    deadline: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # Where and what the report was about when this happened (statistics attribute events to them).
    region_code: str | None = None
    category: str | None = None

    @property
    def visibility(self) -> Visibility:
        return visibility_of(self.action)
