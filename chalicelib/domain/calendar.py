"""Indonesian working days in the Asia/Jakarta business timezone.

A working day is Monday-Friday that is neither a national holiday nor collective leave
(cuti bersama). Holidays come from PyPI `holidays` (public and government categories), read from
`data/holidays_id.csv` for the years it covers (generated from the library by
`python -m laportools.holiday_table`, so cold starts skip the lunar calendars); extra days come
from `data/cuti_bersama.csv`, which operators extend without a code change.

Deadlines are the end (23:59:59 Jakarta) of the n-th working day after the day an event happened,
so a report filed on Saturday night starts counting on Monday.
"""
from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from chalicelib.settings import settings

JAKARTA = ZoneInfo("Asia/Jakarta")
_DATA = Path(__file__).resolve().parent.parent / "data"
_DEFAULT_EXTRA_DAYS = _DATA / "cuti_bersama.csv"
HOLIDAY_TABLE = _DATA / "holidays_id.csv"
_END_OF_DAY = time(23, 59, 59)


def _extra_days_file() -> Path:
    return settings().extra_non_working_days or _DEFAULT_EXTRA_DAYS


@lru_cache(maxsize=1)
def extra_non_working_days() -> frozenset[date]:
    """Days from the operator's data file (comment lines start with '#')."""
    lines = _extra_days_file().read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    return frozenset(date.fromisoformat(row["date"].strip()) for row in rows)


def official_holidays(year: int) -> dict[date, str]:
    """The library's answer: national public and government holidays of `year`, with names."""
    import holidays  # the table below answers for the years it covers

    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government")).items())


@lru_cache(maxsize=1)
def _holiday_table() -> tuple[range, frozenset[date]]:
    """(years covered, their holidays) from the generated table."""
    lines = HOLIDAY_TABLE.read_text(encoding="utf-8").splitlines()
    first, last = lines[0].rsplit("years: ", 1)[1].split("-")
    days = frozenset(date.fromisoformat(row["date"]) for row in csv.DictReader(lines[1:]))
    return range(int(first), int(last) + 1), days


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    covered, days = _holiday_table()
    if year in covered:
        return frozenset(day for day in days if day.year == year)
    return frozenset(official_holidays(year))


def is_working_day(day: date) -> bool:
    return (
        day.weekday() < 5
        and day not in _holidays_of(day.year)
        and day not in extra_non_working_days()
    )


def local_date(moment: datetime) -> date:
    """The calendar date in Jakarta of an aware datetime (a naive one would silently be read in
    the server's own timezone, so it is refused)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required (the business timezone is Asia/Jakarta)")
    return moment.astimezone(JAKARTA).date()


def add_working_days(start: datetime, days: int) -> datetime:
    """The deadline `days` working days after `start`: end of that day, Jakarta time, as UTC."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day = local_date(start)
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.combine(day, _END_OF_DAY, tzinfo=JAKARTA).astimezone(UTC)


def working_days_between(start: datetime, end: datetime) -> int:
    """How many working days lie after `start`'s date up to and including `end`'s date; negative
    (the same count, after `end`'s date up to `start`'s) when `end` is earlier."""
    first, last = local_date(start), local_date(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count, day = 0, first
    while day < last:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


def end_of_calendar_day(start: datetime, days: int) -> datetime:
    """The end (23:59:59 Jakarta) of the `days`-th calendar day after `start`'s date, as UTC."""
    day = local_date(start) + timedelta(days=days)
    return datetime.combine(day, _END_OF_DAY, tzinfo=JAKARTA).astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    """The one timestamp format that leaves the system: Jakarta time with an explicit offset,
    to the second (API bodies, webhooks, pages, timeline details)."""
    return moment.astimezone(JAKARTA).isoformat(timespec="seconds") if moment else None
