"""CSV downloads of the desk's lists (the queue as searched and sorted, the falling-due overview), every
cell formula-safe (shared.csv_cells): a report title like `=HYPERLINK(...)` stays text in a spreadsheet.
No reporter identity is ever a column (the lists are the projection's case fields only)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from chalice import Response

from chalicelib.domain.calendar import iso
from chalicelib.pages.headers import page_security_headers
from chalicelib.shared.csv_cells import cell

QUEUE_FIELDS = ("tracking_id", "status", "title", "reasons", "age_working_days", "verification_deadline",
                "category", "suggested_category", "region", "overdue")
DUE_FIELDS = ("agency_id", "agency", "overdue", "due_by_working_day", "total")


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def download(name: str, text: str, cookies: list[str]) -> Response:
    headers: dict[str, Any] = {**page_security_headers(), "Content-Type": "text/csv; charset=utf-8",
                               "Content-Disposition": f'attachment; filename="{name}"',
                               "Cache-Control": "no-store"}
    if cookies:
        headers["Set-Cookie"] = cookies if len(cookies) > 1 else cookies[0]
    return Response(body="\ufeff" + text, status_code=200, headers=headers)  # BOM: Excel reads UTF-8


def queue_csv(rows: list[dict[str, Any]]) -> str:
    return to_csv(QUEUE_FIELDS, ([r["tracking_id"], r["status"], r["title"], " ".join(r["reasons"]), r["age"],
                                  iso(r["deadline"]), r["category"], r["suggested"], r["region"], r["overdue"]]
                                 for r in rows))


def due_csv(result: dict[str, Any], labels: list[str]) -> str:
    header = ["agency_id", "agency", "overdue", *labels, "total"]
    return to_csv(header, ([g["agency_id"], g["name"], g["overdue"], *g["by_day"], g["total"]]
                           for g in result["agencies"]))
