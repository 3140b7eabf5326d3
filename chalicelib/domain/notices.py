"""Which timeline events the reporter is told about, as which kind of message. Pure: no AWS.
A rule of the domain, not of the notices function: the timeline topic's filter (outbox/topic.py)
and the notices (notify/) both read it.

The reporter hears what changes their report's course or asks something of them; not what they
did themselves (reply, confirm, rate), internal notes, or the agency's own bookkeeping."""
from __future__ import annotations

from chalicelib.domain.lifecycle import Action, DeadlineKind
from chalicelib.domain.timeline import TimelineEvent

DISPOSITIONED = "dispositioned"
FORWARDED = "forwarded"
FOLLOW_UP = "follow_up"
CLARIFICATION = "clarification"
CLOSING_SOON = "closing_soon"
CLOSED = "closed"
REFERRED = "referred"
ARCHIVED = "archived"
KINDS = (DISPOSITIONED, FORWARDED, FOLLOW_UP, CLARIFICATION, CLOSING_SOON, CLOSED, REFERRED, ARCHIVED)

_BY_ACTION = {
    Action.DISPOSITION: DISPOSITIONED,
    Action.FORWARD: FORWARDED,
    Action.FOLLOW_UP: FOLLOW_UP,
    Action.PROGRESS: FOLLOW_UP,  # news from the agency, told like a follow-up
    Action.REQUEST_CLARIFICATION: CLARIFICATION,
    Action.AUTO_CLOSE: CLOSED,
    Action.REFER_OMBUDSMAN: REFERRED,
    Action.ARCHIVE: ARCHIVED,
}

# Every action that can produce a notice (the timeline topic's filter for the notices queue).
NOTICE_ACTIONS = frozenset(_BY_ACTION) | {Action.WARN_DEADLINE}


def kind_for(event: TimelineEvent) -> str | None:
    """The message kind `event` produces for the reporter, or None."""
    if event.action is Action.WARN_DEADLINE:
        # A warning about the reporter's own reply window: the report closes if they stay silent.
        kind = event.details.get("deadline_kind")
        return CLOSING_SOON if kind == DeadlineKind.REPLY_WINDOW.value else None
    return _BY_ACTION.get(event.action)
