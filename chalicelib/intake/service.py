"""Turns a validated submission into a stored DITERIMA report (its SUBMIT event asks routing)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from chalicelib.domain import lifecycle
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import REPORTER, Channel, Contact, Report
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.intake import idempotency_keys
from chalicelib.intake.attachments import claims as attachment_claims
from chalicelib.intake.attachments import discard_uploads, refusing_taken
from chalicelib.intake.attachments import verify as verify_attachments
from chalicelib.intake.schema import ReportSubmission, SmsSubmission
from chalicelib.shared import clock, config
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.tokens import hash_secret, new_secret, seal, unseal
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Receipt:
    tracking_id: str
    status: str
    reporter_token: str
    deadline: datetime | None


def submit_report(submission: ReportSubmission, channel: Channel, now: datetime | None = None,
                  filed_by: str | None = None) -> Receipt:
    """Store the report (DITERIMA, verification deadline) and enqueue it for routing.
    `filed_by`: the agency whose regional system filed it for one of its users."""
    if submission.agency_id and agencies.get_agency(submission.agency_id) is None:
        raise ValidationFailed("unknown_agency", field="agency_id")
    now = now or clock.now()
    token = new_secret("rt")
    deadline = lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, now)
    report = Report(
        tracking_id=new_tracking_id(),
        classification=submission.classification,
        title=submission.title,
        body=submission.body,
        incident_date=submission.incident,
        region_code=submission.region_code,
        category=submission.category,
        channel=channel,
        created_at=now,
        updated_at=now,
        status=lifecycle.INITIAL_STATUS,
        anonim=submission.anonim,
        rahasia=submission.rahasia,
        suggested_agency_id=submission.agency_id,
        deadline=deadline,
        deadline_kind=lifecycle.INITIAL_DEADLINE.value,
        address=submission.address,
        latitude=submission.latitude,
        longitude=submission.longitude,
        reporter_token_hash=hash_secret(token),
        attachments=verify_attachments(submission.attachments) if submission.attachments else (),
    )
    contact = Contact(**submission.reporter.model_dump()) if submission.reporter else None
    event = TimelineEvent(
        seq=1, at=now, action=Action.SUBMIT, actor=REPORTER,
        from_status=None, to_status=report.status, deadline=deadline,
        details={"channel": channel.value, **({"filed_by": filed_by} if filed_by else {}),
                 **({"region_from_text": True} if submission.region_from_text else {})},
    )
    # Each attachment is claimed in the report's own transaction: a second report listing it is
    # refused, two racing filings let one win, and a refused filing claims none of its uploads.
    with refusing_taken(report.attachments):
        store.create(report, contact, event, also=attachment_claims(report.attachments, report.tracking_id))
    # The report now holds the cleaned copies: the originals (GPS and all) go. A crash before
    # this line leaves an original nobody can reach (its id is claimed) until the bucket's
    # lifecycle rule expires `uploads/`.
    discard_uploads(report.attachments)
    # Routing is asked by the outbox (routing/outbox.py) from the committed SUBMIT event, so no
    # crash or SQS error after this line can leave the report without its routing message.
    crash_point("intake.stored")
    return Receipt(report.tracking_id, report.status.value, token, deadline)


_IDEMPOTENCY = IdempotencyConfig(
    event_key_jmespath="key",
    payload_validation_jmespath="[payload, channel, filed_by]",
    expires_after_seconds=24 * 3600,
)


@lru_cache(maxsize=1)
def _idempotent_submit() -> Callable[..., dict[str, Any]]:
    """Built on first use so that importing intake costs no AWS client at cold start."""
    return idempotent_function(
        data_keyword_argument="request",
        persistence_store=DynamoDBPersistenceLayer(table_name=config.resource_name("idempotency")),
        config=_IDEMPOTENCY,
    )(_submit_record)


def submit_idempotently(
    submission: ReportSubmission, channel: Channel, idempotency_key: str, lambda_context: Any = None,
    filed_by: str | None = None,
) -> Receipt:
    """Same key and same payload -> the same receipt, never a second report. Same key with a
    different payload raises IdempotencyValidationError. The stored response holds the reporter
    token only sealed with the client's key, so the table never holds it in the clear."""
    idempotency_keys.require_strong(idempotency_key)  # the key is what proves the replay is the client's
    # exclude_unset: a region read from the text is read again (and marked so) on the way back in
    request = {"key": idempotency_key, "payload": submission.model_dump(mode="json", exclude_unset=True),
               "channel": channel.value, "filed_by": filed_by}
    if lambda_context is not None:
        _IDEMPOTENCY.register_lambda_context(lambda_context)  # in-progress records expire with the Lambda
    stored = _idempotent_submit()(request=request)
    return Receipt(stored["tracking_id"], stored["status"],
                   unseal(stored["sealed_token"], idempotency_key),
                   datetime.fromisoformat(stored["deadline"]) if stored["deadline"] else None)


def _submit_record(request: dict[str, Any]) -> dict[str, Any]:
    schema = SmsSubmission if request["channel"] == Channel.SMS.value else ReportSubmission
    submission = schema.model_validate(request["payload"], strict=False)
    receipt = submit_report(submission, Channel(request["channel"]), filed_by=request.get("filed_by"))
    return {
        "tracking_id": receipt.tracking_id,
        "status": receipt.status,
        "sealed_token": seal(receipt.reporter_token, request["key"]),
        "deadline": receipt.deadline.isoformat() if receipt.deadline else None,
    }
