"""Issue 23, items 7 and 8: statistics a citizen can read on a phone and in their own number
format, a favicon that exists, and a home page that leads to the public figures."""
from __future__ import annotations

import re
from typing import Any

from chalicelib.pages import i18n
from chalicelib.web import charts
from chalicelib.web.public_views import duration_text, month_label


def html(response: Any) -> str:
    return response.body.decode("utf-8")


def test_decimals_use_the_readers_separator():
    assert i18n.format_number(2.5, "id") == "2,5" and i18n.format_number(2.5, "en") == "2.5"
    assert i18n.format_number(1234, "id") == "1.234" and i18n.format_number(1234, "en") == "1,234"
    assert duration_text({"at_most_hours": 60}, "id") == "≤ 2,5 hari kerja"
    assert duration_text({"at_most_hours": 60}, "en").startswith("≤ 2.5 ")


def test_month_labels_carry_the_full_year():
    assert month_label("2026-12", "id") == "Des 2026"  # "Des 26" read as the 26th of December
    assert month_label("2025-03", "en") == "Mar 2025"


def test_chart_titles_are_visible_and_day_buckets_say_days(api):
    page = html(api.http.get("/statistik"))
    captions = re.findall(r'<figcaption class="chart-title">([^<]+)</figcaption>', page)
    assert len(captions) == 3 and all(captions)
    buckets = re.findall(r'<th scope="row">([^<]+)</th>', page.split('id="first-follow-up"')[1])
    assert buckets and not any(re.search(r"\dh\b", b) for b in buckets), buckets  # "5h" read as hours
    assert any("hari" in b for b in buckets) and any("jam" in b for b in buckets)
    assert '<figcaption class="chart-title">' in html(api.http.get("/statistik?lang=en"))


def test_chart_text_stays_readable_when_scaled_to_a_phone():
    svg = str(charts.bar_chart("c", "Judul", "Desc", [f"Bln {n} 2026" for n in range(12)],
                               [charts.Series("Diterima", [n for n in range(12)], charts.PALETTE[0])]))
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    phone_scale = 300 / width  # a 390 px phone less the page's margins
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) * phone_scale >= 10.5, sizes
    shown = re.findall(r'text-anchor="middle"[^>]*>([^<]+)<', svg)
    assert 0 < len(shown) < 12  # long labels are thinned rather than overlapping


def test_league_table_puts_the_grade_beside_the_name(api):
    page = html(api.http.get("/statistik/peringkat"))
    head = re.findall(r'<th scope="col">([^<]+)</th>', page.split('id="league"')[1])
    assert head.index(i18n.t("stats_grade_col", "id")) == 2, head


def test_home_page_leads_to_the_public_figures_and_the_favicon_exists(api):
    home = html(api.http.get("/"))
    for path in ("/laporan", "/statistik", "/statistik/peringkat", "/data-terbuka"):
        assert f'{path}"' in home, path
    icon = re.search(r'<link rel="icon"[^>]*href="([^"?]+)', home)
    assert icon, "no favicon link: browsers ask /favicon.ico and get a 404"
    served = api.http.get(icon.group(1).replace("/api", "", 1) if icon.group(1).startswith("/api/") else icon.group(1))
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/svg+xml"
