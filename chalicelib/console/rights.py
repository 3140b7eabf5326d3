"""Who may open which console page, take which action, and see which report. One table each, so
the authorization matrix test reads the same rules the pages enforce.

A role outside a page's or action's rights gets 403. A report the person may not see is 404, as
if it did not exist (an agency must not learn that another agency's report exists).
"""
from __future__ import annotations

from enum import Enum

from chalicelib.domain.model import Report, Status
from chalicelib.domain.privacy import Audience
from chalicelib.http.staff_tokens import Staff
from chalicelib.shared.identity import StaffRole

NA, AA, LO, OM = StaffRole.NATIONAL_ADMIN, StaffRole.AGENCY_ADMIN, StaffRole.LIAISON, StaffRole.OMBUDSMAN


class Page(str, Enum):
    QUEUE = "verifikasi"  # the national verification queue
    BREACHES = "pelanggaran"  # breaches and escalations by agency
    DUE = "jatuh-tempo"  # what falls due across all agencies in the next working days
    AGENCIES = "instansi"  # every agency's directory entry, staff accounts and API keys
    INBOX = "kotak-masuk"  # an agency's inbox
    FIGURES = "angka"  # an agency's own figures
    ACCOUNTS = "petugas"  # an agency's liaison officer accounts
    WEBHOOK = "webhook"  # an agency's webhook endpoint
    TEMPLATES = "templat"  # an agency's response templates
    ASSIGNED = "tugas"  # a liaison officer's assigned reports
    UNASSIGNED = "belum-ditugaskan"  # the agency's reports no one was assigned yet (liaison officers)
    REFERRED = "rujukan"  # the Ombudsman's referred reports


class Act(str, Enum):
    """Report actions, named as their form's URL (`/konsol/laporan/<id>/<act>`)."""

    DISPOSITION = "disposisi"
    ARCHIVE = "arsip"
    HOLD = "tunda"
    AMEND = "koreksi"
    ADMIN_NOTE = "catatan-admin"
    MERGE = "gabung"  # merge a duplicate into its original (the verification desk)
    ACKNOWLEDGE = "terima"
    ASSIGN = "tugaskan"
    FOLLOW_UP = "tindak-lanjut"
    CLARIFY = "minta-penjelasan"
    NOT_AUTHORITY = "bukan-wewenang"
    FORWARD = "alihkan"
    NOTE = "catatan"
    PROGRESS = "perkembangan"


PAGES: dict[Page, frozenset[StaffRole]] = {
    Page.QUEUE: frozenset({NA}),
    Page.BREACHES: frozenset({NA}),
    Page.DUE: frozenset({NA}),
    Page.AGENCIES: frozenset({NA}),
    Page.INBOX: frozenset({AA}),
    Page.FIGURES: frozenset({AA, OM}),  # the Ombudsman: the same figures for any agency it chooses
    Page.ACCOUNTS: frozenset({AA}),
    Page.WEBHOOK: frozenset({AA}),
    Page.TEMPLATES: frozenset({AA}),
    Page.ASSIGNED: frozenset({LO}),
    Page.UNASSIGNED: frozenset({LO}),
    Page.REFERRED: frozenset({OM}),
}
_AGENCY_WORK = frozenset({AA, LO})
ACTS: dict[Act, frozenset[StaffRole]] = {
    Act.DISPOSITION: frozenset({NA}),
    Act.ARCHIVE: frozenset({NA}),
    Act.HOLD: frozenset({NA}),
    Act.AMEND: frozenset({NA}),
    Act.ADMIN_NOTE: frozenset({NA}),
    Act.MERGE: frozenset({NA}),
    Act.ACKNOWLEDGE: _AGENCY_WORK,
    Act.ASSIGN: frozenset({AA}),  # liaison officers do the work, short of managing others
    Act.FOLLOW_UP: _AGENCY_WORK,
    Act.CLARIFY: _AGENCY_WORK,
    Act.NOT_AUTHORITY: _AGENCY_WORK,
    Act.FORWARD: _AGENCY_WORK,
    Act.NOTE: _AGENCY_WORK,
    Act.PROGRESS: _AGENCY_WORK,
}
HOME: dict[StaffRole, Page] = {NA: Page.QUEUE, AA: Page.INBOX, LO: Page.ASSIGNED, OM: Page.REFERRED}
AUDIENCE: dict[StaffRole, Audience] = {NA: Audience.ADMIN, AA: Audience.AGENCY, LO: Audience.AGENCY,
                                       OM: Audience.OMBUDSMAN}


def may_open(staff: Staff, page: Page) -> bool:
    return staff.role in PAGES[page]


def may_act(staff: Staff, act: Act) -> bool:
    return staff.role in ACTS[act]


def may_see(staff: Staff, report: Report) -> bool:
    """National admins see every report; an agency's staff only what is with their agency (a
    liaison officer what is assigned to them and what no one was assigned yet, so a report does
    not wait for the admin to hand it out); the Ombudsman only referred reports."""
    if staff.role is NA:
        return True
    if staff.role is OM:
        return report.status is Status.DIRUJUK_OMBUDSMAN
    if report.agency_id is None or report.agency_id != staff.agency_id:
        return False
    return staff.role is AA or report.assignee in (None, staff.username)


def audience(staff: Staff) -> Audience:
    return AUDIENCE[staff.role]


def nav(staff: Staff) -> list[Page]:
    return [page for page in Page if may_open(staff, page)]


def act_of(name: str) -> Act | None:
    try:
        return Act(name)
    except ValueError:
        return None
