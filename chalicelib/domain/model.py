"""Core vocabulary of a report: classifications, statuses, roles and the report itself."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any


class Classification(str, Enum):
    PENGADUAN = "PENGADUAN"  # complaint
    ASPIRASI = "ASPIRASI"  # aspiration / suggestion
    PERMINTAAN_INFORMASI = "PERMINTAAN_INFORMASI"  # information request


class Status(str, Enum):
    DITERIMA = "DITERIMA"  # received, awaiting verification
    DITERUSKAN = "DITERUSKAN"  # dispositioned to an agency
    DITINDAKLANJUTI = "DITINDAKLANJUTI"  # the agency posted a follow-up
    DITUNDA = "DITUNDA"  # on hold: clarification asked from the reporter
    BUKAN_WEWENANG = "BUKAN_WEWENANG"  # agency declined authority; back to the admins
    DIARSIPKAN = "DIARSIPKAN"  # archived with a reason
    SELESAI = "SELESAI"  # done
    DIRUJUK_OMBUDSMAN = "DIRUJUK_OMBUDSMAN"  # referred to the Ombudsman


class Role(str, Enum):
    REPORTER = "REPORTER"
    ADMIN = "ADMIN"  # national admin
    AGENCY = "AGENCY"  # agency admin or liaison, acting through the agency API
    SYSTEM = "SYSTEM"  # the automatic router and the deadline sweep
    OMBUDSMAN = "OMBUDSMAN"


class Channel(str, Enum):
    WEB = "WEB"
    API = "API"
    SMS = "SMS"
    OPEN311 = "OPEN311"
    REGIONAL = "REGIONAL"  # an integrated regional complaint system


@dataclass(frozen=True)
class Actor:
    """Who performs an action: a role plus an identifier (agency id, admin key id, 'router').
    `staff_id` names the person (their user-pool username) when a staff member acted in the
    console; machines acting with an API key have none."""

    role: Role
    id: str
    staff_id: str | None = None

    def label(self) -> str:
        return f"{self.role.value}:{self.id}"


# The reporter as an actor on the timeline: never the reporter's identity (that stays in the contacts table).
REPORTER = Actor(Role.REPORTER, "reporter")


@dataclass(frozen=True)
class Contact:
    """The reporter's identity. Stored apart from the report and never in agency or public views
    of an anonymous report."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone)


@dataclass(frozen=True)
class Attachment:
    """A file the reporter attached (photo or PDF), already verified in object storage.
    `name` is the reporter's own file name: it may identify them, so privacy.py shows it only to
    the reporter. `cleaned`: the stored object is the metadata-stripped copy (intake/cleaning.py)
    under its final key; files attached before cleaning existed are False and are never handed
    out. `thumbnail`: a small JPEG exists for lists (images only)."""

    id: str
    content_type: str
    size: int
    name: str | None = None
    cleaned: bool = False
    thumbnail: bool = False


@dataclass(frozen=True)
class Report:
    """A report as the domain sees it. Persistence details (versions, index keys) live in store."""

    tracking_id: str
    classification: Classification
    title: str
    body: str
    incident_date: date
    region_code: str | None  # None until classified (e.g. an SMS report awaiting the admins)
    category: str | None  # None: the reporter did not know; the router classifies the text
    channel: Channel
    created_at: datetime
    status: Status = Status.DITERIMA
    anonim: bool = False
    rahasia: bool = False
    suggested_agency_id: str | None = None
    agency_id: str | None = None
    deadline: datetime | None = None
    deadline_kind: str | None = None
    on_hold_by: Role | None = None  # who asked for clarification while DITUNDA
    # The deadline sweep's marks for the CURRENT deadline (a new deadline clears them).
    sla_warned_at: datetime | None = None
    sla_breached_at: datetime | None = None
    rating: int | None = None
    rating_comment: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    updated_at: datetime | None = None
    version: int = 0
    reporter_token_hash: str = field(default="", repr=False)
    attachments: tuple[Attachment, ...] = ()
    # Honest closure (lifecycle.Closure): set by the lifecycle table, never by hand.
    first_follow_up_at: datetime | None = None
    closure: str | None = None  # CONFIRMED or TIMED_OUT while SELESAI
    closed_at: datetime | None = None
    reopen_count: int = 0
    # Follow-ups (tindak lanjut) given, kept by the lifecycle beside first_follow_up_at so that lists and
    # the open-data export need not read every report's timeline. None: stored before reports counted
    # them (read the timeline).
    follow_up_count: int | None = 0
    assignee: str | None = None  # the liaison officer (username) an agency admin assigned it to
    # When the agency holding it marked it "being handled" (ACKNOWLEDGE); cleared when it moves to
    # another agency. Lets an inbox tell new reports from acknowledged ones without the timeline.
    acknowledged_at: datetime | None = None
    # The classifier's reading when it did not route the report by itself (a human decides):
    # {"category", "confidence", "alternatives", "reason", "keywords", "regions", ...}.
    suggestion: dict[str, Any] | None = None
    similar_ids: tuple[str, ...] = ()  # open look-alike reports found when it was routed

    def evolve(self, **changes: Any) -> Report:
        return replace(self, **changes)
