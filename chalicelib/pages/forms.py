"""The report form as the browser posts it (x-www-form-urlencoded) turned into the API's
submission, and the validation errors turned back into messages beside the form's fields.

The rules are ReportSubmission's and submit_report's: this module only translates field names.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from pydantic import ValidationError

from chalicelib.directory import catalogue
from chalicelib.domain.errors import ValidationFailed
from chalicelib.intake.schema import ReportSubmission
from chalicelib.pages.i18n import error_text

MAX_FORM_BYTES = 64_000
_TEXT_FIELDS = ("classification", "title", "body", "incident_date", "category", "agency_id", "address")
_REPORTER_FIELDS = {"name": "reporter_name", "email": "reporter_email", "phone": "reporter_phone"}
# pydantic location (dotted) -> the form field the message is shown beside
_FIELD_OF = {
    "region_code": "province",
    "reporter.name": "reporter_name",
    "reporter.email": "reporter_email",
    "reporter.phone": "reporter_phone",
    "": "latitude",  # the model-level rule: latitude and longitude go together
}
FIELD_ORDER = ("classification", "title", "body", "incident_date", "province", "regency", "address",
               "latitude", "longitude", "category", "agency_id", "attachments", "reporter_name",
               "reporter_email", "reporter_phone")


def parse_form(raw: bytes | None) -> dict[str, list[str]]:
    text = (raw or b"")[:MAX_FORM_BYTES].decode("utf-8", errors="replace")
    return parse_qs(text, keep_blank_values=True)


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()


def _number(text: str) -> Any:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text  # left as text: the model answers float_type beside the field


def to_submission(form: dict[str, list[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """(submission payload, errors found before the model runs: field -> code)."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        value = first(form, name)
        if value:  # an empty box is "missing", not "too short" or "unknown"
            data[name] = value
    province, regency = first(form, "province"), first(form, "regency")
    if regency:
        data["region_code"] = regency
        found = catalogue.region(regency)
        if province and found is not None and found.province_code != province:
            errors["regency"] = "regency_mismatch"
    elif province:
        data["region_code"] = province
    latitude, longitude = _number(first(form, "latitude")), _number(first(form, "longitude"))
    if latitude is not None:
        data["latitude"] = latitude
    if longitude is not None:
        data["longitude"] = longitude
    data["anonim"] = first(form, "anonim") in ("1", "on", "true")
    data["rahasia"] = first(form, "rahasia") in ("1", "on", "true")
    reporter = {key: first(form, field) for key, field in _REPORTER_FIELDS.items() if first(form, field)}
    if reporter:
        data["reporter"] = reporter
    attachments = [v.strip() for v in form.get("attachments", []) if v.strip()]
    if attachments:
        data["attachments"] = attachments
    return data, errors


def field_errors(error: ValidationError, lang: str) -> dict[str, str]:
    """Field -> message, the first problem of each field only (the one to fix first)."""
    out: dict[str, str] = {}
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"] if not isinstance(part, int))
        field = _FIELD_OF.get(loc, loc)
        code = item["type"]
        if code in ("enum", "literal_error"):
            code = "invalid_value"
        out.setdefault(field, error_text(code, lang, **(item.get("ctx") or {})))
    return out


def domain_field_error(error: ValidationFailed, lang: str) -> dict[str, str]:
    return {str(error.params.get("field", "title")): error_text(error.code, lang)}


def validate(form: dict[str, list[str]], lang: str) -> tuple[ReportSubmission | None, dict[str, str]]:
    data, early = to_submission(form)
    errors = {field: error_text(code, lang) for field, code in early.items()}
    submission = None
    try:
        submission = ReportSubmission.model_validate(data)
    except ValidationError as error:
        for field, text in field_errors(error, lang).items():
            errors.setdefault(field, text)
    if errors:
        return None, ordered(errors)
    return submission, {}


def ordered(errors: dict[str, str]) -> dict[str, str]:
    """Errors in the order the fields appear on the page (the summary lists them so)."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    return dict(sorted(errors.items(), key=lambda item: rank.get(item[0], len(rank))))
