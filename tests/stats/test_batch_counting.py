"""A stream batch is counted in as few transactions as fit, and still each event exactly once:
sums equal one-by-one counting, a redelivered batch adds only what was not counted, and a batch
larger than one transaction's 100 items is split without losing an event."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.measures import Contribution
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.store import stats as stats_store
from tests.fixtures.agencies import _next_region

MONTH = "2031-05"


def received(region: str, category: str) -> Contribution:
    return Contribution(month=MONTH, counts={"received": 1}, region_code=region, category=category)


def figure(scope: str, name: str = "received") -> float:
    return stats_store.one(scope, MONTH).get(name, 0)


def test_a_batch_sums_its_events_and_a_redelivery_adds_only_the_new_ones(aws: Any) -> None:
    region = _next_region()
    # Other suites may have filed reports in this regency this month (the fuzzed contract test files
    # reports in any region): count from what is there.
    before = figure(f"regency#{region}")
    before_all = stats_store.one(f"regency#{region}", stats_store.ALL_MONTHS).get("received", 0)
    events = [(new_tracking_id(), 1, received(region, "sampah")) for _ in range(5)]
    assert stats_store.count_events(events[:2]) == 2
    # the stream delivers the batch again with three more: only those three count
    assert stats_store.count_events(events) == 3
    assert stats_store.count_events(events) == 0
    assert figure(f"regency#{region}") == before + 5
    assert stats_store.one(f"regency#{region}", stats_store.ALL_MONTHS)["received"] == before_all + 5


def test_a_batch_larger_than_one_transaction_counts_every_event_once(aws: Any) -> None:
    regions = [_next_region() for _ in range(40)]  # 40 regencies x (regency + month/ALL) > 100 items
    events = [(new_tracking_id(), 1, received(region, "pdam")) for region in regions for _ in range(2)]
    chunks = list(stats_store._chunks(events))
    assert len(chunks) > 1 and all(
        len(chunk) + len(set().union(*(keys for _, keys in chunk))) <= 100 for chunk in chunks)
    assert stats_store.count_events(events) == 80
    assert all(figure(f"regency#{region}") == 2 for region in regions)
    assert stats_store.count_events(events + events) == 0  # repeated events in one batch count once
