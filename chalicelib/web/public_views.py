"""Public transparency pages (same rules as the citizen pages: no JavaScript needed, id/en,
accessible, 360 px): the statistics page with server-rendered SVG charts and the league table.

Figures come from the same read side as `GET /api/v1/stats` (stats.public), so the page and the
JSON never disagree.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from chalice import Blueprint, Response

from chalicelib.directory import catalogue
from chalicelib.domain.calendar import JAKARTA
from chalicelib.shared import clock
from chalicelib.stats import figures as calc
from chalicelib.stats import public
from chalicelib.stats.measures import BUCKETS_HOURS, LEAGUE_KINDS
from chalicelib.web import charts, i18n, render
from chalicelib.web.views import _base, _lang

public_web = Blueprint(__name__)


def _query() -> dict[str, str]:
    return dict(public_web.current_request.query_params or {})


def recent_months(count: int = 24, now: Optional[datetime] = None) -> list[str]:
    moment = (now or clock.now()).astimezone(JAKARTA)
    year, month = moment.year, moment.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def month_label(month: str, lang: str) -> str:
    year, number = month.split("-")
    return f"{i18n._MONTHS[lang][int(number) - 1][:3]} {year[2:]}"  # noqa: SLF001 - the module's own table


def duration_text(quantile: Optional[dict[str, int]], lang: str) -> str:
    if not quantile:
        return i18n.t("stats_none", lang)
    if "at_most_hours" in quantile:
        return i18n.t("stats_at_most", lang, days=_days(quantile["at_most_hours"]))
    return i18n.t("stats_more_than", lang, days=_days(quantile["more_than_hours"]))


def _days(hours: int) -> str:
    value = hours / 24
    return f"{value:g}" if value >= 1 else f"{value:.2g}"


def _percent(value: Optional[float], lang: str) -> str:
    if value is None:
        return i18n.t("stats_none", lang)
    text = f"{value * 100:.0f}%"
    return text


def _page_error(lang: str, cookies: list[str], field: str) -> Response:
    return render.page("stats.html", lang, _base(), status=400, cookies=cookies, stats=None,
                       errors={field: i18n.error_text("invalid_query", lang, field=field)}, values=_query(),
                       months=recent_months(), provinces=sorted(catalogue.provinces(), key=lambda r: r.name))


@public_web.route("/statistik", methods=["GET"])
def statistics_page() -> Response:
    lang, cookies = _lang()
    query = _query()
    agency, region, month = (query.get("agency") or "").strip() or None, query.get("region") or None, \
        query.get("month") or None
    try:
        data = public.scope_figures(agency, region, month, lang)
    except public.InvalidStatsQuery as error:
        return _page_error(lang, cookies, str(error.params.get("field", "month")))
    figures = data["figures"]
    series = data["months"][-12:]
    labels = [month_label(row["month"], lang) for row in series]
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    received_chart = charts.bar_chart(
        "chart-received", t("stats_chart_received"), t("stats_chart_desc"), labels,
        [charts.Series(t("stats_received"), [r["received"] for r in series], charts.PALETTE[0])])
    closed_chart = charts.bar_chart(
        "chart-closed", t("stats_chart_closed"), t("stats_chart_desc"), labels,
        [charts.Series(t("stats_closed_confirmed"), [r["closed_confirmed"] for r in series], charts.PALETTE[2]),
         charts.Series(t("stats_closed_timed_out"), [r["closed_timed_out"] for r in series], charts.PALETTE[1])],
        stacked=True)
    histogram = figures["time_to_first_follow_up"]["histogram"]
    bucket_labels = [(f"≤{_days(b['at_most_hours'])}" if "at_most_hours" in b else f">{_days(b['more_than_hours'])}")
                     for b in histogram]
    first_chart = charts.bar_chart(
        "chart-first-follow-up", t("stats_chart_first_follow_up"), t("stats_chart_desc"), bucket_labels,
        [charts.Series(t("stats_reports"), [b["count"] for b in histogram], charts.PALETTE[3])])
    follow = figures["follow_up"]
    on_time_text = (t("stats_on_time_value", on_time=follow["on_time"], judged=follow["judged"],
                      rate=_percent(follow["rate"], lang), low=_percent(follow["ci95"][0], lang),
                      high=_percent(follow["ci95"][1], lang)) if follow["judged"] else t("stats_none"))
    rating = figures["rating"]
    return render.page(
        "stats.html", lang, _base(), cookies=cookies, here=f"{_base()}/statistik",
        stats=data, figures=figures, errors={}, values=query, months=recent_months(),
        provinces=sorted(catalogue.provinces(), key=lambda r: r.name),
        scope_title=_scope_title(data, lang), charts=[received_chart, closed_chart, first_chart],
        series=series, histogram=list(zip(bucket_labels, histogram)), on_time_text=on_time_text,
        grade_text=t(f"stats_grade_{follow['grade']}"),
        disposition_text=_pair(figures["time_to_disposition"], lang),
        first_text=_pair(figures["time_to_first_follow_up"], lang),
        rating_text=t("stats_rating_value", average=rating["average"], count=rating["count"]) if rating["count"]
        else t("stats_none"),
        month_label=month_label,
    )


def _pair(duration: dict[str, Any], lang: str) -> str:
    if not duration["count"]:
        return i18n.t("stats_none", lang)
    return f"{duration_text(duration['median'], lang)} / {duration_text(duration['p90'], lang)}"


def _scope_title(data: dict[str, Any], lang: str) -> str:
    scope = data["scope"]
    parts = [p["name"] for p in (scope["agency"], scope["region"]) if p]
    title = " · ".join(parts) if parts else i18n.t("stats_scope_national", lang)
    period = month_label(data["month"], lang) if data["month"] else i18n.t("stats_all_time", lang)
    return f"{title} — {period}"


@public_web.route("/statistik/peringkat", methods=["GET"])
def league_page() -> Response:
    lang, cookies = _lang()
    query = _query()
    kind = query.get("kind") or "agency"
    try:
        table = public.league_table(kind, query.get("month") or None, lang)
    except public.InvalidStatsQuery:
        kind, table = "agency", public.league_table("agency", None, lang)
        return render.page("league.html", lang, _base(), status=400, cookies=cookies, table=table, kind=kind,
                           kinds=LEAGUE_KINDS, months=recent_months(), values=query,
                           errors={"kind": i18n.error_text("invalid_query", lang, field="kind")},
                           thresholds=calc.GRADE_THRESHOLDS, min_sample=calc.MIN_SAMPLE, percent=_percent)
    return render.page("league.html", lang, _base(), cookies=cookies, here=f"{_base()}/statistik/peringkat",
                       table=table, kind=kind, kinds=LEAGUE_KINDS, months=recent_months(), values=query, errors={},
                       thresholds=calc.GRADE_THRESHOLDS, min_sample=calc.MIN_SAMPLE, percent=_percent)


BUCKET_COUNT = len(BUCKETS_HOURS) + 1
