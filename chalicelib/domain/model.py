"""Core vocabulary of a report: classifications, statuses, roles and the report itself."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Optional


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
    staff_id: Optional[str] = None

    def label(self) -> str:
        return f"{self.role.value}:{self.id}"


@dataclass(frozen=True)
class Contact:
    """The reporter's identity. Stored apart from the report and never in agency or public views
    of an anonymous report."""

    name: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None

    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone)


@dataclass(frozen=True)
class Attachment:
    """A file the reporter attached (photo or PDF), already verified in object storage.
    `name` is the reporter's own file name: it may identify them, so privacy.py shows it only to
    the reporter."""

    id: str
    content_type: str
    size: int
    name: Optional[str] = None


@dataclass(frozen=True)
class Report:
    """A report as the domain sees it. Persistence details (versions, index keys) live in store."""

    tracking_id: str
    classification: Classification
    title: str
    body: str
    incident_date: date
    region_code: Optional[str]  # None until classified (e.g. an SMS report awaiting the admins)
    category: Optional[str]  # None: the reporter did not know; the router classifies the text
    channel: Channel
    created_at: datetime
    status: Status = Status.DITERIMA
    anonim: bool = False
    rahasia: bool = False
    suggested_agency_id: Optional[str] = None
    agency_id: Optional[str] = None
    deadline: Optional[datetime] = None
    deadline_kind: Optional[str] = None
    on_hold_by: Optional[Role] = None  # who asked for clarification while DITUNDA
    # The deadline sweep's marks for the CURRENT deadline (a new deadline clears them).
    sla_warned_at: Optional[datetime] = None
    sla_breached_at: Optional[datetime] = None
    rating: Optional[int] = None
    rating_comment: Optional[str] = None
    address: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    updated_at: Optional[datetime] = None
    version: int = 0
    reporter_token_hash: str = field(default="", repr=False)
    attachments: tuple[Attachment, ...] = ()
    # Honest closure (lifecycle.Closure): set by the lifecycle table, never by hand.
    first_follow_up_at: Optional[datetime] = None
    closure: Optional[str] = None  # CONFIRMED or TIMED_OUT while SELESAI
    closed_at: Optional[datetime] = None
    reopen_count: int = 0
    assignee: Optional[str] = None  # the liaison officer (username) an agency admin assigned it to
    # The classifier's reading when it did not route the report by itself (a human decides):
    # {"category", "confidence", "alternatives", "reason", "keywords", "regions", ...}.
    suggestion: Optional[dict[str, Any]] = None
    similar_ids: tuple[str, ...] = ()  # open look-alike reports found when it was routed

    def evolve(self, **changes: Any) -> Report:
        return replace(self, **changes)
