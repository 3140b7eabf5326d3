"""Duplicates near each other (issue 24): a report of the same topic pinned within a few hundred
metres is a look-alike even when worded differently; far away, only near-identical text counts;
the nearer come first; rahasia reports never in a citizen's notice."""
from __future__ import annotations

from typing import Any

from chalicelib.reports import similar
from chalicelib.shared import clock

SPOT = (-6.2001, 106.8166)  # Jakarta (31.71)
ELSEWHERE_TEXT = ("Lampu jalan padam", "Lampu penerangan jalan di gang kami sudah mati tiga malam berturut-turut.")


def test_a_differently_worded_report_pinned_nearby_is_a_look_alike(submit: Any) -> None:
    near = submit(region_code="31.71", category="jalan_rusak", latitude=SPOT[0] + 0.001, longitude=SPOT[1])  # ~110 m
    far = submit(region_code="31.71", category="jalan_rusak", latitude=SPOT[0] + 0.02, longitude=SPOT[1])  # ~2.2 km
    secret = submit(region_code="31.71", category="jalan_rusak", rahasia=True, latitude=SPOT[0], longitude=SPOT[1])
    title, body = ELSEWHERE_TEXT  # worded nothing like the reports above
    found = similar.for_submission(title, body, "31.71", "jalan_rusak", clock.now(), SPOT)
    ids = [f.tracking_id for f in found]
    assert near["tracking_id"] in ids and far["tracking_id"] not in ids
    assert secret["tracking_id"] not in ids  # a citizen never learns a secret report exists
    assert next(f for f in found if f.tracking_id == near["tracking_id"]).near
    # Without a pin, the same words find nothing: it was the distance that matched.
    assert near["tracking_id"] not in [f.tracking_id for f in
                                       similar.for_submission(title, body, "31.71", "jalan_rusak", clock.now())]


def test_metres_apart_is_the_great_circle_distance() -> None:
    assert round(similar.metres_apart((0.0, 0.0), (0.0, 0.001))) == 111
    assert similar.metres_apart(None, SPOT) is None
