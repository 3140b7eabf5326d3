"""Look-alike reports: open reports of the same region and topic, filed in the last 30 days, whose
text is near-identical (chalicelib.classify.similarity). Read from the sparse similar index, one
partition, never a Scan. The web form shows them before filing ("support it instead"); the router
links a report filed anyway to them so admins and the agency can group the reports.

Place counts too (issue 24): a report of the same topic pinned within NEAR_METRES is a look-alike
even when it is worded differently (two people photographing one pothole), and among look-alikes
the nearer come first. Distances are compared here only; no audience is told how far another
report's pin is (an anonim pin is public only rounded)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.classify import MAX_TEXT_CHARS, ReportTextError, classify, similarity
from chalicelib.directory.pins import distance_km
from chalicelib.store import reports as store

WINDOW_DAYS = 30
CANDIDATES = 50  # newest open reports of the partition compared; older look-alikes are rarer
MAX_LOOK_ALIKES = 3
NEAR_METRES = 300  # same topic this close: very likely the same thing on the ground
Point = tuple[float, float]


@dataclass(frozen=True)
class LookAlike:
    tracking_id: str
    title: str
    score: float
    created_at: datetime
    rahasia: bool
    near: bool = False  # pinned within NEAR_METRES


def report_text(title: str, body: str) -> str:
    return f"{title}\n{body}"


def metres_apart(a: Point | None, b: Point | None) -> float | None:
    if a is None or b is None:
        return None
    return distance_km(a[0], a[1], b[0], b[1]) * 1000


def point_of(latitude: float | None, longitude: float | None) -> Point | None:
    return (latitude, longitude) if latitude is not None and longitude is not None else None


def look_alikes(text: str, region_code: str | None, category: str | None, now: datetime, *,
                exclude: str | None = None, public_only: bool = False,
                point: Point | None = None) -> list[LookAlike]:
    """The best look-alikes first, at most MAX_LOOK_ALIKES: near-identical text, or (with `point`)
    a pin within NEAR_METRES; nearer ones first, then by text score. `public_only` leaves out
    rahasia reports (a citizen must never learn that a secret report exists)."""
    if not (region_code and category):
        return []
    found: list[tuple[float, LookAlike]] = []
    for other in store.similar_open(region_code, category, now - timedelta(days=WINDOW_DAYS), CANDIDATES):
        if other.tracking_id == exclude or (public_only and other.rahasia):
            continue
        score = similarity(text, report_text(other.title, other.body), region_a=region_code,
                           region_b=other.region_code, category_a=category, category_b=other.category)
        apart = metres_apart(point, point_of(other.latitude, other.longitude))
        near = apart is not None and apart <= NEAR_METRES
        if score.duplicate or near:
            found.append((apart if near and apart is not None else float("inf"),
                          LookAlike(other.tracking_id, other.title, score.score, other.created_at, other.rahasia,
                                    near)))
    found.sort(key=lambda pair: (pair[0], -pair[1].score, pair[1].tracking_id))
    return [item for _, item in found[:MAX_LOOK_ALIKES]]


def for_submission(title: str, body: str, region_code: str | None, category: str | None,
                   now: datetime, point: Point | None = None) -> list[LookAlike]:
    """Public look-alikes of a report about to be filed. Without a category (the reporter did
    not know), the topic the classifier is confident of stands in; otherwise nothing is compared."""
    text = report_text(title, body)
    if category is None:
        try:
            reading = classify(text[:MAX_TEXT_CHARS], region_code=region_code)
        except ReportTextError:
            return []
        category = reading.category if reading.confident else None
    return look_alikes(text, region_code, category, now, public_only=True, point=point)
