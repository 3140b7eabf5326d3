"""The audit trail of downloads: who was given a link to which of a report's files, and when.

Why: a report's photos can show who filed it and where they live. Every link handed to an agency,
a staff member or the reporter is recorded before it is handed out (a failed write means no
link), so an admin can answer "who saw this picture" for any report, by its key.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from chalicelib.domain.calendar import iso
from chalicelib.store.keys import sortable
from chalicelib.store.models import FileAccessRecord


def record(tracking_id: str, attachment_id: str, audience: str, actor: str, variant: str, at: datetime) -> None:
    """One minted link, written before the link leaves the service."""
    FileAccessRecord(tracking_id, f"{sortable(at, precise=True)}#{secrets.token_hex(4)}",
                     attachment_id=attachment_id, audience=audience, actor=actor, variant=variant,
                     at=at).save()


def entries(tracking_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """The report's downloads, oldest first (one Query of its partition)."""
    return [{"at": iso(r.at), "attachment_id": r.attachment_id, "audience": r.audience, "actor": r.actor,
             "variant": r.variant}
            for r in FileAccessRecord.query(tracking_id, limit=limit, consistent_read=True)]
