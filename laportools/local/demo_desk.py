"""Demo reports for the national admins' verification desk on a fresh `make run`: reports the router
leaves for a person (a vague complaint near a school that reads most like a road, a vague request, a
vague Kota Semarang complaint; a text that plainly contradicts its topic is routed by the text
instead), filed through the same intake as the web form, so the demo national admin finds a queue
with reasons and suggested offices and can forward one in one click."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

DEMO_REPORTS: tuple[dict[str, Any], ...] = (
    {"title": "Keluhan warga", "region_code": "62.01", "category": None,
     "body": "Ada yang rusak di depan SDN 3 sudah dua minggu, mohon segera diperbaiki.",
     "reporter": {"name": "Demo Pelapor", "phone": "081200001708"}},
    {"title": "Mohon bantuannya bapak ibu", "region_code": "62.01", "category": "lainnya",
     "body": "saya mau tanya saja bagaimana ya caranya, terima kasih"},
    {"title": "Keluhan warga Tembalang", "region_code": "33.74", "category": None,
     "body": "Ada yang rusak di Tembalang sudah dua minggu, mohon segera diperbaiki."},
)


def file_desk_reports() -> list[str]:
    """File the demo reports (DITERIMA; the local runtime routes them within seconds)."""
    from chalicelib.domain.model import Channel
    from chalicelib.intake.schema import ReportSubmission
    from chalicelib.intake.service import submit_report
    from chalicelib.shared import clock

    incident = (clock.now() - timedelta(days=2)).date().isoformat()
    filed = []
    for report in DEMO_REPORTS:
        submission = ReportSubmission.model_validate({"classification": "PENGADUAN", "incident_date": incident,
                                                      **report})
        filed.append(submit_report(submission, Channel.WEB).tracking_id)
    return filed
