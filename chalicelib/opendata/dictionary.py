"""The data dictionary and licence published with the open data: what each column means."""
from __future__ import annotations

LICENCE_ID = "CC-BY-4.0"
LICENCE_TEXT = """Lapor open data (laporan publik dan statistik penanganan)

Licence: Creative Commons Attribution 4.0 International (CC BY 4.0)
https://creativecommons.org/licenses/by/4.0/

You may share and adapt these files for any purpose, provided you give appropriate credit
("Sumber: Lapor / SP4N-LAPOR!"), link the licence and indicate if changes were made.

What is NOT in these files: reports marked rahasia (secret); reporters' names, email addresses and
phone numbers; locations (address, coordinates); attachments. Personal data typed into report text
(16-digit NIK, phone numbers, email addresses, the reporter's own name) is replaced by [NIK],
[TELEPON], [EMAIL] and [NAMA]. Region names come from the Kemendagri codes (idn-area-data, ODbL).
"""

REPORT_COLUMNS: list[tuple[str, str]] = [
    ("tracking_id", "Tracking ID of the report (10 characters, XXXXX-XXXXX)"),
    ("received_at", "When the report was received (ISO 8601, Asia/Jakarta)"),
    ("month", "Month of receipt, YYYY-MM (Asia/Jakarta); the file the row is in"),
    ("classification", "PENGADUAN (complaint), ASPIRASI (suggestion) or PERMINTAAN_INFORMASI (information request)"),
    ("category", "Topic code (see /api/v1/categories)"),
    ("region_code", "Kemendagri region code: province (62) or regency/city (62.01)"),
    ("region_name", "Name of the region"),
    ("agency_id", "Agency currently handling the report (empty while with the national admins)"),
    ("agency_name", "Name of that agency"),
    ("status", "Current status: DITERIMA, DITERUSKAN, DITINDAKLANJUTI, DITUNDA, BUKAN_WEWENANG, DIARSIPKAN, SELESAI, "
               "DIRUJUK_OMBUDSMAN"),
    ("closure", "For SELESAI: CONFIRMED (the reporter confirmed it solved) or TIMED_OUT (the reply window passed)"),
    ("closed_at", "When it closed (ISO 8601), if it did"),
    ("anonim", "true when the reporter asked to stay anonymous (their identity is never published either way)"),
    ("title", "Title, with personal data redacted"),
    ("body", "Text of the report, with personal data redacted"),
    ("follow_up_count", "How many follow-ups (substantive responses) the agency posted"),
    ("first_follow_up_at", "When the agency first responded (ISO 8601), if it did"),
    ("support_count", "How many people supported ('dukung') the report, one per browser"),
]

STATISTICS_COLUMNS: list[tuple[str, str]] = [
    ("kind", "national, agency, province, regency or category"),
    ("id", "Agency id, region code or category code (empty for national)"),
    ("name", "Name of the agency, region or category"),
    ("month", "YYYY-MM (the month in which events happened, Asia/Jakarta) or ALL"),
    ("received", "Reports received"),
    ("assigned", "Reports dispositioned or forwarded to the agency (agency rows)"),
    ("dispositioned", "Reports dispositioned for the first time"),
    ("followed_up_on_time", "Follow-up obligations answered by their 5-working-day deadline"),
    ("followed_up_late", "Answered after the deadline, or escalated unanswered (counted once)"),
    ("on_time_rate", "followed_up_on_time / (on time + late); empty without a sample"),
    ("on_time_ci95_low", "Lower bound of the 95% Wilson interval of the rate"),
    ("on_time_ci95_high", "Upper bound of that interval"),
    ("grade", "GOOD (lower bound >= 0.80), FAIR (>= 0.60), POOR, or UNRATED (fewer than 10 judged)"),
    ("first_follow_up_median_hours",
     "Median working hours to the first follow-up (upper bound of its bucket; 481 = more than 480)"),
    ("first_follow_up_p90_hours", "90th percentile, same convention"),
    ("disposition_median_hours", "Median working hours from receipt to first disposition (same convention)"),
    ("closed_confirmed", "Closed because the reporter confirmed the report solved"),
    ("closed_timed_out", "Closed because the reply window passed (not necessarily solved)"),
    ("reopened", "Timeout closures the reporter reopened"),
    ("ombudsman_referrals", "Reports referred to the Ombudsman"),
    ("archived", "Reports archived"),
    ("escalated", "Missed deadlines escalated by the deadline sweep"),
    ("rating_average", "Average rating (1-5); empty without ratings"),
    ("rating_count", "Number of ratings"),
]


def dictionary() -> dict[str, object]:
    return {
        "title": "Lapor open data",
        "licence": LICENCE_ID,
        "notes": "Working hours are hours on working days (weekends, national holidays and cuti bersama "
                 "excluded; a working day counts 24 hours). Figures are counted once per timeline event, "
                 "in the month the event happened.",
        "files": {
            "reports-YYYY-MM.csv / .json": {"description": "Public reports received in that month",
                                            "columns": dict(REPORT_COLUMNS)},
            "statistics.csv / .json": {"description": "Figures per scope and month",
                                       "columns": dict(STATISTICS_COLUMNS)},
            "manifest.json": {"description": "When the files were written, their rows, sizes and SHA-256"},
        },
    }
