"""The one delivery log every channel writes through: create, claim an attempt, record what it
did, set aside, restart (replay). The framework (chalicelib/delivery/engine.py) calls only these.

Entries live in the table their readers need: webhooks in the agency's partition (the agency API
lists them), reporter messages in the report's partition (the reporter's and the staff's views).
`LogTable` names what differs between the two tables (the key, the words for "done" and "set
aside", which attribute holds the error); the states, the claim and the replay are the same.

The claim: an attempt is taken by one queue message at a time, conditional on the entry still
waiting for exactly that attempt of that generation. The token is the SQS message id, so the same
message redelivered after its holder died (SQS redelivers only once the visibility timeout has
passed) takes over at once, while a duplicate message finds the attempt held and comes back later.
A claim older than STALE_CLAIM is free for anyone (its holder and message are gone).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.models import Model

from chalicelib.store.conditional import save_if_absent

if TYPE_CHECKING:
    from chalicelib.store.models import DeliveryRecord, NotificationRecord

PENDING, RETRYING, FAILED = "PENDING", "RETRYING", "FAILED"
LEGACY_SENDING = "SENDING"  # claimed under the old notify worker; claimable like RETRYING
STALE_CLAIM = timedelta(minutes=3)

R = TypeVar("R", "DeliveryRecord", "NotificationRecord")  # an entry of one of the log tables


@dataclass(frozen=True)
class LogTable(Generic[R]):
    """How one log table spells the shared states."""

    model: type[R]
    hash_name: str
    range_name: str
    delivered: str  # "DELIVERED" / "SENT"
    set_aside: str  # "SKIPPED" / "SUPPRESSED": never sent, and the entry says why
    error_attribute: str  # "last_error" / "reason"
    delivered_at_attribute: str  # "delivered_at" / "sent_at"
    touched_attribute: str | None = None  # "updated_at": set on every change, where the table has one

    def key(self, values: dict[str, Any]) -> tuple[str, str]:
        return str(values[self.hash_name]), str(values[self.range_name])

    def key_of(self, entry: Model) -> dict[str, str]:
        return {self.hash_name: getattr(entry, self.hash_name), self.range_name: getattr(entry, self.range_name)}

    def attribute(self, name: str) -> Any:
        return getattr(self.model, name)

    def has(self, name: str) -> bool:
        return name in self.model.get_attributes()


def create(entry: Model) -> bool:
    """False when the entry was logged already (a redelivered event): the first one stands."""
    return save_if_absent(entry)


def get(table: LogTable[R], hash_key: str, range_key: str) -> R | None:
    try:
        return table.model.get(hash_key, range_key, consistent_read=True)
    except DoesNotExist:
        return None


def untried(entry: DeliveryRecord | NotificationRecord) -> bool:
    """Logged but never reached a sender (its queue message may have been lost before sending)."""
    return entry.status == PENDING and not entry.attempts and not entry.generation


def claim(table: LogTable[R], entry: R, attempt: int, generation: int, token: str, now: datetime) -> bool:
    """Take attempt number `attempt` (1-based) for the queue message `token`. False when the entry
    is not waiting for that attempt any more, or another message holds it."""
    model = table.model
    waiting = (model.status.is_in(PENDING, RETRYING, LEGACY_SENDING) & (model.attempts == attempt - 1)
               & (model.generation == generation))
    free = (model.claim_token.does_not_exist() | (model.claim_token == token)
            | (model.claimed_at < now - STALE_CLAIM))
    try:
        entry.update(actions=[model.claim_token.set(token), model.claimed_at.set(now)], condition=waiting & free)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def record_attempt(table: LogTable[R], entry: R, attempt: int, now: datetime, status: str, *,
                   error: str | None = None, status_code: int | None = None,
                   provider_id: str | None = None, next_attempt_at: datetime | None = None,
                   next_delay_seconds: int | None = None) -> None:
    """What attempt `attempt` did: delivered, RETRYING at `next_attempt_at`, or FAILED for good.
    Releases the claim."""
    attr = table.attribute
    actions = [attr("attempts").set(attempt), attr("status").set(status),
               _set_or_remove(attr(table.error_attribute), error), attr("claim_token").remove(),
               attr("claimed_at").remove(), *_touch(table, now)]
    if table.has("last_attempt_at"):
        actions.append(attr("last_attempt_at").set(now))
    if table.has("last_status_code"):
        actions.append(_set_or_remove(attr("last_status_code"), status_code))
    if provider_id and table.has("provider_id"):
        actions.append(attr("provider_id").set(provider_id))
    if status == table.delivered:
        actions.append(attr(table.delivered_at_attribute).set(now))
    if status == RETRYING:
        actions += [attr("next_attempt_at").set(next_attempt_at), attr("next_delay_seconds").set(next_delay_seconds)]
    else:
        actions += [attr("next_attempt_at").remove(), attr("next_delay_seconds").remove()]
    entry.update(actions=actions)


def set_aside(table: LogTable[R], entry: R, reason: str, now: datetime) -> None:
    """Never to be sent (no endpoint, opted out, over a limit), and why."""
    attr = table.attribute
    entry.update(actions=[attr("status").set(table.set_aside), attr(table.error_attribute).set(reason),
                          attr("claim_token").remove(), attr("claimed_at").remove(), *_touch(table, now)])


@overload
def restart(table: LogTable[R], entry: R, now: datetime, *, only_from: None = None) -> int: ...
@overload
def restart(table: LogTable[R], entry: R, now: datetime, *, only_from: tuple[str, int]) -> int | None: ...
def restart(table: LogTable[R], entry: R, now: datetime, *,
            only_from: tuple[str, int] | None = None) -> int | None:
    """Start the entry again from its first attempt (a replay). Returns its new generation, which
    makes queue messages of earlier generations stale. `only_from=(status, generation)` restarts
    only an entry still in that state, so two copies of one replayed dead letter restart it once
    (None when it was restarted already)."""
    generation = int(entry.generation or 0) + 1
    attr = table.attribute
    actions = [attr("generation").set(generation), attr("status").set(PENDING), attr("attempts").set(0),
               attr("next_attempt_at").remove(), attr("next_delay_seconds").remove(),
               attr("claim_token").remove(), attr("claimed_at").remove(), *_touch(table, now)]
    condition = None
    if only_from is not None:
        condition = (attr("status") == only_from[0]) & (attr("generation") == only_from[1])
    try:
        entry.update(actions=actions, condition=condition)
    except UpdateError as error:
        if condition is not None and error.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return generation


def _set_or_remove(attribute: Any, value: Any) -> Any:
    return attribute.set(value) if value is not None else attribute.remove()


def _touch(table: LogTable[Any], now: datetime) -> list[Any]:
    return [table.attribute(table.touched_attribute).set(now)] if table.touched_attribute else []
