"""Open-data export settings, from the environment (the rate is read when app.py is imported)."""
from __future__ import annotations

import os

from chalicelib.shared import config

PREFIX = "open-data/"


def export_minutes() -> int:
    """Schedule rate of the export (`LAPOR_OPEN_DATA_MINUTES`): daily, every 2 minutes locally."""
    return max(1, int(os.environ.get("LAPOR_OPEN_DATA_MINUTES", "").strip() or (2 if config.is_local() else 1440)))


def recent_months() -> int:
    """How many months of receipt each scheduled run re-exports (`LAPOR_OPEN_DATA_MONTHS`): older
    reports rarely change; `lapor-ops opendata export --since` re-exports everything."""
    return max(1, int(os.environ.get("LAPOR_OPEN_DATA_MONTHS", "").strip() or 3))


def statistics_since() -> str:
    """First month the statistics files cover (`LAPOR_OPEN_DATA_SINCE`, YYYY-MM): one league-index
    Query per kind and month, so a long range stays cheap."""
    return os.environ.get("LAPOR_OPEN_DATA_SINCE", "").strip() or "2012-01"
