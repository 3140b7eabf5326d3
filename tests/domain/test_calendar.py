"""The working-day calendar against known dates (Idul Fitri and cuti bersama weeks 2025/2026,
Christmas and year boundaries, reports filed on a Saturday night Jakarta time)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from chalicelib.domain import calendar
from chalicelib.domain.calendar import (
    JAKARTA,
    add_working_days,
    end_of_calendar_day,
    is_working_day,
    local_date,
    working_days_between,
)
from tests.fixtures.settings import Env


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=JAKARTA).astimezone(UTC)


@pytest.mark.parametrize("day", [
    date(2025, 3, 28), date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3),
    date(2025, 4, 4), date(2025, 4, 7),  # Nyepi and Idul Fitri 1446 H with cuti bersama
    date(2026, 3, 18), date(2026, 3, 19), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24),
    date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1), date(2026, 12, 24), date(2026, 12, 25),
    date(2024, 2, 14),  # election day, only in the operator's data file
])
def test_holidays_and_collective_leave_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 4, 8), date(2026, 3, 25), date(2025, 12, 29), date(2026, 1, 2)])
def test_ordinary_weekdays_are_working_days(day: date) -> None:
    assert is_working_day(day)


def test_verification_across_idul_fitri_2025() -> None:
    # Thursday before Nyepi: Mar 28 - Apr 7 has no working day at all.
    assert add_working_days(wib(2025, 3, 27, 10, 0), 3) == end_of(date(2025, 4, 10))


def test_follow_up_across_idul_fitri_2026() -> None:
    assert add_working_days(wib(2026, 3, 17, 9, 0), 5) == end_of(date(2026, 3, 31))


def test_reply_window_across_christmas_and_new_year() -> None:
    filed = wib(2025, 12, 24, 14, 0)
    assert add_working_days(filed, 3) == end_of(date(2025, 12, 31))
    assert add_working_days(filed, 5) == end_of(date(2026, 1, 5))
    assert add_working_days(filed, 10) == end_of(date(2026, 1, 12))


def test_new_year_counts_from_the_jakarta_date_not_utc() -> None:
    # 18:00 UTC on Dec 31 is already 01:00 on New Year's Day in Jakarta.
    filed = datetime(2025, 12, 31, 18, 0, tzinfo=UTC)
    assert local_date(filed) == date(2026, 1, 1)
    assert add_working_days(filed, 3) == end_of(date(2026, 1, 6))


def test_saturday_night_report_starts_counting_on_monday() -> None:
    filed = wib(2026, 1, 10, 23, 30)  # Saturday night, Jakarta
    assert add_working_days(filed, 1) == end_of(date(2026, 1, 12))
    assert add_working_days(filed, 3) == end_of(date(2026, 1, 14))
    # Friday 23:30 UTC is already Saturday morning in Jakarta: same result.
    assert add_working_days(datetime(2026, 1, 9, 23, 30, tzinfo=UTC), 3) == end_of(date(2026, 1, 14))
    # ...whereas Friday 16:00 UTC is still Friday evening in Jakarta: Monday is day 1 as well.
    assert add_working_days(datetime(2026, 1, 9, 16, 0, tzinfo=UTC), 1) == end_of(date(2026, 1, 12))


def test_deadline_is_end_of_day_jakarta_in_utc() -> None:
    deadline = add_working_days(wib(2026, 2, 2, 8, 0), 1)
    assert deadline.tzinfo == UTC
    assert deadline == datetime(2026, 2, 3, 16, 59, 59, tzinfo=UTC)


def test_working_days_between_counts_and_is_signed() -> None:
    start, end = wib(2025, 3, 27, 10, 0), wib(2025, 4, 10, 9, 0)
    assert working_days_between(start, end) == 3
    assert working_days_between(end, start) == -3
    assert working_days_between(start, start) == 0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 1, 5, 9, 0), 1)
    with pytest.raises(ValueError):
        add_working_days(wib(2026, 1, 5, 9, 0), 0)


def test_calendar_days_for_the_ombudsman_referral() -> None:
    assert end_of_calendar_day(wib(2026, 1, 10, 23, 30), 60) == end_of(date(2026, 3, 11))


def test_operators_extend_collective_leave_without_code_change(tmp_path: Path, env: Env) -> None:
    extra = tmp_path / "cuti.csv"
    extra.write_text("# comment\ndate,description\n2026-02-04,Cuti bersama tambahan\n", encoding="utf-8")
    env.set("LAPOR_EXTRA_NON_WORKING_DAYS", str(extra))
    calendar.extra_non_working_days.cache_clear()
    try:
        assert not is_working_day(date(2026, 2, 4))
        assert add_working_days(wib(2026, 2, 3, 9, 0), 1) == end_of(date(2026, 2, 5))
    finally:
        env.unset("LAPOR_EXTRA_NON_WORKING_DAYS")
        calendar.extra_non_working_days.cache_clear()
    assert is_working_day(date(2026, 2, 4))


def test_default_data_file_is_used_when_not_overridden() -> None:
    assert date(2024, 11, 27) in calendar.extra_non_working_days()
