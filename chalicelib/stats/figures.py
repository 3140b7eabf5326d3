"""Figures people read, derived from stored counters, and the league table. Pure: no AWS here.

Definitions (also in the README's "Statistics" section):
- on-time follow-up rate = followed up on time / (on time + late); late includes obligations the
  sweep escalated unanswered. Its 95% Wilson score interval says how sure the rate is.
- league tables rank only scopes with at least MIN_SAMPLE judged obligations, by the interval's
  LOWER bound (an agency with one report answered on time has a lower bound near 0.21, so it is not
  first); grades come from the same lower bound (GRADE_THRESHOLDS).
- medians and 90th percentiles are read from fixed buckets: "at most N working hours" is the upper
  bound of the bucket that holds the quantile.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from chalicelib.domain.intervals import Z_95 as Z_95
from chalicelib.domain.intervals import wilson as wilson
from chalicelib.domain.measures import BUCKETS_HOURS, bucket_names

MIN_SAMPLE = 10  # judged follow-up obligations before a scope is ranked or graded
GOOD, FAIR, POOR, UNRATED = "GOOD", "FAIR", "POOR", "UNRATED"
GRADE_THRESHOLDS = {GOOD: 0.80, FAIR: 0.60}  # minimum Wilson lower bound; below FAIR is POOR


def grade(successes: int, total: int) -> str:
    interval = wilson(successes, total)
    if interval is None or total < MIN_SAMPLE:
        return UNRATED
    lower = interval[0]
    if lower >= GRADE_THRESHOLDS[GOOD]:
        return GOOD
    return FAIR if lower >= GRADE_THRESHOLDS[FAIR] else POOR


def _int(counts: dict[str, float], name: str) -> int:
    return int(counts.get(name, 0))


def quantile(counts: dict[str, float], histogram: str, q: float) -> dict[str, int] | None:
    """The bucket holding the q-quantile: {"at_most_hours": N} or {"more_than_hours": last}."""
    buckets = [_int(counts, name) for name in bucket_names(histogram)]
    total = sum(buckets)
    if not total:
        return None
    needed = math.ceil(q * total)
    running = 0
    for index, value in enumerate(buckets):
        running += value
        if running >= needed:
            if index < len(BUCKETS_HOURS):
                return {"at_most_hours": BUCKETS_HOURS[index]}
            break
    return {"more_than_hours": BUCKETS_HOURS[-1]}


def histogram(counts: dict[str, float], name: str) -> list[dict[str, int]]:
    out = []
    for index, bucket in enumerate(bucket_names(name)):
        bound = {"at_most_hours": BUCKETS_HOURS[index]} if index < len(BUCKETS_HOURS) \
            else {"more_than_hours": BUCKETS_HOURS[-1]}
        out.append({**bound, "count": _int(counts, bucket)})
    return out


def _duration(counts: dict[str, float], name: str) -> dict[str, Any]:
    count = _int(counts, f"{name}_count")
    total = counts.get(f"{name}_hours_sum", 0.0)
    return {"count": count, "mean_hours": round(total / count, 1) if count else None,
            "median": quantile(counts, name, 0.5), "p90": quantile(counts, name, 0.9),
            "histogram": histogram(counts, name)}


def on_time(counts: dict[str, float]) -> dict[str, Any]:
    good, late = _int(counts, "followed_up_on_time"), _int(counts, "followed_up_late")
    judged = good + late
    interval = wilson(good, judged)
    return {"on_time": good, "late": late, "judged": judged,
            "rate": round(good / judged, 4) if judged else None,
            "ci95": [round(interval[0], 4), round(interval[1], 4)] if interval else None,
            "grade": grade(good, judged)}


def figures(counts: dict[str, float]) -> dict[str, Any]:
    """Every published figure of one scope and period."""
    confirmed, timed_out = _int(counts, "closed_confirmed"), _int(counts, "closed_timed_out")
    ratings = _int(counts, "rating_count")
    return {
        "received": _int(counts, "received"),
        "assigned": _int(counts, "assigned"),
        "dispositioned": _int(counts, "dispositioned"),
        "time_to_disposition": _duration(counts, "disposition"),
        "follow_up": on_time(counts),
        "time_to_first_follow_up": _duration(counts, "first_follow_up"),
        "closed": {"confirmed": confirmed, "timed_out": timed_out, "reopened": _int(counts, "reopened"),
                   "confirmed_share": round(confirmed / (confirmed + timed_out), 4) if confirmed + timed_out else None},
        "ombudsman_referrals": _int(counts, "ombudsman_referrals"),
        "archived": _int(counts, "archived"),
        "escalated": _int(counts, "escalated"),
        "rating": {"average": round(counts.get("rating_sum", 0) / ratings, 2) if ratings else None,
                   "count": ratings},
    }


def monthly(series: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """The month-by-month counts of a scope, oldest first (for charts)."""
    rows = []
    for month in sorted(m for m in series if m != "ALL"):
        counts = series[month]
        rows.append({"month": month, "received": _int(counts, "received"),
                     "closed_confirmed": _int(counts, "closed_confirmed"),
                     "closed_timed_out": _int(counts, "closed_timed_out"),
                     "followed_up_on_time": _int(counts, "followed_up_on_time"),
                     "followed_up_late": _int(counts, "followed_up_late")})
    return rows


def league(items: Iterable[tuple[str, dict[str, float]]]) -> list[dict[str, Any]]:
    """League rows: ranked scopes (enough sample) by the on-time rate's Wilson lower bound, then
    by sample size; unranked ones after, by sample size."""
    rows = []
    for scope, counts in items:
        result = on_time(counts)
        lower = result["ci95"][0] if result["ci95"] else None
        rows.append({"scope": scope, "id": scope.split("#", 1)[1], **result, "lower_bound": lower,
                     "received": _int(counts, "received"), "assigned": _int(counts, "assigned"),
                     "closed_confirmed": _int(counts, "closed_confirmed"),
                     "closed_timed_out": _int(counts, "closed_timed_out")})
    ranked = sorted((r for r in rows if r["judged"] >= MIN_SAMPLE),
                    key=lambda r: (-r["lower_bound"], -r["judged"], r["id"]))
    unranked = sorted((r for r in rows if r["judged"] < MIN_SAMPLE), key=lambda r: (-r["judged"], r["id"]))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    for row in unranked:
        row["rank"] = None
    return ranked + unranked
