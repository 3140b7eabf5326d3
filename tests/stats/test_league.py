"""League table rules: Wilson interval, minimum sample, lower-bound order, grades."""
import pytest

from chalicelib.stats import figures
from chalicelib.stats.figures import (
    FAIR,
    GOOD,
    MIN_SAMPLE,
    POOR,
    UNRATED,
    grade,
    league,
    wilson,
)


def test_wilson_matches_known_values():
    low, high = wilson(1, 1)
    assert low == pytest.approx(0.2065, abs=1e-3) and high == 1.0
    low, high = wilson(81, 100)
    assert low == pytest.approx(0.7222, abs=1e-3) and high == pytest.approx(0.8748, abs=1e-3)
    assert wilson(0, 0) is None


def counts(on_time: int, late: int) -> dict[str, float]:
    return {"followed_up_on_time": on_time, "followed_up_late": late}


def test_one_report_on_time_is_not_first_and_order_is_by_lower_bound():
    rows = league([("agency#lucky", counts(1, 0)), ("agency#steady", counts(95, 5)),
                   ("agency#small", counts(10, 0)), ("agency#slow", counts(30, 30))])
    assert [r["id"] for r in rows] == ["steady", "small", "slow", "lucky"]
    assert [r["rank"] for r in rows] == [1, 2, 3, None]
    assert rows[0]["grade"] == GOOD and rows[-1]["grade"] == UNRATED
    assert rows[1]["lower_bound"] < rows[0]["lower_bound"] and rows[1]["rate"] == 1.0


@pytest.mark.parametrize("on_time, late, expected", [
    (95, 5, GOOD), (80, 20, FAIR), (40, 60, POOR), (MIN_SAMPLE - 1, 0, UNRATED),
])
def test_grades_from_the_lower_bound(on_time, late, expected):
    assert grade(on_time, on_time + late) == expected


def test_figures_of_nothing_are_zero_and_null():
    empty = figures.figures({})
    assert empty["received"] == 0 and empty["follow_up"]["rate"] is None
    assert empty["time_to_first_follow_up"]["median"] is None and empty["closed"]["confirmed_share"] is None
