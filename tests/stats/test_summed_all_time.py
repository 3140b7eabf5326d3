"""All time of the country and of an agency within a region is not stored but summed from the
months: an event writes no `ALL` item for them, and every reader (the scope's series, `one`, the
league index path the export uses) still gives the same totals as an item would."""
from __future__ import annotations

import math
from typing import Any

from chalicelib.domain.measures import ALL_MONTHS, SUMMED_KINDS, Contribution, kind_of
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.store import stats as stats_store
from chalicelib.store.models import StatisticsRecord
from tests.fixtures.agencies import _next_region


def disposition(month: str, region: str, agency: str, hours: float) -> Contribution:
    found = Contribution(month=month, agency_id=agency, region_code=region, category="sampah")
    found.add("assigned")
    found.add("dispositioned")
    found.duration("disposition", hours)
    return found


def test_summed_kinds_store_months_only_and_read_the_same_totals(aws: Any) -> None:
    region, agency = _next_region(), f"dinas-summed-{new_tracking_id()}"
    events = [(new_tracking_id(), 2, disposition(month, region, agency, hours))
              for month, hours in (("2031-07", 1.1), ("2031-07", 2.2), ("2031-08", 30.333))]
    agency_region = f"agency_region#{agency}#{region}"
    national_before = stats_store.one("national", ALL_MONTHS)
    updates = set().union(*(stats_store._updates(found) for _, _, found in events))
    assert not any(period == ALL_MONTHS and kind in SUMMED_KINDS for _, period, kind in updates)
    assert any(period == ALL_MONTHS and kind == "agency" for _, period, kind in updates)

    assert stats_store.count_events(events) == 3

    stored = {record.month for record in StatisticsRecord.query(agency_region)}
    assert stored == {"2031-07", "2031-08"}
    series = stats_store.months_of(agency_region)
    item = stats_store.one(f"agency#{agency}", ALL_MONTHS)  # what an ALL item holds (float sums in a batch)
    assert series[ALL_MONTHS].keys() == item.keys()
    assert all(math.isclose(series[ALL_MONTHS][name], item[name], abs_tol=1e-9) for name in item)
    assert series[ALL_MONTHS]["disposition_hours_sum"] == 33.633
    assert stats_store.one(agency_region, ALL_MONTHS) == series[ALL_MONTHS]
    assert dict(stats_store.league("agency_region", ALL_MONTHS))[agency_region] == series[ALL_MONTHS]
    national = stats_store.one("national", ALL_MONTHS)
    assert national["dispositioned"] == national_before.get("dispositioned", 0) + 3
    assert stats_store.league("national", ALL_MONTHS) == [("national", national)]
    assert kind_of(agency_region) in SUMMED_KINDS
