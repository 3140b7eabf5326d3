"""Upload records of attachments: which ids were handed out, and which report claimed each one.

Why: an attachment id is all a report needs to show a file (and the reporter's own file name,
which can unmask an anonim reporter). So an id must come from an upload this service handed out,
and be used by one report only. Each upload gets a marker in the counters table
(`attachment#<id>`, expiring like every marker there); filing a report sets the marker's `value`
to the report's tracking ID in the same transaction that creates the report, on the condition
that the marker exists, has not expired and has no value yet. DynamoDB then lets exactly one of
two concurrent filings claim it, and a refused filing claims nothing.

A missing marker is never claimable: ids lifted from reports filed before markers existed, and
markers past their TTL (deleted by DynamoDB, or still there but expired), are refused alike.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from chalicelib.shared import clock
from chalicelib.store.conditional import save_if_absent
from chalicelib.store.models import CounterRecord

# How long an upload may wait to be filed: the presigned POST itself lasts minutes, but a citizen
# may write the report for a long while after attaching the photo.
CLAIMABLE_SECONDS = 24 * 3600
_PREFIX = "attachment#"
_CONFLICT = "TransactionConflict"
Claims = Callable[[TransactWrite], None]  # adds claim writes to a report's transaction


class UploadState(enum.Enum):
    UNCLAIMED = "unclaimed"  # handed out, not yet in a report, not expired
    CLAIMED = "claimed"  # in a report already
    UNKNOWN = "unknown"  # never handed out, or expired


class ClaimRefused(Exception):
    """A report's transaction failed because one of its uploads cannot be claimed."""

    def __init__(self, state: UploadState) -> None:
        super().__init__(state.value)
        self.state = state


def _key(attachment_id: str) -> str:
    return f"{_PREFIX}{attachment_id}"


def _epoch(seconds: float) -> datetime:  # TTLAttribute takes datetimes
    return datetime.fromtimestamp(int(seconds), tz=UTC)


def _now(now: float | None) -> float:
    return now if now is not None else clock.real_now().timestamp()  # a TTL: wall clock


def record_upload(attachment_id: str, now: float | None = None) -> None:
    """Remember that `attachment_id` was handed out with an upload (claimable for a day)."""
    marker = CounterRecord(_key(attachment_id), count=0)
    marker.expires = _epoch(_now(now) + CLAIMABLE_SECONDS)
    if not save_if_absent(marker):  # 144 random bits: a repeat would be a broken random source
        raise RuntimeError("attachment id handed out twice")


def state(attachment_id: str, now: float | None = None) -> UploadState:
    """Where one upload stands (strongly consistent read)."""
    try:
        marker = CounterRecord.get(_key(attachment_id), consistent_read=True)
    except DoesNotExist:
        return UploadState.UNKNOWN
    if marker.value:
        return UploadState.CLAIMED
    if marker.expires is None or marker.expires <= _epoch(_now(now)):
        return UploadState.UNKNOWN  # TTL deletion is lazy: an expired marker may linger
    return UploadState.UNCLAIMED


def _claimable(now: float) -> Condition:
    condition: Condition = (CounterRecord.counter_key.exists() & CounterRecord.value.does_not_exist()
                            & (CounterRecord.expires > _epoch(now)))
    return condition


def claims(attachment_ids: Sequence[str], tracking_id: str, now: float | None = None) -> Claims:
    """The writes that claim each upload for `tracking_id`, for the transaction that stores the
    report (store.reports.create's `also`): the whole transaction fails if any of them is
    unknown, expired or claimed already (by a concurrent filing too)."""
    moment, ids = _now(now), list(attachment_ids)

    def add(transaction: TransactWrite) -> None:
        for attachment_id in ids:
            transaction.update(CounterRecord(_key(attachment_id)), actions=[CounterRecord.value.set(tracking_id)],
                               condition=_claimable(moment))

    return add


@contextmanager
def refusals_explained(attachment_ids: Sequence[str]) -> Iterator[None]:
    """Raise ClaimRefused when the transaction inside failed because of these uploads' claims;
    any other failure passes through unchanged."""
    try:
        yield
    except TransactWriteError as error:
        state = refused_state(error, attachment_ids) if attachment_ids else None
        if state is None:
            raise
        raise ClaimRefused(state) from error


def refused_state(error: TransactWriteError, attachment_ids: Iterable[str],
                  now: float | None = None) -> UploadState | None:
    """Why a transaction with claims failed, if the claims were the cause: the state of the first
    upload that cannot be claimed, or CLAIMED when a concurrent filing was claiming one of them
    (DynamoDB's TransactionConflict; the other filing wins). None: the failure had another cause."""
    for attachment_id in attachment_ids:
        found = state(attachment_id, now)
        if found is not UploadState.UNCLAIMED:
            return found
    if any(reason is not None and reason.code == _CONFLICT for reason in error.cancellation_reasons):
        return UploadState.CLAIMED
    return None
