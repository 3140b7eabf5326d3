"""Deadline views over HTTP: the agency's reports by deadline, the admins' breaches by agency,
the current deadline on the public view; and the scheduled handler as Lambda would call it."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from chalicelib.deadlines.sweep import run_sweep
from chalicelib.domain.calendar import JAKARTA
from chalicelib.store.credentials import ADMIN, AGENCY, issue_key

AFTER_DEADLINE = datetime(2023, 7, 11, 8, 0, tzinfo=JAKARTA)
AGENCY_ID = "dinas-62.01-health"


def get(api: Any, path: str, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return api.http.get(path, headers=headers)


@pytest.fixture(scope="module")
def keys(aws: Any) -> dict[str, str]:
    return {"agency": issue_key(AGENCY, AGENCY_ID)[0], "admin": issue_key(ADMIN, "deadline-tests")[0]}


def test_agency_lists_its_reports_by_deadline_with_time_left(
        api: Any, keys: dict[str, str], make_report: Callable[..., str]) -> None:
    later = make_report(agency_id=AGENCY_ID, routed_at=datetime(2023, 7, 4, 10, 0, tzinfo=JAKARTA))
    sooner = make_report(agency_id=AGENCY_ID)
    response = get(api, "/api/v1/agency/reports/due", keys["agency"])
    assert response.status_code == 200, response.body
    items = json.loads(response.body)["items"]
    ids = [item["tracking_id"] for item in items]
    assert ids.index(sooner) < ids.index(later)
    first = items[ids.index(sooner)]
    assert first["deadline"] == "2023-07-10T23:59:59+07:00" and first["deadline_kind"] == "FOLLOW_UP"
    assert first["overdue"] is True and first["seconds_left"] < 0  # real time is long past 2023
    assert "reporter" not in first
    assert all(item["agency_id"] == AGENCY_ID for item in items)


def test_due_listing_and_breaches_need_the_right_key(api: Any, keys: dict[str, str]) -> None:
    assert get(api, "/api/v1/agency/reports/due").status_code == 401
    assert get(api, "/api/v1/agency/reports/due", "lpk_wrong").status_code == 401
    assert get(api, "/api/v1/admin/breaches", keys["agency"]).status_code == 401
    assert get(api, "/api/v1/admin/breaches").status_code == 401
    assert get(api, f"/api/v1/agency/reports/due?agency={AGENCY_ID}", keys["admin"]).status_code == 200
    assert get(api, "/api/v1/agency/reports/due?limit=0", keys["agency"]).status_code == 400


def test_admin_lists_breaches_by_agency(api: Any, keys: dict[str, str], make_report: Callable[..., str]) -> None:
    tracking_id = make_report(agency_id=AGENCY_ID)
    run_sweep(AFTER_DEADLINE)
    response = get(api, "/api/v1/admin/breaches", keys["admin"])
    assert response.status_code == 200, response.body
    body = json.loads(response.body)
    group = next(g for g in body["agencies"] if g["agency_id"] == AGENCY_ID)
    assert tracking_id in [r["tracking_id"] for r in group["reports"]]
    assert group["breaches"] == len(group["reports"]) and group["agency_name"]
    one = json.loads(get(api, f"/api/v1/admin/breaches?agency={AGENCY_ID}", keys["admin"]).body)
    assert [g["agency_id"] for g in one["agencies"]] == [AGENCY_ID]


def test_public_view_shows_the_current_deadline(api: Any, submit: Callable[..., dict[str, Any]]) -> None:
    receipt = submit()
    body = json.loads(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}").body)
    assert body["deadline"] == receipt["deadline"] and body["deadline_kind"] == "VERIFICATION"


def test_scheduled_handler_runs_a_sweep_and_prints_metrics(app: Any, capsys: pytest.CaptureFixture[str],
                                                            make_report: Callable[..., str]) -> None:
    from laportools.local.runtime import fire_schedule, schedule_seconds

    [(name, seconds, handler)] = [s for s in _schedules(app) if s[0] == "deadline-sweep"]
    assert seconds == 60 * int(os.environ.get("LAPOR_SWEEP_MINUTES", "15"))
    result = fire_schedule(name, handler)
    assert result is not None and "due" in result
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    names = {m["Name"] for doc in emf for d in doc["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]}
    assert "SweepDuration" in names
    assert schedule_seconds("rate(1 minute)") == 60


def _schedules(app: Any) -> list[tuple[str, int, Any]]:
    from laportools.local.runtime import EventRuntime

    return EventRuntime(app.app, app).schedules()
