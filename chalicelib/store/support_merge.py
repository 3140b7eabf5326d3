"""Support carried from a duplicate to the report it is merged into: every supporter of the duplicate,
and its reporter, support the original once (the same "written only if absent" rule as a citizen's
support, store.supports), so the counts add up and a retried merge counts nobody twice."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError

from chalicelib.store.conditional import new_transaction
from chalicelib.store.models import SupportRecord
from chalicelib.store.supports import COUNT


def _add_once(tracking_id: str, supporter: str, now: datetime) -> bool:
    try:
        with new_transaction() as transaction:
            transaction.save(SupportRecord(tracking_id, supporter, created_at=now),
                             condition=SupportRecord.supporter.does_not_exist())
            transaction.update(SupportRecord(tracking_id, COUNT), actions=[SupportRecord.count.add(1)])
    except TransactWriteError as error:
        reasons = [getattr(r, "code", None) for r in (error.cancellation_reasons or [])]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return False  # supported the original already (or a retried merge)
        raise
    return True


def carry_over(duplicate_id: str, original_id: str, reporter_supporter: str, now: datetime) -> int:
    """Supporters of `duplicate_id` (one key Query of its partition) plus `reporter_supporter` support
    `original_id`; returns how many were newly counted."""
    supporters = [reporter_supporter] + [record.supporter for record in SupportRecord.query(duplicate_id)
                                         if record.supporter != COUNT]
    return sum(_add_once(original_id, supporter, now) for supporter in supporters)
