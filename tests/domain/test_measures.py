"""What each timeline event adds to the statistics (pure): durations in working hours, on-time
judgement counted once, confirmed and timed-out closures apart."""
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.measures import (
    BUCKETS_HOURS,
    bucket_of,
    contributions,
    replay,
    scope_for,
    scopes,
    working_hours_between,
)
from chalicelib.domain.model import Actor, Role, Status
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.stats import figures

MONDAY = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB
AGENCY = "dinas-62.01-public_works"


class Story:
    """Builds one report's timeline the way reports.perform numbers it."""

    def __init__(self) -> None:
        self.events: list[TimelineEvent] = []
        self.status = None

    def add(self, action: Action, at: datetime, to: Status, role: Role = Role.SYSTEM, deadline_kind=None,
            **details) -> "Story":
        deadline = lifecycle.deadline_for(deadline_kind, at) if deadline_kind else None
        self.events.append(TimelineEvent(
            seq=len(self.events) + 1, at=at, action=action, actor=Actor(role, "x"), from_status=self.status,
            to_status=to, agency_id=AGENCY if action is not Action.SUBMIT else None, deadline=deadline,
            details=details, region_code="62.01", category="jalan_rusak"))
        self.status = to
        return self

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for _, found in replay(self.events):
            for name, value in found.counts.items():
                out[name] = out.get(name, 0) + value
        return out


def test_working_hours_skip_weekends_and_holidays():
    friday = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)  # Friday 17:00 WIB
    assert working_hours_between(friday, friday + timedelta(days=3)) == 24.0  # 7 h Fri + 17 h Mon
    # 11 March 2024 (Nyepi) is a national holiday: Sunday to Tuesday 00:00 is no working time.
    sunday = datetime(2024, 3, 9, 17, 0, tzinfo=UTC)  # Sunday 00:00 WIB
    assert working_hours_between(sunday, sunday + timedelta(days=2)) == 0.0
    assert working_hours_between(MONDAY, MONDAY) == 0.0


def test_bucket_bounds():
    assert bucket_of(0.5) == 0 and bucket_of(1) == 0 and bucket_of(1.01) == 1
    assert bucket_of(BUCKETS_HOURS[-1] + 1) == len(BUCKETS_HOURS)


def test_one_report_on_time_confirmed_and_rated():
    story = (Story().add(Action.SUBMIT, MONDAY, Status.DITERIMA, Role.REPORTER)
             .add(Action.DISPOSITION, MONDAY + timedelta(hours=3), Status.DITERUSKAN,
                  deadline_kind=lifecycle.DeadlineKind.FOLLOW_UP)
             .add(Action.FOLLOW_UP, MONDAY + timedelta(hours=27), Status.DITINDAKLANJUTI, Role.AGENCY,
                  deadline_kind=lifecycle.DeadlineKind.REPLY_WINDOW)
             .add(Action.REPLY, MONDAY + timedelta(hours=30), Status.DITERUSKAN, Role.REPORTER,
                  deadline_kind=lifecycle.DeadlineKind.FOLLOW_UP)
             .add(Action.FOLLOW_UP, MONDAY + timedelta(days=30), Status.DITINDAKLANJUTI, Role.AGENCY)
             .add(Action.CONFIRM, MONDAY + timedelta(days=31), Status.SELESAI, Role.REPORTER)
             .add(Action.RATE, MONDAY + timedelta(days=31), Status.SELESAI, Role.REPORTER, score=4))
    totals = story.totals()
    assert totals["received"] == 1 and totals["dispositioned"] == 1 and totals["assigned"] == 1
    assert totals["disposition_count"] == 1 and totals["disposition_hours_sum"] == 3.0
    assert totals["followed_up_on_time"] == 1 and totals["followed_up_late"] == 1  # the second was late
    assert totals["first_follow_up_count"] == 1 and totals["first_follow_up_hours_sum"] == 24.0
    assert totals["closed_confirmed"] == 1 and "closed_timed_out" not in totals
    assert totals["rating_sum"] == 4 and totals["rating_count"] == 1


def test_escalated_obligation_is_late_once_even_when_answered_later():
    story = (Story().add(Action.SUBMIT, MONDAY, Status.DITERIMA, Role.REPORTER)
             .add(Action.DISPOSITION, MONDAY, Status.DITERUSKAN, deadline_kind=lifecycle.DeadlineKind.FOLLOW_UP))
    story.add(Action.ESCALATE, MONDAY + timedelta(days=9), Status.DITERUSKAN, deadline_kind="FOLLOW_UP")
    story.events[-1] = TimelineEvent(**{**story.events[-1].__dict__, "details": {"deadline_kind": "FOLLOW_UP"},
                                        "deadline": None})
    story.add(Action.FOLLOW_UP, MONDAY + timedelta(days=12), Status.DITINDAKLANJUTI, Role.AGENCY)
    story.add(Action.AUTO_CLOSE, MONDAY + timedelta(days=30), Status.SELESAI)
    story.add(Action.REOPEN, MONDAY + timedelta(days=31), Status.DITERUSKAN, Role.REPORTER)
    totals = story.totals()
    assert totals["followed_up_late"] == 1 and "followed_up_on_time" not in totals
    assert totals["escalated"] == 1 and totals["closed_timed_out"] == 1 and totals["reopened"] == 1
    assert "closed_confirmed" not in totals


def test_notes_and_acknowledgements_add_nothing():
    note = TimelineEvent(seq=2, at=MONDAY, action=Action.NOTE, actor=Actor(Role.AGENCY, "x"),
                         from_status=Status.DITERUSKAN, to_status=Status.DITERUSKAN)
    assert contributions([], note) is None


def test_scopes_cover_country_region_agency_and_category():
    found = contributions([], Story().add(Action.SUBMIT, MONDAY, Status.DITERIMA).events[0])
    assert found.month == "2024-03"
    names = [scope for scope, _ in scopes(found)]
    assert names == ["national", "province#62", "regency#62.01", "category#jalan_rusak"]
    assert scope_for("a", "62.01") == "agency_region#a#62.01" and scope_for(None, "62") == "province#62"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_median_and_p90_bound_the_true_quantiles(hours):
    counts: dict[str, float] = {}
    for value in hours:
        name = f"first_follow_up_b{bucket_of(value):02d}"
        counts[name] = counts.get(name, 0) + 1
    ordered = sorted(hours)
    for q, key in ((0.5, "median"), (0.9, "p90")):
        found = figures.quantile(counts, "first_follow_up", q)
        true = ordered[max(0, -(-int(q * len(ordered) * 1000) // 1000) - 1)]
        if "at_most_hours" in found:
            assert true <= found["at_most_hours"], key
        else:
            assert true > BUCKETS_HOURS[-1] or found["more_than_hours"] == BUCKETS_HOURS[-1]
