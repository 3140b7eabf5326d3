"""Public transparency pages (same rules as the citizen pages: no JavaScript needed, id/en,
accessible, 360 px): the statistics page with server-rendered SVG charts and the league table.

Figures come from the same read side as `GET /api/v1/stats` (stats.public), so the page and the
JSON never disagree.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from chalice import Blueprint, Response

from chalicelib.directory import catalogue
from chalicelib.domain.calendar import JAKARTA
from chalicelib.domain.errors import NotFound
from chalicelib.domain.measures import BUCKETS_HOURS, LEAGUE_KINDS
from chalicelib.domain.model import Status
from chalicelib.domain.tracking import normalize_tracking_id
from chalicelib.http import cursors
from chalicelib.http.endpoints import ApiError
from chalicelib.pages import forms, i18n, render, topic
from chalicelib.reports import read as reports_query
from chalicelib.reports import support as support_service
from chalicelib.shared import clock
from chalicelib.stats import figures as calc
from chalicelib.stats import public
from chalicelib.store import directory as agency_directory
from chalicelib.store import reports as report_store
from chalicelib.store.supports import RateLimited
from chalicelib.web import charts, support_form
from chalicelib.web.views import (
    FORM_TYPES,
    _base,
    _cross_site_refusal,
    _lang,
    _not_found,
    _track_page,
)

public_web = Blueprint(__name__)


def _query() -> dict[str, str]:
    return dict(public_web.current_request.query_params or {})


def recent_months(count: int = 24, now: datetime | None = None) -> list[str]:
    moment = (now or clock.now()).astimezone(JAKARTA)
    year, month = moment.year, moment.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def month_label(month: str, lang: str) -> str:
    """'Des 2026': the full year, since 'Des 26' reads as the 26th of December."""
    year, number = month.split("-")
    return f"{i18n.t(f'month.{int(number)}', lang)[:3]} {year}"


def duration_text(quantile: dict[str, int] | None, lang: str) -> str:
    if not quantile:
        return i18n.t("stats_none", lang)
    if "at_most_hours" in quantile:
        return "≤ " + _span(quantile["at_most_hours"], lang)
    return "> " + _span(quantile["more_than_hours"], lang)


def _span(hours: int, lang: str, short: bool = False) -> str:
    """Working hours below a day, working days from a day on ("8 jam kerja", "5 hari kerja")."""
    # Short labels spell the unit out: "5h" read as five hours where "h" meant hari (days).
    if hours < 24:
        return i18n.t("stats_hours_short" if short else "stats_hours", lang, n=i18n.format_number(hours, lang))
    days = i18n.format_number(hours / 24, lang)
    return i18n.t("stats_days_short" if short else "stats_days", lang, n=days)


def _percent(value: float | None, lang: str) -> str:
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
    def t(key, **kw):
        return i18n.t(key, lang, **kw)
    received_chart = charts.bar_chart(
        "chart-received", t("stats_chart_received"), t("stats_chart_desc"), labels,
        [charts.Series(t("stats_received"), [r["received"] for r in series], charts.PALETTE[0])])
    closed_chart = charts.bar_chart(
        "chart-closed", t("stats_chart_closed"), t("stats_chart_desc"), labels,
        [charts.Series(t("stats_closed_confirmed"), [r["closed_confirmed"] for r in series], charts.PALETTE[2]),
         charts.Series(t("stats_closed_timed_out"), [r["closed_timed_out"] for r in series], charts.PALETTE[1])],
        stacked=True)
    histogram = figures["time_to_first_follow_up"]["histogram"]
    bucket_labels = [(f"≤{_span(b['at_most_hours'], lang, True)}" if "at_most_hours" in b
                      else f">{_span(b['more_than_hours'], lang, True)}") for b in histogram]
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
        scope_title=_scope_title(data, lang),
        charts=[(t("stats_chart_received"), received_chart), (t("stats_chart_closed"), closed_chart),
                (t("stats_chart_first_follow_up"), first_chart)],
        series=series, histogram=list(zip(bucket_labels, histogram)), on_time_text=on_time_text,
        grade_text=t(f"stats_grade_{follow['grade']}"),
        disposition_text=_pair(figures["time_to_disposition"], lang),
        first_text=_pair(figures["time_to_first_follow_up"], lang),
        rating_text=t("stats_rating_value", average=i18n.format_number(rating["average"], lang),
                      count=rating["count"]) if rating["count"]
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


# --- support ("dukung") ------------------------------------------------------------------------

@public_web.route("/lacak/{tracking_id}/dukung", methods=["POST"], content_types=FORM_TYPES)
def support(tracking_id: str) -> Response:
    refused = _cross_site_refusal()
    if refused is not None:
        return refused
    lang, cookies = _lang()
    request = public_web.current_request
    canonical = normalize_tracking_id(tracking_id)
    if canonical is None:
        return _not_found(lang, cookies)
    token = support_form.supporter_token(request)
    # Chalice annotates raw_body `str | bytes`, but every branch of it returns bytes (decoded
    # base64, the encoded str, or the bytes given).
    form = forms.parse_form(cast(bytes, request.raw_body))
    if token is None or forms.first(form, "csrf") != support_form.csrf(token):
        return _track_page(canonical, lang, cookies, status=403, errors={"form": i18n.t("public_support_failed", lang)})
    try:
        support_service.support(canonical, token, support_form.client_ip(request))
    except NotFound:
        return _not_found(lang, cookies, canonical)
    except RateLimited as limited:
        words = "public_support_limited_device" if limited.kind == "DEVICE" else "public_support_limited"
        return _track_page(canonical, lang, cookies, status=429, errors={"form": i18n.t(words, lang)})
    return render.redirect(f"{_base()}/lacak/{canonical}?ok=support", cookies)


# --- browse public reports ---------------------------------------------------------------------

PAGE_SIZE = 20
PUBLIC_STATUSES = [s.value for s in Status]


def _browse_filter(query: dict[str, str]) -> tuple[reports_query.FeedFilter | None, dict[str, str]]:
    errors = {}
    region, category = query.get("region") or None, query.get("category") or None
    agency, status = (query.get("agency") or "").strip() or None, query.get("status") or None
    if region and catalogue.region(region) is None:
        errors["region"] = region
    if category and catalogue.category(category) is None:
        errors["category"] = category
    if status and status not in PUBLIC_STATUSES:
        errors["status"] = status
    if agency and agency_directory.get_agency(agency) is None:
        errors["agency"] = agency
    if errors:
        return None, errors
    return reports_query.FeedFilter(region=region, category=category, agency=agency, status=status), {}


def _month_and_filter(query: dict[str, str], lang: str
                      ) -> tuple[list[str], str, reports_query.FeedFilter | None, dict[str, str]]:
    """The month a public list shows (the newest by default) and its filter, with a message per
    unusable parameter: the browse page and the map read the same query the same way."""
    months = recent_months()
    month = query.get("month") or months[0]
    problems: dict[str, str] = {}
    if month not in months and not public._MONTH.fullmatch(month):
        problems["month"] = month
    found, bad = _browse_filter(query)
    problems.update(bad)
    return months, month, found, {field: i18n.error_text("invalid_query", lang, field=field) for field in problems}


@public_web.route("/laporan", methods=["GET"])
def browse() -> Response:
    """Public reports of one month, newest first, filtered by region, category, agency and status."""
    lang, cookies = _lang()
    query = _query()
    months, month, found, errors = _month_and_filter(query, lang)
    items: list[dict[str, Any]] = []
    next_cursor = None
    if not errors and found is not None:
        try:
            start = cursors.decode(query.get("cursor"), *report_store.feed_partition(month))
        except ApiError:
            errors["cursor"] = i18n.error_text("invalid_query", lang, field="cursor")
            start = None
        if not errors:
            items, last = reports_query.public_feed(month, start, PAGE_SIZE, lang, found)
            next_cursor = cursors.encode(last)
    categories = sorted(catalogue.categories().values(), key=lambda c: c.name(lang))
    for item in items:
        item["region_name"] = topic.region_words(item["region_code"], lang)
        item["category_name"] = topic.category_words(item["category"], lang)
        item["created"] = datetime.fromisoformat(item["created_at"])
    keep = {k: v for k, v in query.items() if k in ("month", "region", "category", "agency", "status") and v}
    keep["month"] = month
    return render.page(
        "browse.html", lang, _base(), status=400 if errors else 200, cookies=cookies, here=f"{_base()}/laporan",
        items=items, errors=errors, values={**query, "month": month}, months=months,
        provinces=sorted(catalogue.provinces(), key=lambda r: r.name), categories=categories,
        statuses=PUBLIC_STATUSES, next_query=_encode({**keep, "cursor": next_cursor}) if next_cursor else None,
    )


MAP_LIMIT = 100  # the pins one month's map shows (the GeoJSON feed pages on with next_cursor)


@public_web.route("/peta", methods=["GET"])
def map_page() -> Response:
    """The public map: one month's public reports that have a pin, clustered, filtered like the
    browse page; the same data as `/api/v1/feed.geojson`, and as a list without JavaScript."""
    from dataclasses import replace

    lang, cookies = _lang()
    query = _query()
    months, month, found, errors = _month_and_filter(query, lang)
    items: list[dict[str, Any]] = []
    if not errors and found is not None:
        items, _ = reports_query.public_feed(month, None, MAP_LIMIT, lang, replace(found, located=True))
    for item in items:
        region = catalogue.region(item["region_code"])
        category = catalogue.category(item["category"])
        item["region_name"] = region.name if region else item["region_code"]
        item["category_name"] = category.name(lang) if category else item["category"]
    keep = {k: v for k, v in query.items() if k in ("region", "category", "agency", "status") and v}
    return render.page(
        "map.html", lang, _base(), status=400 if errors else 200, cookies=cookies, here=f"{_base()}/peta",
        items=items, errors=errors, values={**query, "month": month}, months=months,
        provinces=sorted(catalogue.provinces(), key=lambda r: r.name),
        categories=sorted(catalogue.categories().values(), key=lambda c: c.name(lang)), statuses=PUBLIC_STATUSES,
        geojson_query=_encode({**keep, "month": month, "limit": MAP_LIMIT}),
    )


def _encode(params: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v})


# --- agency page -------------------------------------------------------------------------------

@public_web.route("/instansi/{agency_id}", methods=["GET"])
def agency_page(agency_id: str) -> Response:
    lang, cookies = _lang()
    record = agency_directory.get_agency(agency_id) if len(agency_id) <= 120 else None
    if record is None:
        return render.page("not_found.html", lang, _base(), status=404, cookies=cookies,
                           tracking_id=None, token_error=None, search={})
    month = _query().get("month") or None
    try:
        data = public.scope_figures(agency_id, None, month, lang)
    except public.InvalidStatsQuery:
        data = public.scope_figures(agency_id, None, None, lang)
    figures = data["figures"]
    follow = figures["follow_up"]
    def t(key, **kw):
        return i18n.t(key, lang, **kw)
    series = data["months"][-12:]
    labels = [month_label(row["month"], lang) for row in series]
    chart = charts.bar_chart(
        "chart-agency-follow-up", t("public_agency_chart"), t("stats_chart_desc"), labels,
        [charts.Series(t("stats_on_time_col"), [r["followed_up_on_time"] for r in series], charts.PALETTE[2]),
         charts.Series(t("stats_late_col"), [r["followed_up_late"] for r in series], charts.PALETTE[1])],
        stacked=True)
    region = catalogue.region(record.region_code) if record.region_code else None
    return render.page(
        "agency.html", lang, _base(), cookies=cookies, here=f"{_base()}/instansi/{agency_id}",
        agency=record, agency_name=record.name_en if lang == "en" else record.name,
        region_name=region.name if region else None, figures=figures, series=series, chart=chart,
        chart_title=t("public_agency_chart"),
        on_time_text=(t("stats_on_time_value", on_time=follow["on_time"], judged=follow["judged"],
                        rate=_percent(follow["rate"], lang), low=_percent(follow["ci95"][0], lang),
                        high=_percent(follow["ci95"][1], lang)) if follow["judged"] else t("stats_none")),
        grade_text=t(f"stats_grade_{follow['grade']}"), first_text=_pair(figures["time_to_first_follow_up"], lang),
        month_label=month_label, reports_link=f"{_base()}/laporan?{_encode({'agency': agency_id})}",
    )


# --- open data ---------------------------------------------------------------------------------

@public_web.route("/data-terbuka", methods=["GET"])
def open_data_page() -> Response:
    from chalicelib.opendata import dictionary
    from chalicelib.opendata.export import list_files

    lang, cookies = _lang()
    return render.page("open_data.html", lang, _base(), cookies=cookies, here=f"{_base()}/data-terbuka",
                       files=list_files(), report_columns=dictionary.REPORT_COLUMNS,
                       statistics_columns=dictionary.STATISTICS_COLUMNS, licence=dictionary.LICENCE_ID)


@public_web.route("/data-terbuka/{name}", methods=["GET"])
def open_data_file(name: str) -> Response:
    from chalicelib.opendata.export import download_url

    url = download_url(name)
    if url is None:
        lang, cookies = _lang()
        return render.page("not_found.html", lang, _base(), status=404, cookies=cookies,
                           tracking_id=None, token_error=None, search={})
    return Response(body="", status_code=303, headers={"Location": url, "Cache-Control": "no-store",
                                                       "Referrer-Policy": "no-referrer"})
