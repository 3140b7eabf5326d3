"""Look-alike reports: open reports of the same region and topic, filed in the last 30 days, whose
text is near-identical (chalicelib.classify.similarity). Read from the sparse similar index, one
partition, never a Scan. The web form shows them before filing ("support it instead"); the router
links a report filed anyway to them so admins and the agency can group the reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from chalicelib.classify import MAX_TEXT_CHARS, ReportTextError, classify, similarity
from chalicelib.store import reports as store

WINDOW_DAYS = 30
CANDIDATES = 50  # newest open reports of the partition compared; older look-alikes are rarer
MAX_LOOK_ALIKES = 3


@dataclass(frozen=True)
class LookAlike:
    tracking_id: str
    title: str
    score: float
    created_at: datetime
    rahasia: bool


def report_text(title: str, body: str) -> str:
    return f"{title}\n{body}"


def look_alikes(text: str, region_code: Optional[str], category: Optional[str], now: datetime, *,
                exclude: Optional[str] = None, public_only: bool = False) -> list[LookAlike]:
    """The best look-alikes first, at most MAX_LOOK_ALIKES. `public_only` leaves out rahasia
    reports (a citizen must never learn that a secret report exists)."""
    if not (region_code and category):
        return []
    found = []
    for other in store.similar_open(region_code, category, now - timedelta(days=WINDOW_DAYS), CANDIDATES):
        if other.tracking_id == exclude or (public_only and other.rahasia):
            continue
        score = similarity(text, report_text(other.title, other.body), region_a=region_code,
                           region_b=other.region_code, category_a=category, category_b=other.category)
        if score.duplicate:
            found.append(LookAlike(other.tracking_id, other.title, score.score, other.created_at, other.rahasia))
    found.sort(key=lambda item: (-item.score, item.tracking_id))
    return found[:MAX_LOOK_ALIKES]


def for_submission(title: str, body: str, region_code: Optional[str], category: Optional[str],
                   now: datetime) -> list[LookAlike]:
    """Public look-alikes of a report about to be filed. Without a category (the reporter did
    not know), the topic the classifier is confident of stands in; otherwise nothing is compared."""
    text = report_text(title, body)
    if category is None:
        try:
            reading = classify(text[:MAX_TEXT_CHARS], region_code=region_code)
        except ReportTextError:
            return []
        category = reading.category if reading.confident else None
    return look_alikes(text, region_code, category, now, public_only=True)
