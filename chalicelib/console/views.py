"""The staff console blueprint (`/konsol/...`), registered in app.py. Importing the page modules
registers their routes on the one blueprint defined in console.page."""
from __future__ import annotations

from chalicelib.console import (  # noqa: F401 - they register routes
    agency_admin,
    desk,
    desk_directory,
    desk_due,
    inbox,
    report_files,
    report_page,
    signin,
    worklists,
)
from chalicelib.console.page import console

__all__ = ["console"]
