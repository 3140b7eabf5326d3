"""The open-data export: public reports (one file per month of receipt) and statistics, as CSV
and JSON, with a data dictionary, a licence and a manifest, under the public bucket's prefix.

Every report row is built from the privacy projection's PUBLIC view (chalicelib/domain/privacy.py),
so rahasia reports are absent and text is redacted exactly as on the site; nothing else decides.
Reports are enumerated by the reports table's month-index (one Query per month), never a Scan.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from chalicelib.directory import catalogue
from chalicelib.domain.calendar import JAKARTA, iso
from chalicelib.domain.measures import ALL_MONTHS, LEAGUE_KINDS
from chalicelib.domain.privacy import Audience, view
from chalicelib.opendata import dictionary, settings
from chalicelib.shared import clock, csv_cells
from chalicelib.shared.aws import client
from chalicelib.shared.resources import PUBLIC_BUCKET
from chalicelib.stats import figures as calc
from chalicelib.stats.public import scope_name
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store
from chalicelib.store import stats as stats_store
from chalicelib.store import supports

REPORT_FIELDS = [name for name, _ in dictionary.REPORT_COLUMNS]
STATISTICS_FIELDS = [name for name, _ in dictionary.STATISTICS_COLUMNS]


def months_back(count: int, now: datetime | None = None) -> list[str]:
    moment = (now or clock.now()).astimezone(JAKARTA)
    year, month, out = moment.year, moment.month, []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return sorted(out)


def months_between(since: str, until: str) -> list[str]:
    year, month = map(int, since.split("-"))
    last, out = tuple(map(int, until.split("-"))), []
    while (year, month) <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def report_rows(month: str) -> list[dict[str, Any]]:
    """Public rows of the reports received in `month` (rahasia reports are skipped by the view)."""
    ids = list(store.received_in(month))
    reports = store.many(ids)  # batched reads: a month of n reports is n/100 requests, not n
    contacts = store.contacts(ids)  # for redacting the reporter's name; never exported
    counts = supports.counts(ids)
    rows = []
    for tracking_id in ids:
        report = reports.get(tracking_id)
        if report is None:
            continue
        # A row reads the timeline only for its follow-up count, which reports keep themselves (those
        # stored before they did are read): a month of n reports is not n more Queries.
        counted = report.follow_up_count is not None
        public = view(Audience.PUBLIC, report, timeline=() if counted else store.timeline(tracking_id),
                      contact=contacts.get(tracking_id), agency=agencies.agency_summary(report.agency_id),
                      support_count=counts.get(tracking_id, 0))
        if public is None:
            continue
        region = catalogue.region(report.region_code)
        rows.append({
            "tracking_id": public["tracking_id"], "received_at": public["created_at"], "month": month,
            "classification": public["classification"], "category": public["category"],
            "region_code": public["region_code"], "region_name": region.name if region else "",
            "agency_id": (public["agency"] or {}).get("id") or "", "agency_name": (public["agency"] or {}).get("name") or "",
            "status": public["status"], "closure": public["closure"] or "", "closed_at": public["closed_at"] or "",
            "anonim": public["anonim"], "title": public["title"], "body": public["body"],
            "follow_up_count": report.follow_up_count if counted else len(public["follow_ups"]),
            "first_follow_up_at": iso(report.first_follow_up_at) or "",
            "support_count": public["support_count"],
        })
    return sorted(rows, key=lambda r: (r["received_at"], r["tracking_id"]))


def _hours(quantile: dict[str, int] | None) -> Any:
    if not quantile:
        return ""
    return quantile.get("at_most_hours", quantile.get("more_than_hours", 0) + 1)


def counted_months(first: str, last: str) -> list[str]:
    """The months from `first` to `last` that have any figures: every report counts nationally, so
    the national scope's partition (one Query) names them, and the league index is then asked only
    about those (since 2012, asking about every month was some 900 Queries of empty months)."""
    counted = set(stats_store.months_of("national"))
    return [month for month in months_between(first, last) if month in counted]


def statistics_rows(months: Iterable[str]) -> list[dict[str, Any]]:
    """One row per scope and period (each month given, and ALL), read from the league index."""
    rows = []
    for kind in ("national", *LEAGUE_KINDS):
        for month in [*months, ALL_MONTHS]:
            for scope, counts in stats_store.league(kind, month):
                figures = calc.figures(counts)
                follow = figures["follow_up"]
                rows.append({
                    "kind": kind, "id": "" if kind == "national" else scope.split("#", 1)[1],
                    "name": "Indonesia" if kind == "national" else scope_name(scope, "id"), "month": month,
                    "received": figures["received"], "assigned": figures["assigned"],
                    "dispositioned": figures["dispositioned"],
                    "followed_up_on_time": follow["on_time"], "followed_up_late": follow["late"],
                    "on_time_rate": "" if follow["rate"] is None else follow["rate"],
                    "on_time_ci95_low": follow["ci95"][0] if follow["ci95"] else "",
                    "on_time_ci95_high": follow["ci95"][1] if follow["ci95"] else "",
                    "grade": follow["grade"],
                    "first_follow_up_median_hours": _hours(figures["time_to_first_follow_up"]["median"]),
                    "first_follow_up_p90_hours": _hours(figures["time_to_first_follow_up"]["p90"]),
                    "disposition_median_hours": _hours(figures["time_to_disposition"]["median"]),
                    "closed_confirmed": figures["closed"]["confirmed"], "closed_timed_out": figures["closed"]["timed_out"],
                    "reopened": figures["closed"]["reopened"], "ombudsman_referrals": figures["ombudsman_referrals"],
                    "archived": figures["archived"], "escalated": figures["escalated"],
                    "rating_average": "" if figures["rating"]["average"] is None else figures["rating"]["average"],
                    "rating_count": figures["rating"]["count"],
                })
    return sorted(rows, key=lambda r: (r["kind"], r["id"], r["month"]))


def to_csv(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    """Rows as UTF-8 CSV. Report text is whatever people typed, so every value goes through
    `csv_cells.cell`: no cell opens as a spreadsheet formula, numbers stay numbers."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cells.cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def to_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")


def _put(name: str, body: bytes, content_type: str) -> None:
    client("s3").put_object(Bucket=PUBLIC_BUCKET.name, Key=settings.PREFIX + name, Body=body,
                            ContentType=content_type, CacheControl="public, max-age=3600")


def _publish(name: str, body: bytes, content_type: str, published: dict[str, str]) -> None:
    """Write `name` unless the bucket already holds these very bytes. `published` maps each file to
    its ETag, which for a single-part upload to this bucket (SSE-S3) is the MD5 of its bytes: most runs
    rewrite only the current month and the manifest, and an unchanged file keeps its date. (With any
    other encryption the ETag is no MD5, nothing matches, and every file is written as before.)"""
    if published.get(name) == hashlib.md5(body, usedforsecurity=False).hexdigest():
        return
    _put(name, body, content_type)


def export(months: list[str] | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Write the report files of `months` (default: the recent months setting), the statistics,
    the dictionary and licence, then the manifest listing every file under the prefix."""
    moment = now or clock.now()
    months = months or months_back(settings.recent_months(), moment)
    published = {f["name"]: f["etag"] for f in _listing()}
    written = {}
    for month in months:
        rows = report_rows(month)
        written[f"reports-{month}.csv"] = len(rows)
        _publish(f"reports-{month}.csv", to_csv(rows, REPORT_FIELDS), "text/csv; charset=utf-8", published)
        _publish(f"reports-{month}.json", to_json(rows), "application/json", published)
    statistics = statistics_rows(counted_months(settings.statistics_since(), months_back(1, moment)[0]))
    _publish("statistics.csv", to_csv(statistics, STATISTICS_FIELDS), "text/csv; charset=utf-8", published)
    _publish("statistics.json", to_json(statistics), "application/json", published)
    _publish("data-dictionary.json", json.dumps(dictionary.dictionary(), ensure_ascii=False,
                                                indent=1).encode("utf-8"), "application/json", published)
    _publish("LICENSE.txt", dictionary.LICENCE_TEXT.encode("utf-8"), "text/plain; charset=utf-8", published)
    manifest = {"generated_at": iso(moment), "licence": dictionary.LICENCE_ID, "rows": written,
                "statistics_rows": len(statistics), "files": list_files()}
    _put("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"), "application/json")
    return {"months": months, "reports": sum(written.values()), "statistics_rows": len(statistics)}


def list_files() -> list[dict[str, Any]]:
    """Every file under the prefix (S3 ListObjectsV2), newest report months first."""
    files = [{key: value for key, value in f.items() if key != "etag"} for f in _listing()]
    return sorted(files, key=lambda f: (not f["name"].startswith("reports-"), f["name"]), reverse=False)


def _listing() -> list[dict[str, Any]]:
    """Each file under the prefix: name, bytes, when it last changed, and its ETag (unquoted)."""
    return [{"name": item["Key"][len(settings.PREFIX):], "bytes": item["Size"], "updated": iso(item["LastModified"]),
             "etag": item.get("ETag", "").strip('"')}
            for item in _objects()]


def _objects(page_size: int = 1000) -> Iterator[dict[str, Any]]:
    """ListObjectsV2 page by page. Its continuation token is all botocore's paginator would add, and
    building the paginator (its model and class) cost the export's cold start about 14 ms CPU."""
    request: dict[str, Any] = {"Bucket": PUBLIC_BUCKET.name, "Prefix": settings.PREFIX, "MaxKeys": page_size}
    while True:
        page = client("s3").list_objects_v2(**request)
        yield from page.get("Contents", [])
        if not page.get("IsTruncated"):
            return
        request["ContinuationToken"] = page["NextContinuationToken"]


def download_url(name: str, expires: int = 3600) -> str | None:
    """A short-lived link to one published file, or None when there is no such file."""
    if not name or "/" in name or name not in {f["name"] for f in list_files()}:
        return None
    return client("s3").generate_presigned_url("get_object", Params={"Bucket": PUBLIC_BUCKET.name,
                                                                     "Key": settings.PREFIX + name},
                                               ExpiresIn=expires)


def handle_scheduled_export(_event: Any = None) -> dict[str, Any]:
    """The schedule's entry point."""
    return export()
