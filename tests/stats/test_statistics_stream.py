"""The statistics path against moto: timeline stream -> counters (each event once, even when
redelivered) -> `GET /api/v1/stats` -> `lapor-ops stats rebuild` proving they match."""
from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Channel, Classification, Report, Role
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.reports.perform import perform
from chalicelib.stats import consumer
from chalicelib.store import reports as store
from chalicelib.store import stats as stats_store
from laportools.ops import cli
from tests.fixtures.agencies import _next_region

MONDAY = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB
ROUTER, SWEEP = Actor(Role.SYSTEM, "router"), Actor(Role.SYSTEM, "sweep")


def file(region: str, at: datetime) -> str:
    deadline = lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, at)
    report = Report(tracking_id=new_tracking_id(), classification=Classification.PENGADUAN, title="Lampu mati",
                    body="Lampu jalan di depan pasar mati sejak sebulan.", incident_date=date(2024, 3, 1),
                    region_code=region, category="jalan_rusak", channel=Channel.API, created_at=at,
                    updated_at=at, deadline=deadline, deadline_kind="VERIFICATION", reporter_token_hash="x")
    store.create(report, None, TimelineEvent(seq=1, at=at, action=Action.SUBMIT, actor=Actor(Role.REPORTER, "r"),
                                             from_status=None, to_status=report.status, deadline=deadline))
    return report.tracking_id


@pytest.fixture()
def agency_region(aws: Any) -> tuple[str, str]:
    region = _next_region()
    return f"dinas-{region}-public_works", region


def stats(api: Any, **query: str) -> dict[str, Any]:
    response = api.http.get("/api/v1/stats?" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def test_counters_from_the_stream_are_exact_once_and_rebuild_matches(api, drain_queues, agency_region, capsys):
    agency, region = agency_region
    drain_queues()
    # Report 1: dispositioned after 3 h, followed up on time after 24 working hours, confirmed, rated 5.
    one = file(region, MONDAY)
    perform(one, Action.DISPOSITION, ROUTER, prepare=lambda r: {"agency_id": agency}, now=MONDAY + timedelta(hours=3))
    perform(one, Action.FOLLOW_UP, Actor(Role.AGENCY, agency), message="Sudah.", now=MONDAY + timedelta(hours=27))
    perform(one, Action.CONFIRM, Actor(Role.REPORTER, "r"), now=MONDAY + timedelta(days=2))
    perform(one, Action.RATE, Actor(Role.REPORTER, "r"), prepare=lambda r: {"rating": 5}, details={"score": 5},
            now=MONDAY + timedelta(days=2))
    # Report 2: followed up late (after its 5-working-day deadline), then closed by timeout.
    two = file(region, MONDAY)
    perform(two, Action.DISPOSITION, ROUTER, prepare=lambda r: {"agency_id": agency}, now=MONDAY)
    perform(two, Action.FOLLOW_UP, Actor(Role.AGENCY, agency), message="Maaf.", now=MONDAY + timedelta(days=15))
    perform(two, Action.AUTO_CLOSE, SWEEP, now=MONDAY + timedelta(days=25))
    drain_queues()

    body = stats(api, agency=agency, month="2024-03")
    figures = body["figures"]
    assert body["scope"]["agency"]["id"] == agency and body["month"] == "2024-03"
    assert figures["assigned"] == 2 and figures["follow_up"]["on_time"] == 1 and figures["follow_up"]["late"] == 1
    assert figures["closed"] == {"confirmed": 1, "timed_out": 1, "reopened": 0, "confirmed_share": 0.5}
    assert figures["rating"] == {"average": 5.0, "count": 1}
    assert figures["time_to_first_follow_up"]["median"] == {"at_most_hours": 24}
    assert body["months"] == [{"month": "2024-03", "received": 0, "closed_confirmed": 1, "closed_timed_out": 1,
                               "followed_up_on_time": 1, "followed_up_late": 1}]
    regional = stats(api, region=region, month="2024-03")["figures"]
    assert regional["received"] == 2 and regional["dispositioned"] == 2
    assert regional["time_to_disposition"]["count"] == 2
    both = stats(api, agency=agency, region=region)["figures"]
    assert both["follow_up"]["judged"] == 2 and both == stats(api, agency=agency)["figures"]

    # Redelivery: every event handled again adds nothing.
    before = stats_store.months_of(f"agency#{agency}")
    for tracking_id in (one, two):
        for event in store.timeline(tracking_id):
            assert consumer.count(tracking_id, event) is False
    assert stats_store.months_of(f"agency#{agency}") == before

    # The rebuild recomputes everything from the timeline and finds this test's counters equal.
    # (Across the whole suite other tests kill stages on purpose, so only this test's scopes are
    # asserted here; on a real stage the whole comparison is the point.)
    mine = (f"agency#{agency}", f"regency#{region}", f"agency_region#{agency}#{region}")
    capsys.readouterr()
    code = cli.main(["--stage", "test", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], "--json",
                     "stats", "rebuild", "--since", "2019-01"])
    result = json.loads(capsys.readouterr().out)
    assert result["reports"] >= 2 and code == (0 if result["matches"] else 1)
    concerning = [d for kind in ("changed", "missing", "stale") for d in result["differences"][kind]
                  if d["scope"] in mine]
    assert concerning == [], concerning

    # A lost or doubled count is found, and --write repairs it.
    stats_store.StatisticsRecord(f"agency#{agency}", "2024-03").update(
        actions=[stats_store.StatisticsRecord.followed_up_on_time.add(1)])
    code = cli.main(["--stage", "test", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], "--json",
                     "stats", "rebuild", "--since", "2019-01", "--write"])
    result = json.loads(capsys.readouterr().out)
    assert result["matches"] is False and result["matches_after_write"] is True and code == 0
    assert {"scope": f"agency#{agency}", "month": "2024-03"} in [
        {"scope": d["scope"], "month": d["month"]} for d in result["differences"]["changed"]]
    assert stats(api, agency=agency, month="2024-03")["figures"]["follow_up"]["on_time"] == 1


def test_bad_queries_are_400_in_the_callers_language(api):
    bad = api.http.get("/api/v1/stats?month=2024-13", headers={"Accept-Language": "en"})
    assert bad.status_code == 400 and "month" in json.loads(bad.body)["error"]["message"]
    for query, field in (("agency=nope", "agency"), ("region=99.99", "region")):
        response = api.http.get(f"/api/v1/stats?{query}", headers={"Accept-Language": "en"})
        assert response.status_code == 422
        error = json.loads(response.body)["error"]
        assert error["code"] == "validation_failed" and error["details"][0]["field"] == field
    league = api.http.get("/api/v1/stats/league?kind=planet")
    assert league.status_code == 400


def test_league_of_agencies_ranks_by_lower_bound(api, drain_queues, aws):
    month = "2019-07"
    at = datetime(2019, 7, 1, 2, 0, tzinfo=UTC)
    plan = {"steady": (12, 0), "lucky": (1, 0)}
    ids = {}
    for name, (on_time, late) in plan.items():
        agency, region = f"dinas-{_next_region()}-public_works", None
        ids[name] = agency
        region = agency.split("-")[1]
        for index in range(on_time + late):
            tid = file(region, at)
            perform(tid, Action.DISPOSITION, ROUTER, prepare=lambda r, a=agency: {"agency_id": a}, now=at)
            when = at + timedelta(hours=5) if index < on_time else at + timedelta(days=20)
            perform(tid, Action.FOLLOW_UP, Actor(Role.AGENCY, agency), message="Sudah.", now=when)
    drain_queues()
    body = json.loads(api.http.get(f"/api/v1/stats/league?kind=agency&month={month}").body)
    rows = {row["id"]: row for row in body["items"]}
    # 12 of 12 on time: the interval's lower bound (0.76) is still below GOOD's 0.80.
    assert rows[ids["steady"]]["rank"] == 1 and rows[ids["steady"]]["grade"] == "FAIR"
    assert rows[ids["lucky"]]["rank"] is None and rows[ids["lucky"]]["grade"] == "UNRATED"
    assert body["items"][0]["id"] == ids["steady"] and body["min_sample"] == 10
