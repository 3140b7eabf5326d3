"""Read side of the statistics for the API and the pages: which scope a query names, its figures
with names attached, and league tables. Reads by key and index only (store.stats)."""
from __future__ import annotations

import re
from typing import Any

from chalicelib.directory import catalogue
from chalicelib.domain.errors import DomainError
from chalicelib.domain.measures import ALL_MONTHS, LEAGUE_KINDS, scope_for
from chalicelib.stats import figures as calc
from chalicelib.store import directory as agencies
from chalicelib.store import stats as stats_store

_MONTH = re.compile(r"20\d\d-(0[1-9]|1[0-2])")


class InvalidStatsQuery(DomainError):
    """A query parameter names no month, agency, region, category or league kind we know."""

    code = "invalid_query"


def check_month(month: str | None) -> str:
    if not month:
        return ALL_MONTHS
    if not _MONTH.fullmatch(month):
        raise InvalidStatsQuery(field="month")
    return month


def scope_name(scope: str, lang: str) -> str:
    kind, _, rest = scope.partition("#")
    if kind == "agency":
        return (agencies.agency_summary(rest, lang) or {}).get("name", rest)
    if kind in ("province", "regency"):
        region = catalogue.region(rest)
        return region.name if region else rest
    if kind == "category":
        found = catalogue.category(rest)
        return found.name(lang) if found else rest
    return rest


def scope_figures(agency: str | None, region: str | None, month: str | None, lang: str,
                  category: str | None = None) -> dict[str, Any]:
    """Figures of one scope (the country, an agency, a region, an agency in a region or a category)
    for one month or all time, with its month-by-month series."""
    period = check_month(month)
    if agency and agencies.get_agency(agency) is None:
        raise InvalidStatsQuery(field="agency")
    if region and catalogue.region(region) is None:
        raise InvalidStatsQuery(field="region")
    if category and catalogue.category(category) is None:
        raise InvalidStatsQuery(field="category")
    scope = scope_for(agency, region, None if (agency or region) else category)
    series = stats_store.months_of(scope)
    return {
        "scope": {
            "agency": agencies.agency_summary(agency, lang) if agency else None,
            "region": {"code": region, "name": scope_name(f"regency#{region}", lang)} if region else None,
            "category": {"code": category, "name": scope_name(f"category#{category}", lang)}
            if category and not (agency or region) else None,
        },
        "month": None if period == ALL_MONTHS else period,
        "figures": calc.figures(series.get(period, {})),
        "months": calc.monthly(series),
    }


def league_table(kind: str, month: str | None, lang: str) -> dict[str, Any]:
    if kind not in LEAGUE_KINDS:
        raise InvalidStatsQuery(field="kind")
    period = check_month(month)
    rows = calc.league(stats_store.league(kind, period))
    for row in rows:
        row["name"] = scope_name(row["scope"], lang)
    return {
        "kind": kind, "month": None if period == ALL_MONTHS else period,
        "min_sample": calc.MIN_SAMPLE, "confidence": 0.95,
        "grade_thresholds": {"GOOD": calc.GRADE_THRESHOLDS[calc.GOOD], "FAIR": calc.GRADE_THRESHOLDS[calc.FAIR]},
        "items": rows,
    }
