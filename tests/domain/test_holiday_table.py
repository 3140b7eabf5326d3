"""The generated holiday table says exactly what PyPI `holidays` says, for every year it covers;
outside those years the calendar still asks the library."""
from __future__ import annotations

from datetime import date

from chalicelib.domain import calendar


def test_table_matches_the_library_for_every_covered_year() -> None:
    covered, days = calendar._holiday_table()
    assert covered.start <= date.today().year < covered.stop - 5  # regenerate well before it runs out
    for year in covered:
        table_days = {day for day in days if day.year == year}
        assert table_days == set(calendar.official_holidays(year)), year


def test_years_outside_the_table_come_from_the_library() -> None:
    covered, _ = calendar._holiday_table()
    later = covered.stop + 3
    assert calendar._holidays_of(later) == frozenset(calendar.official_holidays(later))
    assert date(later, 8, 17) in calendar._holidays_of(later)  # Independence Day
    assert not calendar.is_working_day(date(later, 8, 17))
