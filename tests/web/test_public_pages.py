"""Public transparency pages without a browser: statistics with SVG charts, the league table,
bad queries answered on the page in the visitor's language."""
from __future__ import annotations

import re
from typing import Any


def html(response: Any) -> str:
    return response.body.decode("utf-8")


def test_statistics_page_shows_figures_charts_and_tables(api: Any, routed, fresh_agency, drain_queues) -> None:
    routed(fresh_agency)
    drain_queues()
    page = html(api.http.get("/statistik"))
    assert "<h1>Statistik penanganan laporan</h1>" in page
    assert page.count('role="img"') == 3 and "<title id=\"chart-received-title\">" in page
    assert 'id="closed-confirmed"' in page and 'id="closed-timed-out"' in page
    assert "cdn" not in page.lower() and "<script" not in page.replace('<script src="/static/app.js', "")
    mine = html(api.http.get(f"/statistik?agency={fresh_agency.agency_id}&lang=en"))
    assert "Reports passed to this agency" in mine and re.search(r'id="figures"', mine)


def test_statistics_page_answers_bad_queries_beside_the_field(api: Any) -> None:
    bad = api.http.get("/statistik?month=2024-13")
    assert bad.status_code == 400 and 'id="month-error"' in html(bad)
    unknown = api.http.get("/statistik?agency=tidak-ada", headers={"Cookie": "lapor_lang=en"})
    assert unknown.status_code == 400 and 'id="agency-error"' in html(unknown)


def test_league_page_lists_grades_and_explains_the_rules(api: Any) -> None:
    page = html(api.http.get("/statistik/peringkat?kind=province"))
    assert "Wilson" in page and "Provinsi" in page and 'id="league"' in page
    assert api.http.get("/statistik/peringkat?kind=planet").status_code == 400
