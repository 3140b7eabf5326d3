"""Issue 23: an agency's figures over a date range, with the reports past their deadline."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib.console.agency_admin import agency_figures
from chalicelib.domain.calendar import local_date
from chalicelib.shared import clock
from tests.fixtures.staff import ConsoleClient, Person, Team


def test_figures_by_date_range_count_overdue_reports(team: Team, signed_in: Callable[[Person], ConsoleClient],
                                                      routed: Callable[..., dict[str, Any]]) -> None:
    for _ in range(2):
        routed(team.agency)
    agency = team.agency.agency_id
    today = local_date(clock.now())
    now = agency_figures(agency)
    assert now["received"] == 2 and now["overdue"] == 0
    later = agency_figures(agency, now=clock.now() + timedelta(days=30))
    assert later["overdue"] == 2  # a month on, both are past the 5-working-day follow-up deadline
    assert agency_figures(agency, since=today + timedelta(days=1))["received"] == 0
    assert agency_figures(agency, until=today - timedelta(days=1))["received"] == 0
    admin = signed_in(team.admin)
    page = admin.get("/konsol/angka", dari=today.isoformat(), sampai=today.isoformat())
    assert page.status_code == 200 and 'id="overdue">0<' in page.text
    bad = admin.get("/konsol/angka", dari="31-01-2026", sampai=today.isoformat())
    assert bad.status_code == 422 and 'id="f-dari-error"' in bad.text
    backwards = admin.get("/konsol/angka", dari=today.isoformat(), sampai=(today - timedelta(days=3)).isoformat())
    assert backwards.status_code == 422 and 'id="f-sampai-error"' in backwards.text


def test_the_ombudsman_reads_the_same_figures_for_any_agency(team: Team, signed_in: Callable[[Person], ConsoleClient],
                                                             routed: Callable[..., dict[str, Any]]) -> None:
    routed(team.agency)
    ombudsman = signed_in(team.ombudsman)
    empty = ombudsman.get("/konsol/angka")
    assert empty.status_code == 200 and 'id="choose-agency"' in empty.text
    page = ombudsman.get("/konsol/angka", instansi=team.agency.agency_id)
    assert page.status_code == 200 and 'id="received">1<' in page.text and 'id="overdue">0<' in page.text
    unknown = ombudsman.get("/konsol/angka", instansi="tidak-ada-instansi")
    assert unknown.status_code == 422 and 'id="f-instansi-error"' in unknown.text
    admin = signed_in(team.admin)  # an agency admin reads only its own, whatever it asks
    assert 'id="f-instansi"' not in admin.get("/konsol/angka", instansi="dinas-lain").text
