"""Turns a validated submission into a stored DITERIMA report (its SUBMIT event asks routing)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Protocol

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from chalicelib.domain import lifecycle
from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import REPORTER, Channel, Classification, Contact, Report
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.intake import idempotency_keys
from chalicelib.intake.attachments import claims as attachment_claims
from chalicelib.intake.attachments import discard_uploads, refusing_taken
from chalicelib.intake.attachments import verify as verify_attachments
from chalicelib.shared import aws, clock, config
from chalicelib.shared.crashpoints import crash_point
from chalicelib.shared.tokens import hash_secret, new_secret, seal, unseal
from chalicelib.store import directory as agencies
from chalicelib.store import reports as store

log = logging.getLogger(__name__)


class Reporter(Protocol):
    @property
    def name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...


class Filing(Protocol):
    """A checked submission, as intake reads it: the request model of the web form, the API and
    Open311 (intake/schema.ReportSubmission) or an SMS filing (intake/sms_filing.SmsFiling). Each
    also writes itself as the idempotency record's payload and reads itself back from one."""

    @property
    def classification(self) -> Classification: ...
    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def incident(self) -> date: ...
    @property
    def region_code(self) -> str | None: ...
    @property
    def region_from_text(self) -> bool: ...
    @property
    def category(self) -> str | None: ...
    @property
    def agency_id(self) -> str | None: ...
    @property
    def anonim(self) -> bool: ...
    @property
    def rahasia(self) -> bool: ...
    @property
    def reporter(self) -> Reporter | None: ...
    @property
    def address(self) -> str | None: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...
    @property
    def attachments(self) -> list[str] | None: ...

    def payload(self) -> dict[str, Any]: ...

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Filing: ...


@dataclass(frozen=True)
class Receipt:
    tracking_id: str
    status: str
    reporter_token: str
    deadline: datetime | None


def submit_report(submission: Filing, channel: Channel, now: datetime | None = None,
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
    reporter = submission.reporter
    contact = Contact(name=reporter.name, email=reporter.email, phone=reporter.phone) if reporter else None
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
    """Built on first use so that importing intake costs no AWS client at cold start. The records
    go through the process's one DynamoDB client: left to itself, Powertools opens a boto3 session
    of its own, which parses the SDK's endpoint and DynamoDB data a second time."""
    return idempotent_function(
        data_keyword_argument="request",
        persistence_store=DynamoDBPersistenceLayer(table_name=config.resource_name("idempotency"),
                                                   boto3_client=aws.client("dynamodb")),
        config=_IDEMPOTENCY,
    )(_submit_record)


def submit_idempotently(
    submission: Filing, channel: Channel, idempotency_key: str, lambda_context: Any = None,
    filed_by: str | None = None,
) -> Receipt:
    """Same key and same payload -> the same receipt, never a second report. Same key with a
    different payload raises IdempotencyValidationError. The stored response holds the reporter
    token only sealed with the client's key, so the table never holds it in the clear."""
    idempotency_keys.require_strong(idempotency_key)  # the key is what proves the replay is the client's
    request = {"key": idempotency_key, "payload": submission.payload(), "channel": channel.value,
               "filed_by": filed_by}
    if lambda_context is not None:
        _IDEMPOTENCY.register_lambda_context(lambda_context)  # in-progress records expire with the Lambda
    stored = _idempotent_submit()(request=request, read=type(submission).from_payload)
    return Receipt(stored["tracking_id"], stored["status"],
                   unseal(stored["sealed_token"], idempotency_key),
                   datetime.fromisoformat(stored["deadline"]) if stored["deadline"] else None)


def _submit_record(request: dict[str, Any], read: Callable[[dict[str, Any]], Filing]) -> dict[str, Any]:
    """`read`: the submission's own reader of its payload (the request model's or the SMS filing's)."""
    submission = read(request["payload"])
    receipt = submit_report(submission, Channel(request["channel"]), filed_by=request.get("filed_by"))
    return {
        "tracking_id": receipt.tracking_id,
        "status": receipt.status,
        "sealed_token": seal(receipt.reporter_token, request["key"]),
        "deadline": receipt.deadline.isoformat() if receipt.deadline else None,
    }
