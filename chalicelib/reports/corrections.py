"""Every decision a person makes on a report the router left or got wrong becomes a labelled example
(store.corrections): the admin use cases call `learn_from` after their write, so a disposition from the
verification queue, a forward after "bukan wewenang", a topic correction and a topic put back all teach
the next model (`lapor-ops model export` -> `make model CORRECTIONS=FILE`), whichever client acted."""
from __future__ import annotations

import logging

from chalicelib.domain.model import Actor, Report, Status
from chalicelib.domain.privacy import redact_public_text
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.store import corrections
from chalicelib.store import reports as store

log = logging.getLogger(__name__)


def kind_of(before: Report, changed_category: bool = False) -> str | None:
    """Which kind of example an admin's write on `before` is (None: it teaches nothing)."""
    if changed_category:
        return "amend"
    if before.status is Status.BUKAN_WEWENANG:
        return "forward_after_not_authority"
    if before.status is Status.DITERUSKAN:
        return "restore"  # only a corrected topic may be re-dispositioned (lifecycle.topic_corrected)
    if before.status is Status.DITERIMA:
        return "disposition"
    return None


def learn_from(kind: str | None, before: Report, after: Report, event: TimelineEvent, actor: Actor) -> None:
    """Store the example `event` made. Idempotent per event; a failure is logged, never raised: the
    person's decision is committed already and must not be reported as failed for a training row."""
    if kind is None:
        return
    suggestion = before.suggestion or {}
    contact = store.contact(before.tracking_id)
    text = redact_public_text(f"{before.title}\n{before.body}", contact.name if contact else None) or ""
    try:
        corrections.record(corrections.Correction(
            tracking_id=after.tracking_id, seq=event.seq, kind=kind, text=text,
            region_code=after.region_code, category=after.category, agency_id=after.agency_id,
            router_category=suggestion.get("category"), router_agency_id=before.agency_id,
            model_version=suggestion.get("model_version"), actor=actor.label(), staff_id=actor.staff_id,
            decided_at=event.at))
    except Exception:
        log.exception("could not store the correction of %s (event %s)", after.tracking_id, event.seq)
