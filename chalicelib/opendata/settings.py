"""Open-data export settings, from `chalicelib.settings` (the rate is read when app.py is imported)."""
from __future__ import annotations

from chalicelib.settings import settings
from chalicelib.shared import config

PREFIX = "open-data/"


def export_minutes() -> int:
    """Schedule rate of the export (`LAPOR_OPEN_DATA_MINUTES`): daily, every 2 minutes locally."""
    return settings().open_data_minutes or (2 if config.is_local() else 1440)


def recent_months() -> int:
    """How many months of receipt each scheduled run re-exports (`LAPOR_OPEN_DATA_MONTHS`): older
    reports rarely change; `lapor-ops opendata export --since` re-exports everything."""
    return settings().open_data_months


def statistics_since() -> str:
    """First month the statistics files cover (`LAPOR_OPEN_DATA_SINCE`, YYYY-MM): one league-index
    Query per kind and month, so a long range stays cheap."""
    return settings().open_data_since
