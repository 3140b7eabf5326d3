"""What each timeline event adds to the public statistics. Pure: no AWS here.

The stream consumer (stats/consumer.py) and the rebuild (laportools/ops/stats.py) both call
`contributions(earlier, event)` for each event with the events before it, so live counters and a
recomputation from the timeline can only agree. Figures are attributed to the month (Asia/Jakarta)
in which the event happened; the README's "Statistics" section defines every figure.

Durations are measured in working hours: hours elapsed on working days only (a working day
counts its full 24 hours; weekends, national holidays and cuti bersama count nothing), so a
5-working-day deadline is 120 working hours. Medians and 90th percentiles come from fixed
histogram buckets (BUCKETS_HOURS), which add up exactly under concurrent updates.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalicelib.domain.calendar import JAKARTA, is_working_day
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Status
from chalicelib.domain.timeline import TimelineEvent

# Upper bounds (working hours) of the duration buckets; a last, open bucket holds the rest.
BUCKETS_HOURS: tuple[int, ...] = (1, 2, 4, 8, 24, 48, 72, 96, 120, 168, 240, 360, 480)
HISTOGRAMS = ("disposition", "first_follow_up")  # durations kept as histograms (+ a sum in hours)
COUNTERS: tuple[str, ...] = (
    "received",            # reports received (SUBMIT)
    "assigned",            # reports dispositioned or forwarded to the agency (agency scopes)
    "dispositioned",       # reports dispositioned for the first time
    "followed_up_on_time", # follow-up obligations answered by their deadline
    "followed_up_late",    # ... answered after it, or escalated unanswered (counted once)
    "closed_confirmed",    # SELESAI because the reporter confirmed it was solved
    "closed_timed_out",    # SELESAI because the reply window passed
    "reopened",            # timeout closures the reporter reopened
    "ombudsman_referrals", # referred to the Ombudsman
    "archived",            # archived (unclear, not public service, duplicate, spam)
    "escalated",           # missed deadlines the sweep escalated
    "rating_sum",          # sum of ratings (1-5)
    "rating_count",        # number of ratings
)
# Events that open a follow-up obligation: the report (re)enters DITERUSKAN with a new deadline.
_OBLIGATION_STARTS = frozenset({Action.DISPOSITION, Action.FORWARD, Action.REPLY, Action.CLARIFY, Action.REOPEN})


def bucket_names(histogram: str) -> list[str]:
    return [f"{histogram}_b{i:02d}" for i in range(len(BUCKETS_HOURS) + 1)]


def all_fields() -> list[str]:
    """Every numeric field a statistics item may carry (the table's attributes)."""
    names = list(COUNTERS)
    for histogram in HISTOGRAMS:
        names += [f"{histogram}_hours_sum", f"{histogram}_count", *bucket_names(histogram)]
    return names


def bucket_of(hours: float) -> int:
    for index, bound in enumerate(BUCKETS_HOURS):
        if hours <= bound:
            return index
    return len(BUCKETS_HOURS)


def working_hours_between(start: datetime, end: datetime) -> float:
    """Hours from `start` to `end` that fall on working days (Jakarta dates)."""
    if end <= start:
        return 0.0
    total = 0.0
    cursor = start.astimezone(JAKARTA)
    finish = end.astimezone(JAKARTA)
    while cursor < finish:
        next_midnight = (cursor + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        segment_end = min(next_midnight, finish)
        if is_working_day(cursor.date()):
            total += (segment_end - cursor).total_seconds() / 3600
        cursor = segment_end
    return round(total, 3)


def month_of(moment: datetime) -> str:
    return f"{moment.astimezone(JAKARTA):%Y-%m}"


@dataclass
class Contribution:
    """What one event adds: counters by name, and which scopes it counts in."""

    month: str
    counts: dict[str, float] = field(default_factory=dict)
    agency_id: str | None = None
    region_code: str | None = None
    category: str | None = None

    def add(self, name: str, value: float = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + value

    def duration(self, histogram: str, hours: float) -> None:
        self.add(f"{histogram}_hours_sum", round(hours, 3))
        self.add(f"{histogram}_count")
        self.add(bucket_names(histogram)[bucket_of(hours)])


def _obligation_start(earlier: Sequence[TimelineEvent]) -> TimelineEvent | None:
    for event in reversed(earlier):
        if event.action in _OBLIGATION_STARTS and event.to_status is Status.DITERUSKAN:
            return event
    return None


def _judged_since(earlier: Sequence[TimelineEvent], start: TimelineEvent) -> bool:
    """Whether the obligation begun at `start` was already judged late (escalated unanswered)."""
    return any(e.seq > start.seq and _is_follow_up_escalation(e) for e in earlier)


def _is_follow_up_escalation(event: TimelineEvent) -> bool:
    return (event.action is Action.ESCALATE and event.from_status is Status.DITERUSKAN
            and event.details.get("deadline_kind") == "FOLLOW_UP")


def contributions(earlier: Sequence[TimelineEvent], event: TimelineEvent,
                  region_code: str | None = None, category: str | None = None) -> Contribution | None:
    """What `event` adds, given every earlier event of its report (in seq order). None when it
    adds nothing. `region_code`/`category` are the fallback for events stored before the timeline
    carried them."""
    out = Contribution(month=month_of(event.at), agency_id=event.agency_id,
                       region_code=event.region_code or region_code, category=event.category or category)
    action = event.action
    if action is Action.SUBMIT:
        out.add("received")
    if action in (Action.DISPOSITION, Action.FORWARD) and event.agency_id:
        out.add("assigned")
    if action is Action.DISPOSITION and not any(e.action is Action.DISPOSITION for e in earlier):
        out.add("dispositioned")
        submitted = next((e.at for e in earlier if e.action is Action.SUBMIT), None)
        if submitted is not None:
            out.duration("disposition", working_hours_between(submitted, event.at))
    if action is Action.FOLLOW_UP or _is_follow_up_escalation(event):
        _judge(earlier, event, out)
    if action is Action.FOLLOW_UP and not any(e.action is Action.FOLLOW_UP for e in earlier):
        start = _obligation_start(earlier)
        if start is not None:
            out.duration("first_follow_up", working_hours_between(start.at, event.at))
    simple = {Action.CONFIRM: "closed_confirmed", Action.AUTO_CLOSE: "closed_timed_out", Action.REOPEN: "reopened",
              Action.REFER_OMBUDSMAN: "ombudsman_referrals", Action.ARCHIVE: "archived", Action.ESCALATE: "escalated"}
    if action in simple:
        out.add(simple[action])
    if action is Action.RATE and isinstance(event.details.get("score"), (int, float)):
        out.add("rating_sum", int(event.details["score"]))
        out.add("rating_count")
    return out if out.counts else None


def _judge(earlier: Sequence[TimelineEvent], event: TimelineEvent, out: Contribution) -> None:
    """A follow-up obligation is judged once: on time when the follow-up comes by the deadline the
    obligation started with; late when it comes after, or when the sweep escalates it unanswered
    (a follow-up after that escalation is not counted again)."""
    start = _obligation_start(earlier)
    if start is None or start.deadline is None or _judged_since(earlier, start):
        return
    if event.action is Action.ESCALATE or event.at > start.deadline:
        out.add("followed_up_late")
    else:
        out.add("followed_up_on_time")


def replay(events: Iterable[TimelineEvent], region_code: str | None = None,
           category: str | None = None) -> list[tuple[TimelineEvent, Contribution]]:
    """Every event's contribution over one report's whole timeline (the rebuild's path)."""
    ordered = sorted(events, key=lambda e: e.seq)
    out = []
    for index, event in enumerate(ordered):
        found = contributions(ordered[:index], event, region_code, category)
        if found is not None:
            out.append((event, found))
    return out


ALL_MONTHS = "ALL"
LEAGUE_KINDS = ("agency", "province", "regency", "category")  # what a league table can rank
ALL_KINDS = ("national", *LEAGUE_KINDS, "agency_region")
# Kinds whose all-time figures are the sum of their months rather than an item of their own:
# nothing ranks them in a league table, so every reader of their all-time figures reads the
# scope's whole partition (every month) anyway, and an `ALL` item would only be one more counter
# updated by each event (3 of a disposition's 14 statistics writes) for figures the months give.
SUMMED_KINDS = frozenset({"national", "agency_region"})


def periods(kind: str, month: str) -> tuple[str, ...]:
    """The stored periods an event of `month` counts in for a scope of `kind`: its month, and all
    time unless that kind's all-time figures are summed from the months when read."""
    return (month,) if kind in SUMMED_KINDS else (month, ALL_MONTHS)


def scopes(found: Contribution) -> list[tuple[str, str]]:
    """The (scope, kind) pairs a contribution counts in: the whole country, its agency, province,
    regency and category, and the agency within its province and regency (for
    `?agency=&region=`). Every stored item is findable by its kind and month (league index)."""
    out: list[tuple[str, str]] = [("national", "national")]
    regions: list[str] = []
    if found.region_code:
        province = found.region_code.split(".", 1)[0]
        out.append((f"province#{province}", "province"))
        regions.append(province)
        if found.region_code != province:
            out.append((f"regency#{found.region_code}", "regency"))
            regions.append(found.region_code)
    if found.agency_id:
        out.append((f"agency#{found.agency_id}", "agency"))
        out += [(f"agency_region#{found.agency_id}#{code}", "agency_region") for code in regions]
    if found.category:
        out.append((f"category#{found.category}", "category"))
    return out


def kind_of(scope: str) -> str:
    return scope.split("#", 1)[0]


def scope_for(agency: str | None, region: str | None, category: str | None = None) -> str:
    """The stored scope that answers a query by agency and/or region (or category)."""
    if agency and region:
        return f"agency_region#{agency}#{region}"
    if agency:
        return f"agency#{agency}"
    if region:
        return f"regency#{region}" if "." in region else f"province#{region}"
    if category:
        return f"category#{category}"
    return "national"
