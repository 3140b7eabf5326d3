"""Properties of the working-day calendar (Hypothesis)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.deadlines.policy import warning_horizon
from chalicelib.domain.calendar import (
    JAKARTA,
    add_working_days,
    is_working_day,
    local_date,
    working_days_between,
)

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 1),
                       timezones=st.just(UTC))
days = st.integers(min_value=1, max_value=40)


@settings(max_examples=300, deadline=None)
@given(moments, days)
def test_a_deadline_is_never_on_a_non_working_day(start: datetime, n: int) -> None:
    deadline = add_working_days(start, n)
    assert is_working_day(local_date(deadline))
    assert deadline.astimezone(JAKARTA).time().isoformat() == "23:59:59"
    assert deadline > start


@settings(max_examples=300, deadline=None)
@given(moments, days)
def test_adding_n_working_days_then_counting_back_gives_n(start: datetime, n: int) -> None:
    deadline = add_working_days(start, n)
    assert working_days_between(start, deadline) == n
    assert working_days_between(deadline, start) == -n


@settings(max_examples=200, deadline=None)
@given(moments, days, days)
def test_more_working_days_means_a_later_deadline(start: datetime, n: int, m: int) -> None:
    if n < m:
        assert add_working_days(start, n) < add_working_days(start, m)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=3))
def test_warning_horizon_is_exactly_the_warning_window(now: datetime, ahead: int, window: int) -> None:
    # Any end-of-day deadline (even one on a day that later became a holiday).
    day = local_date(now) + timedelta(days=ahead)
    deadline = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=JAKARTA).astimezone(UTC)
    assert (deadline <= warning_horizon(now, window)) == (working_days_between(now, deadline) <= window)
