"""Support carried from a duplicate to the report it is merged into: every supporter of the duplicate,
and its reporter, support the original once (the same "written only if absent" rule as a citizen's
support, store.supports), so the counts add up and a retried merge counts nobody twice."""
from __future__ import annotations

from datetime import datetime

from chalicelib.store import supports
from chalicelib.store.models import SupportRecord
from chalicelib.store.supports import COUNT


def carry_over(duplicate_id: str, original_id: str, reporter_supporter: str, now: datetime) -> int:
    """Supporters of `duplicate_id` (one key Query of its partition) plus `reporter_supporter` support
    `original_id`; returns how many were newly counted."""
    supporters = [reporter_supporter] + [record.supporter for record in SupportRecord.query(duplicate_id)
                                         if record.supporter != COUNT]
    # no rate buckets: these supporters were limited when they supported the duplicate
    return sum(supports.add(original_id, supporter, (), now) for supporter in supporters)
