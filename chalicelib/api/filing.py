"""Citizen API: file a report (POST /api/v1/reports), once per idempotency key when one is sent."""
from __future__ import annotations

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from chalice import Blueprint, Response

from chalicelib.api import principals
from chalicelib.domain.calendar import iso
from chalicelib.domain.model import Channel
from chalicelib.http.endpoints import ApiError, endpoint, json_response, parse_json_object
from chalicelib.intake import idempotency_keys
from chalicelib.intake.schema import ReportSubmission
from chalicelib.intake.service import Receipt, submit_idempotently, submit_report
from chalicelib.store.credentials import AGENCY

filing = Blueprint(__name__)


def _channel() -> tuple[Channel, str | None]:
    """(channel, filing agency). Plain API clients are API. A regional complaint system filing
    for its users declares `X-Lapor-Channel: REGIONAL` and proves who it is with its agency key,
    so the channel recorded on a report is never just a client's claim."""
    request = filing.current_request
    declared = (request.headers.get("x-lapor-channel") or "").strip().upper()
    if not declared or declared == Channel.API.value:
        return Channel.API, None
    if declared == Channel.REGIONAL.value:
        return Channel.REGIONAL, principals.require(request, AGENCY).owner
    raise ApiError(400, "invalid_channel")


@endpoint(filing, "/api/v1/reports", methods=["POST"])
def create_report() -> Response:
    request = filing.current_request
    channel, filed_by = _channel()
    submission = ReportSubmission.model_validate(parse_json_object(request))
    key = request.headers.get("idempotency-key")
    if key is None:
        receipt = submit_report(submission, channel, filed_by=filed_by)
    elif not idempotency_keys.SHAPE.match(key):
        raise ApiError(400, "invalid_idempotency_key")
    elif not idempotency_keys.is_strong(key):
        raise ApiError(422, "weak_idempotency_key")
    else:
        try:
            receipt = submit_idempotently(submission, channel, key, filing.lambda_context, filed_by=filed_by)
        except IdempotencyValidationError:
            raise ApiError(422, "idempotency_key_reused") from None
        except IdempotencyAlreadyInProgressError:
            raise ApiError(409, "idempotency_in_progress", headers={"Retry-After": "1"}) from None
    return json_response(_receipt_body(receipt), 201,
                         headers={"Location": f"/api/v1/reports/{receipt.tracking_id}"})


def _receipt_body(receipt: Receipt) -> dict[str, object]:
    return {
        "tracking_id": receipt.tracking_id,
        "status": receipt.status,
        "reporter_token": receipt.reporter_token,
        "deadline": iso(receipt.deadline),
    }
