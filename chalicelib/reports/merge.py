"""Merging a duplicate into its original (national admins, from the verification desk): the duplicate is
archived as DUPLICATE with the original named on its timeline (its reporter is told, by the archive
notice, which report to follow, and from then on the original's notices reach them too: store.followers,
read by notify.outbox), and its support moves to the original, so the counts add up.

The archive goes through reports.perform like every admin action (version-conditional, one timeline
event), so the notice, webhooks and any hook on archiving apply; the support carry-over is idempotent."""
from __future__ import annotations

import hashlib

from chalicelib.domain.errors import IllegalTransition, NotFound, ValidationFailed
from chalicelib.domain.lifecycle import OPEN, Action
from chalicelib.domain.model import Actor, Report, Role
from chalicelib.reports import read as reports_query
from chalicelib.reports.perform import perform
from chalicelib.shared import clock, config
from chalicelib.store import followers, support_merge
from chalicelib.store import reports as store

MERGE_REASON = "DUPLICATE"


def merged_supporter(duplicate_id: str) -> str:
    """The duplicate's reporter as one supporter of the original (a hash, like a browser's token)."""
    return hashlib.sha256(f"lapor-merged:{config.stage()}:{duplicate_id}".encode()).hexdigest()[:40]


def merge_into(admin_id: str, duplicate_id: str, original_id: str, version: int | None = None,
               staff_id: str | None = None) -> Report:
    """Archive `duplicate_id` as a duplicate of `original_id` and add its support to the original.
    ValidationFailed (field `original`) for itself, an unknown report, or an original that is closed."""
    duplicate = reports_query.load(duplicate_id)
    try:
        original = reports_query.load(original_id)
    except NotFound:  # unknown or malformed: the same answer beside the field
        raise ValidationFailed("merge_unknown_original", field="original") from None
    if original.tracking_id == duplicate.tracking_id:
        raise ValidationFailed("merge_same_report", field="original")
    if original.status not in OPEN:
        raise ValidationFailed("merge_original_closed", field="original")
    message = (f"Laporan ini sama dengan laporan {original.tracking_id} dan digabungkan ke sana; "
               f"ikuti perkembangannya di laporan {original.tracking_id}.")
    try:
        updated, _ = perform(duplicate.tracking_id, Action.ARCHIVE, Actor(Role.ADMIN, admin_id, staff_id),
                             message=message, details={"reason": MERGE_REASON, "merged_into": original.tracking_id},
                             expected_version=version)
    except IllegalTransition:
        if merged_into(duplicate.tracking_id) != original.tracking_id:
            raise
        updated = reports_query.load(duplicate.tracking_id)  # merged before: finish the support carry-over
    followers.add(original.tracking_id, duplicate.tracking_id, clock.now())  # its reporter follows the original
    support_merge.carry_over(duplicate.tracking_id, original.tracking_id, merged_supporter(duplicate.tracking_id),
                             clock.now())
    return updated


def merged_into(tracking_id: str) -> str | None:
    """The original a report was merged into, from its archive event (None: not merged)."""
    for event in reversed(store.timeline(tracking_id)):
        if event.action is Action.ARCHIVE:
            return event.details.get("merged_into")
    return None
