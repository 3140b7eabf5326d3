"""`lapor-ops stats rebuild`: recompute every statistic from the timeline and prove the live
counters match (or, with --write, replace them).

Reports are enumerated without a Scan: one Query per month of the reports table's month-index
(every report, rahasia included, by month of receipt), then each report's timeline by key. The
same pure `measures.replay` the stream consumer uses turns events into counts, so any difference
is a counting fault (a lost or doubled event), not a difference of definitions.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.measures import periods, replay, scopes
from chalicelib.shared import clock
from chalicelib.store import reports as store
from chalicelib.store import stats as stats_store

Items = dict[tuple[str, str], dict[str, float]]
_TOLERANCE = 0.01  # hour sums are added in a different order live and here


def months_between(since: str, until: str) -> Iterator[str]:
    year, month = map(int, since.split("-"))
    last = tuple(map(int, until.split("-")))
    while (year, month) <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass
class Rebuild:
    reports: int = 0
    events: int = 0
    items: Items = field(default_factory=dict)


def recompute(since: str, until: str | None = None) -> Rebuild:
    """Every statistics item recomputed from the timelines of the reports received since `since`."""
    until = until or f"{clock.now().astimezone(JAKARTA):%Y-%m}"
    totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    result = Rebuild()
    for month in months_between(since, until):
        for tracking_id in store.received_in(month):
            report = store.get(tracking_id)
            events = store.timeline(tracking_id)
            result.reports += 1
            for _, found in replay(events, report.region_code if report else None,
                                   report.category if report else None):
                result.events += 1
                for scope, kind in scopes(found):
                    for period in periods(kind, found.month):
                        bucket = totals[(scope, period)]
                        for name, value in found.counts.items():
                            bucket[name] += value
    result.items = {key: dict(values) for key, values in totals.items()}
    return result


def _same(left: dict[str, float], right: dict[str, float]) -> bool:
    names = set(left) | set(right)
    return all(math.isclose(left.get(n, 0.0), right.get(n, 0.0), abs_tol=_TOLERANCE) for n in names)


def compare(rebuilt: Items, stored: Items) -> dict[str, list[Any]]:
    """Differences between recomputed and stored items: changed values, missing and stale items."""
    changed = [{"scope": s, "month": m, "rebuilt": rebuilt[(s, m)], "stored": stored[(s, m)]}
               for (s, m) in sorted(set(rebuilt) & set(stored)) if not _same(rebuilt[(s, m)], stored[(s, m)])]
    missing = [{"scope": s, "month": m} for (s, m) in sorted(set(rebuilt) - set(stored))]
    stale = [{"scope": s, "month": m} for (s, m) in sorted(set(stored) - set(rebuilt))
             if any(v for v in stored[(s, m)].values())]
    return {"changed": changed, "missing": missing, "stale": stale}


def rebuild(since: str, write: bool = False, until: str | None = None) -> dict[str, Any]:
    """Recompute, compare with the stored counters, and with `write` replace them. `matches`
    tells whether live counting agreed with the timeline (before any write)."""
    until = until or f"{clock.now().astimezone(JAKARTA):%Y-%m}"
    result = recompute(since, until)
    months = list(months_between(since, until))
    stored = stats_store.stored_items(months)
    differences = compare(result.items, stored)
    matches = not any(differences.values())
    summary: dict[str, Any] = {"since": since, "until": until, "reports": result.reports, "events": result.events,
                               "items": len(result.items), "matches": matches,
                               **{k: len(v) for k, v in differences.items()}, "differences": differences}
    if write and not matches:
        stale = [(d["scope"], d["month"]) for d in differences["stale"]]
        stats_store.replace_all(result.items, stale)
        summary["written"] = len(result.items)
        summary["matches_after_write"] = not any(compare(result.items, stats_store.stored_items(months)).values())
    return summary


def default_since() -> str:
    today = date.today()
    return f"{today.year - 3:04d}-{today.month:02d}"
