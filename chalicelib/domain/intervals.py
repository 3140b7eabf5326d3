"""How sure a share is: the Wilson score interval, used wherever a rate is judged on few cases (the
league table's grades, chalicelib/stats/figures.py; the route-reliability gate, chalicelib/routing/
reliability.py). Pure arithmetic."""
from __future__ import annotations

import math

Z_95 = 1.959964  # two-sided 95% normal quantile


def wilson(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (None without a sample)."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
