"""Builds docs/openapi.yaml, the OpenAPI 3.1 contract of Lapor's JSON API.

    .venv/bin/python docs/build_openapi.py          # rewrite docs/openapi.yaml
    .venv/bin/python docs/build_openapi.py --check  # exit 1 when the file is out of date

Request bodies are the JSON Schemas the pydantic models generate; enumerations (statuses,
actions, channels, webhook event types...) come from the code. Only the response shapes and the
prose are written here by hand, and tests/docs/test_openapi.py checks them against real answers.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "openapi.yaml"
sys.path.insert(0, str(ROOT))

from chalicelib.api.attachments import UploadRequest
from chalicelib.api.classify import ClassifyIn
from chalicelib.delivery import events
from chalicelib.directory import catalogue
from chalicelib.domain import notices as notify_events
from chalicelib.domain.lifecycle import Action, Closure, DeadlineKind
from chalicelib.domain.model import Channel, Role, Status
from chalicelib.http import admin_bodies as admin_schema
from chalicelib.http import agency_bodies as agency_schema
from chalicelib.http.endpoints import MAX_BODY_BYTES
from chalicelib.http.reporter_bodies import RatingIn, ReopenIn, ReplyIn
from chalicelib.intake import attachments as attachment_rules
from chalicelib.intake.schema import ReportSubmission
from chalicelib.shared.identity import StaffRole
from chalicelib.store import deliveries as delivery_log
from chalicelib.store import notifications as notify_log

# Component name -> pydantic model of a request body.
REQUEST_MODELS = {
    "ReportSubmission": ReportSubmission,
    "ReplyIn": ReplyIn,
    "RatingIn": RatingIn,
    "UploadRequest": UploadRequest,
    "AgencyAcknowledge": agency_schema.Acknowledge,
    "AgencyFollowUp": agency_schema.FollowUp,
    "AgencyClarification": agency_schema.Clarification,
    "AgencyNotAuthority": agency_schema.NotAuthority,
    "AgencyForward": agency_schema.Forward,
    "AgencyNote": agency_schema.Note,
    "WebhookEndpoint": agency_schema.WebhookEndpoint,
    "AdminDisposition": admin_schema.Disposition,
    "AdminArchive": admin_schema.Archive,
    "AdminHold": admin_schema.Hold,
    "AdminAmend": admin_schema.Amend,
    "AdminNote": admin_schema.Note,
    "AdminRestoreTopic": admin_schema.RestoreTopic,
    "AgencyCreate": admin_schema.AgencyCreate,
    "AgencyUpdate": admin_schema.AgencyUpdate,
    "ReopenIn": ReopenIn,
    "ClassifyRequest": ClassifyIn,
}
REF = "#/components/schemas/{model}"


def request_schemas() -> dict[str, Any]:
    """Every request-body schema, with pydantic's nested definitions hoisted to components."""
    out: dict[str, Any] = {}
    for name, model in REQUEST_MODELS.items():
        schema = model.model_json_schema(ref_template=REF)
        for nested, definition in {**schema.pop("$defs", {}), name: schema}.items():
            if out.setdefault(nested, definition) != definition:
                raise SystemExit(f"two different schemas named {nested}")
    return out


# ---- response shapes (by hand; tests/docs validates real answers against them) ----------------

def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Any], optional: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """A closed object: every property required unless listed in `optional`."""
    return {"type": "object", "properties": properties,
            "required": [p for p in properties if p not in optional], "additionalProperties": False, **extra}


def page_of(item: str, **more: Any) -> dict[str, Any]:
    return obj({**more, "items": {"type": "array", "items": ref(item)}, "next_cursor": nullable(ref("Cursor"))})


TEXT, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601, Asia/Jakarta offset (+07:00)"}
OPT_TIME, OPT_TEXT = nullable(TIME), nullable(TEXT)
ENUMS = {
    "Status": Status, "Action": Action, "ActorRole": Role, "Channel": Channel, "DeadlineKind": DeadlineKind,
    "Closure": Closure,
}

PUBLIC_EVENT = {"at": TIME, "action": ref("Action"), "from_status": nullable(ref("Status")), "to_status": ref("Status")}
PUBLIC_FIELDS = {
    "tracking_id": ref("TrackingId"), "status": ref("Status"), "classification": ref("Classification"),
    "category": OPT_TEXT, "title": TEXT, "body": TEXT, "incident_date": {"type": "string", "format": "date"},
    "region_code": OPT_TEXT, "anonim": BOOL, "rahasia": BOOL, "created_at": TIME, "updated_at": TIME,
    "latitude": {"type": ["number", "null"], "description": "The pin as the public may see it: rounded to 3 decimals "
                 "(~100 m) when `anonim`; staff views carry it exactly"},
    "longitude": {"type": ["number", "null"]},
    "agency": nullable(ref("AgencyRef")), "deadline": OPT_TIME,
    "deadline_kind": nullable(ref("DeadlineKind")),
    "closure": {**nullable(ref("Closure")), "description": "Why a SELESAI report closed: CONFIRMED by the "
                "reporter or TIMED_OUT (the reply window passed); counted apart in every figure"},
    "closed_at": OPT_TIME,
    "support_count": {"type": "integer", "minimum": 0, "description": "Public supports (\"dukung\"), one per browser"},
}
NUMBER_OR_NULL = {"type": ["number", "null"]}
FILE_FIELDS = {"id": TEXT, "content_type": TEXT, "size": INT,
               "download": {"type": "string", "description": "Where this audience asks for a 5-minute link"}}
DOWNLOADABLE = {"downloadable": {"type": "boolean", "description": "False for files stored before metadata "
                                 "stripping existed: those are never handed out"}, "thumbnail": BOOL}
ASSIGNEE = {"assignee": {"type": ["string", "null"], "description": "The liaison officer the agency assigned it to"}}


def case_fields(attachment: str) -> dict[str, Any]:
    """What the reporter, the handling agency and the admins see beyond the public view."""
    return {
        **PUBLIC_FIELDS, "timeline": {"type": "array", "items": ref("TimelineEvent")},
        "channel": ref("Channel"), "address": OPT_TEXT, "latitude": NUMBER_OR_NULL, "longitude": NUMBER_OR_NULL,
        "suggested_agency_id": OPT_TEXT, "version": {"type": "integer", "minimum": 1},
        "follow_ups": {"type": "array", "items": ref("FollowUpView")},
        "progress": {"type": "array", "items": ref("FollowUpView"),
                     "description": "Progress news after the follow-up (PROGRESS), with its files"},
        "rating": nullable(obj({"score": {"type": "integer", "minimum": 1, "maximum": 5}, "comment": OPT_TEXT})),
        "attachments": {"type": "array", "items": ref(attachment)},
        "reporter": nullable(ref("ReporterContact")),
        "notifications": {"type": "array", "items": ref("NotificationLogEntry"),
                          "description": "What the reporter was told (email/SMS), or why not. The reporter's "
                                        "and the admins' views only."},
        "well_supported": {"type": "boolean", "description": "Agency and admin views: at least 10 supports"},
    }


# The classifier's suggestion and the look-alikes: agencies and admins only (issue 11).
STAFF_FIELDS = {
    "suggestion": nullable({"$ref": "#/components/schemas/Suggestion"}),
    "similar_ids": {"type": "array", "items": {"$ref": "#/components/schemas/TrackingId"},
                    "description": "Open look-alike reports (possible duplicates) found when it was routed"},
}
CATEGORY_REF = {"code": TEXT, "name": TEXT, "name_id": TEXT, "name_en": TEXT, "sector": TEXT, "national": BOOL}
PLACE = {"kind": {"enum": ["PROVINSI", "KABUPATEN", "KOTA", "KECAMATAN", "KELURAHAN", "DESA"]}, "name": TEXT,
         "words": {"type": "string", "description": "The words of the text that matched, normalised"},
         "ambiguous": BOOL, "region_code": OPT_TEXT}


def without(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in names}


DUE_ROW = {
    "tracking_id": ref("TrackingId"), "title": TEXT, "status": ref("Status"), "classification": ref("Classification"),
    "category": OPT_TEXT, "region_code": TEXT, "agency_id": OPT_TEXT, "deadline_kind": nullable(ref("DeadlineKind")),
    "deadline": OPT_TIME, "seconds_left": {"type": ["integer", "null"]},
    "working_days_left": {"type": ["integer", "null"]}, "overdue": BOOL, "warned_at": OPT_TIME, "breached_at": OPT_TIME,
}
AGENCY_FIELDS = {
    "agency_id": TEXT, "name": TEXT, "name_en": TEXT, "kind": TEXT,
    "level": {"enum": ["NASIONAL", "PROVINSI", "KABUPATEN", "KOTA"]}, "region_code": TEXT,
    "sector": OPT_TEXT, "parent_id": OPT_TEXT, "active": BOOL,
}


def response_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {name: {"type": "string", "enum": [m.value for m in enum]} for name, enum in ENUMS.items()}
    schemas.update({
        "Error": obj({"error": obj({
            "code": {"type": "string", "description": "Stable machine-readable code (e.g. `validation_failed`)"},
            "message": {"type": "string", "description": "For people, in the caller's language"},
            "details": {"type": "array", "items": obj({"field": TEXT, "code": TEXT, "message": TEXT})},
        }, optional=("details",))}),
        "TrackingId": {"type": "string", "pattern": "^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$",
                       "examples": ["K7Q4M-9XAR3"]},
        "Cursor": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,2048}$",
                   "description": "Opaque; pass back as `?cursor=` for the next page. A cursor Lapor did not issue "
                                  "for this listing is 422 `invalid_cursor`"},
        "WebhookEventType": {"type": "string", "enum": list(events.EVENT_TYPES)},
        "DeliveryStatus": {"type": "string", "enum": [delivery_log.PENDING, delivery_log.RETRYING, delivery_log.DELIVERED,
                                                      delivery_log.FAILED, delivery_log.SKIPPED]},
        "AgencyRef": obj({"id": TEXT, "name": TEXT}),
        "ReporterContact": obj({"name": OPT_TEXT, "email": OPT_TEXT, "phone": OPT_TEXT}),
        "PublicTimelineEvent": obj(PUBLIC_EVENT),
        "TimelineEvent": obj({**PUBLIC_EVENT, "actor": ref("ActorRole"), "message": TEXT, "details": {"type": "object"},
                              "staff_id": {"type": "string", "description": "The official who acted in the console "
                                                                            "(absent for API keys and the system)"}},
                             optional=("message", "details", "staff_id")),
        "FollowUpView": obj({"at": TIME, "message": OPT_TEXT, "agency_id": OPT_TEXT,
                             "attachments": {"type": "array", "items": {"type": "object"}},
                             "files": {"type": "array", "items": ref("FollowUpFile")}}),
        "FollowUpFile": obj({**FILE_FIELDS, "thumbnail": BOOL}, optional=("download",),
                            description="A photo or document staff uploaded with a follow-up (metadata stripped)"),
        "ReportAttachment": obj({**FILE_FIELDS, **DOWNLOADABLE}, optional=("download",)),
        "ReporterAttachment": obj({**FILE_FIELDS, **DOWNLOADABLE, "name": OPT_TEXT}, optional=("download",)),
        "PublicProgress": obj({"at": TIME, "files": {"type": "array", "items": ref("FollowUpFile")}},
                              description="Progress news that carried files: the files only (the news itself "
                                          "is for the reporter)"),
        "PublicFollowUp": obj({"at": TIME, "message": OPT_TEXT, "files": {"type": "array", "items": ref("FollowUpFile")}}),
        "FileLink": obj({"attachment_id": TEXT, "variant": {"enum": ["file", "thumbnail"]}, "content_type": TEXT,
                         "url": {"type": "string", "description": "Presigned GET of the cleaned copy"},
                         "expires_in": {"type": "integer", "description": "Seconds the link lasts (300)"}}),
        "FileAccessTrail": obj({"items": {"type": "array", "items": obj({
            "at": TIME, "attachment_id": TEXT, "audience": {"enum": ["REPORTER", "AGENCY", "ADMIN", "OMBUDSMAN"]},
            "actor": {"type": "string", "description": "agency id, admin key owner, staff username or `reporter`"},
            "variant": {"enum": ["file", "thumbnail"]}})}}),
        "RegionProposal": nullable(obj({"region_code": TEXT, "province_code": TEXT, "name": TEXT,
                                        "distance_km": {"type": "number"}, "source": {"enum": ["island"]}})),
        "GeoJsonFeed": obj({
            "type": {"const": "FeatureCollection"}, "month": TEXT, "next_cursor": nullable(ref("Cursor")),
            "features": {"type": "array", "items": obj({
                "type": {"const": "Feature"}, "id": ref("TrackingId"),
                "geometry": obj({"type": {"const": "Point"},
                                 "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2,
                                                 "maxItems": 2, "description": "[longitude, latitude]"}}),
                "properties": {"type": "object"}})}},
            description="RFC 7946. Rahasia reports are never there; anonim pins are rounded to ~100 m "
                        "(`properties.approximate`)."),
        "PublicReport": obj({**PUBLIC_FIELDS, "timeline": {"type": "array", "items": ref("PublicTimelineEvent")},
                             "follow_ups": {"type": "array", "items": ref("PublicFollowUp")},
                             "progress": {"type": "array", "items": ref("PublicProgress")}},
                            description="Anyone's view: no contact, location, attachments or internal events; "
                                        "NIKs, phone numbers, email addresses and the reporter's name are "
                                        "redacted from the text. `rahasia` reports have none (404)."),
        "ReporterReport": obj(case_fields("ReporterAttachment"), optional=("well_supported",),
                              description="The reporter's own view."),
        "NotificationLogEntry": obj({
            "at": TIME, "kind": {"type": "string", "enum": list(notify_events.KINDS)},
            "channel": {"type": "string", "enum": ["SMS", "EMAIL", "NONE"]},
            "status": {"type": "string", "enum": list(notify_log.STATUSES)},
            "reason": nullable({"type": "string", "description": "why suppressed or failed, e.g. `opted_out`, "
                                                                "`rate_limited`, `no_contact`"}),
            "destination": nullable({"type": "string", "description": "masked: `+62812****890`, `s***@example.id`"}),
            "attempts": INT, "sent_at": OPT_TIME}),
        "CaseReport": obj(
            {**case_fields("ReportAttachment"), **ASSIGNEE, **STAFF_FIELDS},
            optional=("reporter", "notifications", *STAFF_FIELDS),
            description="The handling agency's and the admins' view (also the `data` of every webhook). "
                        "`reporter` is absent when the report is `anonim`; attachments carry no file name.",
            **{"if": obj({"anonim": {"const": True}}, additionalProperties=True),
               "then": {"not": {"required": ["reporter"]}}}),
        "ReportSummary": obj({**without(case_fields("ReportAttachment"), "timeline", "follow_ups", "progress",
                                        "reporter", "notifications"), **ASSIGNEE, **STAFF_FIELDS},
                             optional=("support_count", "well_supported", *STAFF_FIELDS),
                             description="A list item: never a timeline nor an identity."),
        "FeedItem": obj(without(PUBLIC_FIELDS, "timeline")),
        "StaffMe": obj({"username": TEXT, "role": {"type": "string", "enum": [r.value for r in StaffRole]},
                        "agency_id": OPT_TEXT}),
        "Receipt": obj({"tracking_id": ref("TrackingId"), "status": ref("Status"),
                        "reporter_token": {"type": "string", "description": "Shown once; `rt_...`"},
                        "deadline": OPT_TIME}),
        "Feed": page_of("FeedItem", month={"type": "string", "pattern": "^20\\d\\d-(0[1-9]|1[0-2])$"}),
        "CategoryList": obj({"items": {"type": "array", "items": obj({
            "code": TEXT, "name": TEXT, "name_id": TEXT, "name_en": TEXT, "sector": TEXT, "sector_name": TEXT,
            "national": BOOL})}}),
        "RegionList": obj({"items": {"type": "array", "items": obj({"code": TEXT, "name": TEXT, "kind": TEXT})}}),
        "UploadTicket": obj({
            "id": {"type": "string", "pattern": "^att_"},
            "upload": obj({"url": {"type": "string", "format": "uri"},
                           "fields": {"type": "object", "additionalProperties": {"type": "string"}}}),
            "expires_in": {"const": attachment_rules.UPLOAD_EXPIRES_SECONDS},
            "max_bytes": {"const": attachment_rules.MAX_BYTES}}),
        "ReportPage": page_of("ReportSummary"),
        "StatusChange": obj({"tracking_id": ref("TrackingId"), "status": ref("Status"), "updated_at": TIME}),
        "ForwardResult": obj({"tracking_id": ref("TrackingId"), "status": ref("Status"), "agency_id": TEXT,
                              "updated_at": TIME}),
        "DueRow": obj(DUE_ROW),
        "DueList": obj({"agency_id": TEXT, "as_of": TIME, "items": {"type": "array", "items": ref("DueRow")}}),
        "Breaches": obj({"as_of": TIME, "total": INT, "agencies": {"type": "array", "items": obj({
            "agency_id": {"type": "string", "description": "`NASIONAL` for reports awaiting verification"},
            "agency_name": OPT_TEXT, "breaches": INT, "reports": {"type": "array", "items": ref("DueRow")}})}}),
        "WebhookRegistration": obj({"url": TEXT, "secret": {"type": "string", "pattern": "^whsec_"},
                                    "previous_secret_expires_at": OPT_TIME}),
        "WebhookInfo": obj({"url": TEXT, "active": BOOL, "disabled_reason": OPT_TEXT,
                            "previous_secret_expires_at": OPT_TIME, "updated_at": TIME}),
        "WebhookPayload": obj({"type": ref("WebhookEventType"),
                               "timestamp": {"type": "string", "format": "date-time", "description": "UTC (`Z`)"},
                               "data": ref("CaseReport")}),
        "Delivery": obj({
            "id": TEXT, "type": ref("WebhookEventType"), "tracking_id": ref("TrackingId"), "status": ref("DeliveryStatus"),
            "attempts": INT, "created_at": TIME, "last_attempt_at": OPT_TIME, "last_status_code": {"type": ["integer", "null"]},
            "last_error": OPT_TEXT, "next_attempt_at": OPT_TIME, "next_delay_seconds": {"type": ["integer", "null"]},
            "delivered_at": OPT_TIME, "payload": ref("WebhookPayload")}),
        "DeliveryPage": page_of("Delivery"),
        "ReplayAccepted": obj({"id": TEXT, "status": {"const": delivery_log.PENDING}}),
        "Agency": obj(AGENCY_FIELDS),
        "Suggestion": obj({
            "category": TEXT, "confidence": {"type": "number"}, "threshold": {"type": "number"},
            "alternatives": {"type": "array", "items": obj({"category": TEXT, "confidence": {"type": "number"}})},
            "keywords": {"type": "array", "items": TEXT}, "reason": TEXT,
            "regions": {"type": "array", "items": obj(PLACE)}, "given_category": OPT_TEXT,
            "why": {"enum": ["classified", "corrected", "low_confidence", "unreadable", "unreliable_topic", "restored",
                             "redispositioned"]},
            "applied": {"type": "boolean", "description": "True when the router routed by this category"},
            "model_version": {**OPT_TEXT, "description": "The model that read it (absent on readings before versions)"}},
            optional=("model_version",),
            description="The classifier's reading of a report: routed by it (`applied`), or left for a human."),
        "ClassifyResult": obj({
            "category": obj(CATEGORY_REF, optional=("name_id", "name_en", "sector", "national")),
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "confident": {"type": "boolean", "description": "At or above `threshold` and not `unreliable_topic`: the "
                                                            "router would route by it"},
            "threshold": {"type": "number"},
            "unreliable_topic": {"type": "boolean", "description": "At or above `threshold`, but the route-reliability "
                                 "gate holds the topic back at the region's level: a person routes such reports, so it "
                                 "is not offered as the topic (it may still be chosen from `category` and `alternatives`)"},
            "agency": nullable(ref("AgencyRef")),
            "alternatives": {"type": "array", "maxItems": 3, "items": obj(
                {**CATEGORY_REF, "confidence": {"type": "number"}}, optional=("name_id", "name_en", "sector", "national"))},
            "keywords": {"type": "array", "items": TEXT}, "reason": TEXT,
            "regions": {"type": "array", "items": obj({**PLACE, "code": OPT_TEXT,
                                                       "candidates": {"type": "array", "items": TEXT}})},
            "region_code": OPT_TEXT,
            "region_source": {"enum": ["chosen", "text", "text_ambiguous", "none"]}}),
        "DirectoryAgency": obj({
            "id": TEXT, "name": TEXT, "name_id": TEXT, "name_en": TEXT, "kind": TEXT,
            "level": {"enum": ["NASIONAL", "PROVINSI", "KABUPATEN", "KOTA"]}, "sector": OPT_TEXT,
            "region_code": {"type": "string", "description": "Kemendagri code, or `ID` for national bodies"},
            "parent_id": OPT_TEXT, "active": BOOL, "receives_webhooks": BOOL}),
        "DirectoryPage": page_of("DirectoryAgency"),
        "IssuedKey": obj({"api_key": {"type": "string", "pattern": "^lpk_", "description": "Shown once"},
                          "key_id": TEXT, "agency_id": TEXT}),
        "KeyList": obj({"items": {"type": "array", "items": obj({
            "key_id": TEXT, "created_at": TIME, "revoked_at": OPT_TIME, "active": BOOL})}}),
    })
    schemas.update(stats_schemas())
    return schemas


def stats_schemas() -> dict[str, Any]:
    """Public statistics (chalicelib/stats): figures of one scope and league tables."""
    number = {"type": "number"}
    quantile = {"anyOf": [obj({"at_most_hours": INT}), obj({"more_than_hours": INT}), {"type": "null"}],
                "description": "The histogram bucket holding the quantile, in working hours"}
    bucket = {"anyOf": [obj({"at_most_hours": INT, "count": INT}), obj({"more_than_hours": INT, "count": INT})]}
    on_time = {"on_time": INT, "late": INT, "judged": INT, "rate": NUMBER_OR_NULL,
               "ci95": nullable({"type": "array", "items": number, "minItems": 2, "maxItems": 2}),
               "grade": {"enum": ["GOOD", "FAIR", "POOR", "UNRATED"]}}
    named = nullable(obj({"code": TEXT, "name": TEXT}))
    return {
        "StatsDuration": obj({"count": INT, "mean_hours": NUMBER_OR_NULL, "median": quantile, "p90": quantile,
                              "histogram": {"type": "array", "items": bucket}}),
        "StatsFigures": obj({
            "received": INT, "assigned": INT, "dispositioned": INT, "time_to_disposition": ref("StatsDuration"),
            "follow_up": obj(on_time), "time_to_first_follow_up": ref("StatsDuration"),
            "closed": obj({"confirmed": INT, "timed_out": INT, "reopened": INT, "confirmed_share": NUMBER_OR_NULL}),
            "ombudsman_referrals": INT, "archived": INT, "escalated": INT,
            "rating": obj({"average": NUMBER_OR_NULL, "count": INT})},
            description="Definitions: README, section Statistics"),
        "Stats": obj({
            "scope": obj({"agency": nullable(ref("AgencyRef")), "region": named, "category": named}),
            "month": nullable({"type": "string", "pattern": "^20\\d\\d-(0[1-9]|1[0-2])$"}),
            "figures": ref("StatsFigures"),
            "months": {"type": "array", "items": obj({
                "month": TEXT, "received": INT, "closed_confirmed": INT, "closed_timed_out": INT,
                "followed_up_on_time": INT, "followed_up_late": INT})}}),
        "League": obj({
            "kind": {"enum": ["agency", "province", "regency", "category"]}, "month": OPT_TEXT,
            "min_sample": INT, "confidence": number, "grade_thresholds": obj({"GOOD": number, "FAIR": number}),
            "items": {"type": "array", "items": obj({
                "scope": TEXT, "id": TEXT, "name": TEXT, **on_time, "lower_bound": NUMBER_OR_NULL,
                "received": INT, "assigned": INT, "closed_confirmed": INT, "closed_timed_out": INT,
                "rank": {"type": ["integer", "null"], "minimum": 1}})}}),
    }


# ---- operations ---------------------------------------------------------------------------

ERRORS = {
    400: ("BadRequest", "Malformed JSON (or nested deeper than 32 levels: `json_too_deep`), a body that is not an "
                        "object, an invalid query parameter (`lang` included) or cursor, or a malformed `If-Match`"),
    401: ("Unauthorized", "Missing, unknown, revoked or wrong-kind token or key"),
    404: ("NotFound", "Unknown, or not visible to the caller"),
    409: ("Conflict", "Not allowed in the current status, a concurrent change, or `version_mismatch`"),
    413: ("PayloadTooLarge", f"Body over {MAX_BODY_BYTES} bytes"),
    415: ("UnsupportedMediaType", "Body not sent as `application/json`"),
    422: ("ValidationFailed", "Invalid fields; `details` lists `{field, code, message}`"),
}
BODY_ERRORS = (400, 413, 415, 422)
CURSOR_PARAMS = [{"$ref": "#/components/parameters/Cursor"}, {"$ref": "#/components/parameters/Limit"}]
SECURITY = {"reporter": [{"reporterToken": []}], "agency": [{"agencyKey": []}], "admin": [{"adminKey": []}],
            "public": [], "staff": [{"staffIdToken": []}]}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def op(summary: str, ok: tuple[int, str], *, auth: str = "public", body: str | None = None, optional_body: bool = False,
       errors: tuple[int, ...] = (), params: list[Any] = (), tag: str, **extra: Any) -> dict[str, Any]:
    """One operation. `ok` = (status, response schema name or '' for no content)."""
    status, schema = ok
    responses: dict[str, Any] = {str(status): {"description": "OK", **(json_body(ref(schema)) if schema else {})}}
    if body:
        errors = (*errors, *BODY_ERRORS)
    if auth != "public":
        errors = (*errors, 401)
    errors = (*errors, 400)  # every operation takes `?lang=`: any other value is 400 `invalid_query`
    if CURSOR_PARAMS[0] in params:
        errors = (*errors, 422)  # a well-formed cursor Lapor did not issue for this listing
    for code in sorted(set(errors)):
        responses[str(code)] = {"$ref": f"#/components/responses/{ERRORS[code][0]}"}
    out: dict[str, Any] = {"tags": [tag], "summary": summary, "operationId": extra.pop("operation_id"),
                           "security": SECURITY[auth]}
    out["parameters"] = [*params, {"$ref": "#/components/parameters/AcceptLanguage"},
                         {"$ref": "#/components/parameters/Lang"}]
    if body:
        out["requestBody"] = {"required": not optional_body, **json_body(ref(body))}
    out.update(extra)
    out["responses"] = responses
    return out


def geojson_body(operation: dict[str, Any]) -> dict[str, Any]:
    """`operation` with its 200 answer as `application/geo+json` (RFC 7946) instead of JSON."""
    ok = operation["responses"]["200"]
    ok["content"] = {"application/geo+json": ok["content"].pop("application/json")}
    return operation


def param(name: str, where: str = "path", **schema: Any) -> dict[str, Any]:
    description = schema.pop("description", None)
    out = {"name": name, "in": where, "required": where == "path", "schema": schema or {"type": "string"}}
    return {**out, "description": description} if description else out


TID = param("tracking_id", description="Tracking ID; case, spaces and dashes are forgiven")
AGENCY_ID, KEY_ID, DELIVERY_ID = param("agency_id"), param("key_id"), param("delivery_id")
FILE_ID = param("attachment_id", description="The file's id (`att_...`)")
VARIANT = param("variant", "query", enum=["file", "thumbnail"], description="`thumbnail`: a 320 px JPEG (images)")
IF_MATCH = {"$ref": "#/components/parameters/IfMatch"}
VERSIONED = ("Optional optimistic check: `version` in the body or `If-Match: \"n\"` (a weak `W/\"n\"` is compared "
             "the same way; `*` matches any version); 409 `version_mismatch` when stale (or when it disagrees with the "
             "body's `version`), 400 `invalid_if_match` when malformed.")
ETAG = {"ETag": {"description": "The report version, quoted", "schema": {"type": "string"}}}


def with_etag(operation: dict[str, Any]) -> dict[str, Any]:
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            response["headers"] = ETAG
    return operation


def agency_action(summary: str, body: str, ok: tuple[int, str], operation_id: str) -> dict[str, Any]:
    operation = op(summary, ok, auth="agency", body=body, optional_body=body == "AgencyAcknowledge",
                   errors=(404, 409), params=[TID, IF_MATCH], tag="Agency", operation_id=operation_id,
                   description=VERSIONED)
    return with_etag(operation) if ok[1] == "CaseReport" else operation


def admin_action(summary: str, body: str, ok: tuple[int, str], operation_id: str, **extra: Any) -> dict[str, Any]:
    extra["description"] = " ".join(filter(None, [extra.get("description"), VERSIONED]))
    return with_etag(op(summary, ok, auth="admin", body=body, errors=(404, 409), params=[TID, IF_MATCH], tag="Admin",
                        operation_id=operation_id, **extra))


def reporter_action(summary: str, body: str | None, operation_id: str, description: str) -> dict[str, Any]:
    return op(summary, (200, "ReporterReport"), auth="reporter", body=body, errors=(404, 409), params=[TID],
              tag="Citizen", operation_id=operation_id, description=description)


def paths() -> dict[str, Any]:
    v1 = "/api/v1"
    submit = op("File a report", (201, "Receipt"), body="ReportSubmission", errors=(401, 409), tag="Citizen",
                operation_id="createReport",
                params=[{"$ref": "#/components/parameters/IdempotencyKey"},
                        {"$ref": "#/components/parameters/LaporChannel"}],
                description="Beyond the schema: `incident_date` is `YYYY-MM-DD`, not in the future nor before "
                            "2000; `region_code` and `category` must exist (`/regions`, `/categories`) when given. "
                            "`category` may be left out (the router reads the text: see `/classify`); "
                            "`region_code` may be left out when the text names the place (422 `region_needed` "
                            "otherwise); "
                            "`agency_id` must be a known agency; `latitude` and `longitude` go together; "
                            "`attachments` are ids from `POST /api/v1/attachments` (each checked in storage; an id is "
                            "single-use: one listed on another report is 422 `attachment_claimed`, one never handed "
                            "out or older than 24 hours 422 `attachment_missing`). "
                            "400 `invalid_idempotency_key`; 422 `weak_idempotency_key` for a guessable key (a "
                            "replay returns the reporter token, so the key must be random: a version-4 UUID or 16+ "
                            "random bytes, e.g. 22+ base64url characters); 409 `idempotency_in_progress` (with "
                            "`Retry-After`); 422 `idempotency_key_reused` when the same key comes with a different "
                            "payload. 401 when `X-Lapor-Channel: REGIONAL` comes without a valid agency key.")
    submit["responses"]["201"]["headers"] = {"Location": {"schema": {"type": "string"},
                                                          "description": "/api/v1/reports/{tracking_id}"}}
    get_report = op("Read a report", (200, "PublicReport"), errors=(401, 404), params=[TID], tag="Citizen",
                    operation_id="getReport", security=[{}, {"reporterToken": []}],
                    description="Without a token: the public view (404 for `rahasia`). With the reporter token: "
                                "the reporter's full view (401 for a wrong token; 404 when the report is "
                                "`rahasia`, exactly as for an unknown id).")
    get_report["responses"]["200"] = {"description": "The public view, or the reporter's view with a token",
                                      **json_body({"oneOf": [ref("PublicReport"), ref("ReporterReport")]})}
    status_param = param("status", "query", **ref("Status"))
    return {
        f"{v1}/reports": {"post": submit},
        f"{v1}/reports/{{tracking_id}}": {"get": get_report},
        f"{v1}/reports/{{tracking_id}}/replies": {"post": reporter_action(
            "Reply to a follow-up or answer a request for clarification", "ReplyIn", "replyToReport",
            "Within the 10-working-day window (409 `reply_window_closed` after it).")},
        f"{v1}/reports/{{tracking_id}}/confirm": {"post": reporter_action(
            "Confirm the follow-up solved it (SELESAI)", None, "confirmReport", "No body needed.")},
        f"{v1}/reports/{{tracking_id}}/rating": {"post": reporter_action(
            "Rate the handling once the report is SELESAI", "RatingIn", "rateReport",
            "Once (409 `already_rated`).")},
        f"{v1}/reports/{{tracking_id}}/reopen": {"post": reporter_action(
            "Reopen a report closed by timeout, with a reason", "ReopenIn", "reopenReport",
            "Only a `TIMED_OUT` closure, within 10 working days of it (409 `reopen_window_closed` after); "
            "the report goes back to its agency (DITERUSKAN, new follow-up deadline; webhook `report.reopened`).")},
        f"{v1}/stats": {"get": op(
            "Public statistics of the country, an agency, a region, an agency in a region, or a category",
            (200, "Stats"), errors=(400, 422), tag="Statistics", operation_id="getStats",
            params=[param("agency", "query", type="string", description="agency id"),
                    param("region", "query", type="string", description="province (`62`) or regency/city (`62.01`) code"),
                    param("month", "query", type="string", pattern="^20\\d\\d-(0[1-9]|1[0-2])$",
                          description="YYYY-MM (Jakarta); all time when absent"),
                    param("category", "query", type="string", description="category code (without agency/region)")],
            description="Counted from the timeline stream, each event once, in the month it happened. "
                        "Closures confirmed by the reporter and closures by timeout are counted apart. "
                        "400 `invalid_query` for a malformed month; 422 `validation_failed` for an agency, "
                        "region or category that does not exist.")},
        f"{v1}/stats/league": {"get": op(
            "League table: on-time follow-up rate with a 95% Wilson interval, ranked by its lower bound",
            (200, "League"), errors=(400,), tag="Statistics", operation_id="getLeague",
            params=[param("kind", "query", type="string", enum=["agency", "province", "regency", "category"],
                          description="what to rank (default agency)"),
                    param("month", "query", type="string", pattern="^20\\d\\d-(0[1-9]|1[0-2])$",
                          description="YYYY-MM; all time when absent")],
            description="Scopes with fewer than `min_sample` judged follow-ups are listed unranked (`rank` null, "
                        "grade UNRATED). Grades from the lower bound: GOOD >= 0.80, FAIR >= 0.60, else POOR.")},
        f"{v1}/feed": {"get": op("The public feed, newest first", (200, "Feed"), errors=(400, 422), tag="Citizen",
                                 operation_id="getFeed",
                                 params=[param("month", "query", type="string", pattern="^20\\d\\d-(0[1-9]|1[0-2])$",
                                               description="YYYY-MM; the current month (Jakarta) by default"),
                                         param("region", "query", type="string",
                                               description="province (`62`) or regency/city (`62.01`) code"),
                                         param("category", "query", type="string", description="category code"),
                                         param("agency", "query", type="string", description="agency id"),
                                         param("status", "query", **ref("Status")),
                                         *CURSOR_PARAMS],
                                 description="Filters combine (AND) within the month; a page may hold fewer "
                                             "than `limit` items while `next_cursor` is set.")},
        f"{v1}/feed.geojson": {"get": geojson_body(op(
            "The public feed's reports with a pin, as GeoJSON", (200, "GeoJsonFeed"), errors=(400, 422),
            tag="Citizen", operation_id="getFeedGeoJson",
            params=[param("month", "query", type="string", pattern="^20\\d\\d-(0[1-9]|1[0-2])$",
                          description="YYYY-MM; the current month (Jakarta) by default"),
                    param("region", "query", type="string", description="province or regency/city code"),
                    param("category", "query", type="string", description="category code"),
                    param("agency", "query", type="string", description="agency id"),
                    param("status", "query", **ref("Status")), *CURSOR_PARAMS],
            description="Answered as `application/geo+json`. The same pages and filters as `/feed`."))},
        f"{v1}/regions/at": {"get": op(
            "The region a map pin proposes, or null", (200, "RegionProposal"), errors=(400,), tag="Citizen",
            operation_id="proposeRegion",
            params=[{**param("lat", "query", type="number", description="latitude (WGS 84)"), "required": True},
                    {**param("lon", "query", type="number", description="longitude (WGS 84)"), "required": True}],
            description="Only where packaged data can tell (within 3 km of a named island of the official "
                        "area data); otherwise null and the reporter chooses.")},
        f"{v1}/reports/{{tracking_id}}/attachments/{{attachment_id}}": {"get": op(
            "A 5-minute link to one of the report's files", (200, "FileLink"), errors=(401, 404, 409),
            params=[TID, FILE_ID, VARIANT], tag="Citizen", operation_id="getReportFile",
            security=[{}, {"reporterToken": []}],
            description="With the reporter token: the reporter's files and staff's follow-up files (each link "
                        "on the audit trail). Without: staff's follow-up files of a public report only (404 "
                        "otherwise, and always for a rahasia report). 409 `attachment_not_cleaned` for a file "
                        "stored before metadata stripping.")},
        f"{v1}/classify": {"post": op(
            "Read a text: category, agency, confidence, alternatives and places", (200, "ClassifyResult"),
            body="ClassifyRequest", tag="Directory", operation_id="classifyText",
            description="The same reading the router uses. 422 `text_empty`, `text_too_long` (over 4000 "
                        "characters), `validation_failed` (e.g. an unknown `region_code`). Emoji-only, binary-like "
                        "or non-Indonesian text answers `confident: false` and no agency, as does a topic the "
                        "route-reliability gate holds back at the region's level (`unreliable_topic: true`). The "
                        "reporter's `region_code` always stands; without one, a place named in the text fills it.")},
        f"{v1}/agencies": {"get": op(
            "The public agency directory of a region, or a name search", (200, "DirectoryPage"), errors=(400, 422),
            tag="Directory", operation_id="listAgencies",
            params=[param("region", "query", type="string", pattern=r"^(ID|[0-9]{2}(\.[0-9]{2})?)$",
                          description="A Kemendagri code (62, 62.01) or `ID` for national bodies. Without it: the "
                                      "national bodies, plus (with `q`) the governments of regions `q` names"),
                    param("q", "query", type="string", minLength=2, maxLength=100,
                          description="Words that must all appear in the name (either language)"),
                    *CURSOR_PARAMS],
            description="Pages of one region by agency id (an index query, never a scan). With `q` a page may "
                        "hold fewer than `limit` items: follow `next_cursor` until it is null.")},
        f"{v1}/agencies/{{agency_id}}": {"get": op(
            "One agency of the directory", (200, "DirectoryAgency"), errors=(404,), params=[AGENCY_ID],
            tag="Directory", operation_id="getDirectoryAgency")},
        f"{v1}/categories": {"get": op("Report categories", (200, "CategoryList"), tag="Citizen",
                                       operation_id="listCategories")},
        f"{v1}/regions": {"get": op("Provinces, or the regencies and cities of one", (200, "RegionList"), errors=(400,),
                                    tag="Citizen", operation_id="listRegions",
                                    params=[param("province", "query", type="string",
                                                  enum=sorted(r.code for r in catalogue.provinces()),
                                                  description="A province code, e.g. `62`")])},
        f"{v1}/attachments": {"post": op(
            "Get a presigned upload for one attachment", (201, "UploadTicket"), body="UploadRequest", tag="Citizen",
            operation_id="createAttachmentUpload",
            description="JPEG, PNG, WebP or PDF, at most 5 MB (422 `attachment_type`, `attachment_too_large`). "
                        "POST `upload.fields` plus the file (last, named `file`) to `upload.url` within "
                        "`expires_in` seconds, then list the `id` in the report's `attachments` within 24 hours. "
                        "The id is the uploader's secret and files one report only.")},
        # ---- agency API
        f"{v1}/agency/reports": {"get": op(
            "The agency's reports: one status by due date, or every open report by due date", (200, "ReportPage"),
            auth="agency", errors=(400,), params=[status_param, *CURSOR_PARAMS], tag="Agency",
            operation_id="listAgencyReports")},
        f"{v1}/agency/reports/due": {"get": op(
            "Open reports by deadline, with the time left", (200, "DueList"), auth="agency", errors=(400,), tag="Agency",
            operation_id="listDueReports", security=[{"agencyKey": []}, {"adminKey": []}],
            params=[param("agency", "query", type="string", description="Required with an admin key"),
                    param("limit", "query", type="integer", minimum=1, maximum=200, default=50)])},
        f"{v1}/agency/reports/{{tracking_id}}/attachments/{{attachment_id}}": {"get": op(
            "A 5-minute link to one of the report's files (cleaned copy)", (200, "FileLink"), auth="agency",
            errors=(404, 409), params=[TID, FILE_ID, VARIANT], tag="Agency", operation_id="getAgencyReportFile",
            description="Minted per request and written to the report's audit trail first. Webhook payloads "
                        "carry this path in each file's `download`.")},
        f"{v1}/agency/reports/{{tracking_id}}": {"get": with_etag(op(
            "Read a report dispositioned to the agency", (200, "CaseReport"), auth="agency", errors=(404,),
            params=[TID], tag="Agency", operation_id="getAgencyReport"))},
        f"{v1}/agency/reports/{{tracking_id}}/acknowledge": {"post": agency_action(
            "Acknowledge receipt", "AgencyAcknowledge", (200, "CaseReport"), "acknowledgeReport")},
        f"{v1}/agency/reports/{{tracking_id}}/follow-ups": {"post": agency_action(
            "Post the follow-up (tindak lanjut); `attachments` are https URLs, `files` uploaded ids", "AgencyFollowUp",
            (201, "CaseReport"),
            "postFollowUp")},
        f"{v1}/agency/reports/{{tracking_id}}/progress": {"post": agency_action(
            "Post progress news after the follow-up (status and deadline stay); `files` as a follow-up's",
            "AgencyFollowUp", (201, "CaseReport"), "postProgress")},
        f"{v1}/agency/reports/{{tracking_id}}/clarification": {"post": agency_action(
            "Ask the reporter for clarification (DITUNDA)", "AgencyClarification", (200, "CaseReport"),
            "requestClarification")},
        f"{v1}/agency/reports/{{tracking_id}}/not-authority": {"post": agency_action(
            "Declare the report outside the agency's authority (BUKAN_WEWENANG)", "AgencyNotAuthority",
            (200, "StatusChange"), "declareNotAuthority")},
        f"{v1}/agency/reports/{{tracking_id}}/forward": {"post": agency_action(
            "Forward the report to another agency", "AgencyForward", (200, "ForwardResult"), "forwardReport")},
        f"{v1}/agency/reports/{{tracking_id}}/notes": {"post": agency_action(
            "Add an internal note (never shown to the reporter or the public)", "AgencyNote", (201, "CaseReport"),
            "addAgencyNote")},
        f"{v1}/agency/webhook": {
            "put": op("Register or change the webhook endpoint; answers a new secret once", (200, "WebhookRegistration"),
                      auth="agency", body="WebhookEndpoint", tag="Agency", operation_id="putWebhook",
                      description="Calling it again rotates the secret; the previous one keeps signing for 24 hours. "
                                  "422 `invalid_webhook_url`, `webhook_url_not_https`, `webhook_url_private`, "
                                  "`webhook_url_unresolvable`."),
            "get": op("The registered endpoint (never the secret)", (200, "WebhookInfo"), auth="agency", errors=(404,),
                      tag="Agency", operation_id="getWebhook"),
            "delete": op("Remove the endpoint", (204, ""), auth="agency", errors=(404,), tag="Agency",
                         operation_id="deleteWebhook"),
        },
        f"{v1}/agency/deliveries": {"get": op("The delivery log, newest first", (200, "DeliveryPage"), auth="agency",
                                              errors=(400,), params=CURSOR_PARAMS, tag="Agency",
                                              operation_id="listDeliveries")},
        f"{v1}/agency/deliveries/{{delivery_id}}": {"get": op(
            "One delivery", (200, "Delivery"), auth="agency", errors=(404,), params=[DELIVERY_ID], tag="Agency",
            operation_id="getDelivery")},
        f"{v1}/agency/deliveries/{{delivery_id}}/replay": {"post": op(
            "Deliver again with the same webhook-id", (202, "ReplayAccepted"), auth="agency", errors=(404, 409),
            params=[DELIVERY_ID], tag="Agency", operation_id="replayDelivery",
            description="409 `no_webhook` when the agency has no active endpoint.")},
        # ---- admin API
        f"{v1}/admin/queue": {"get": op(
            "The national verification queue, oldest deadline first", (200, "ReportPage"), auth="admin", errors=(400,),
            tag="Admin", operation_id="getAdminQueue",
            params=[param("status", "query", enum=["DITERIMA", "BUKAN_WEWENANG", "DITUNDA"], default="DITERIMA"),
                    *CURSOR_PARAMS])},
        f"{v1}/admin/breaches": {"get": op(
            "Open deadline breaches by agency, most first", (200, "Breaches"), auth="admin", tag="Admin",
            operation_id="listBreaches", params=[param("agency", "query", type="string")])},
        f"{v1}/admin/reports/{{tracking_id}}/attachments/{{attachment_id}}": {"get": op(
            "A 5-minute link to one of the report's files (cleaned copy)", (200, "FileLink"), auth="admin",
            errors=(404, 409), params=[TID, FILE_ID, VARIANT], tag="Admin", operation_id="getAdminReportFile")},
        f"{v1}/admin/reports/{{tracking_id}}/downloads": {"get": op(
            "Who was given a link to which file, and when", (200, "FileAccessTrail"), auth="admin", errors=(404,),
            params=[TID], tag="Admin", operation_id="getReportFileTrail")},
        f"{v1}/admin/reports/{{tracking_id}}": {
            "get": with_etag(op("Read any report", (200, "CaseReport"), auth="admin", errors=(404,), params=[TID],
                                tag="Admin", operation_id="getAdminReport")),
            "patch": admin_action("Correct classification, category, anonim or rahasia", "AdminAmend",
                                  (200, "CaseReport"), "amendReport",
                                  description="422 `nothing_to_change` when no field is sent. `anonim` and `rahasia` "
                                              "are the reporter's choice: staff may turn them on, never off "
                                              "(409 `privacy_loosening_refused`, nothing changed)."),
        },
        f"{v1}/admin/reports/{{tracking_id}}/disposition": {"post": admin_action(
            "Disposition the report to an agency", "AdminDisposition", (200, "CaseReport"), "dispositionReport",
            description="422 `unknown_agency`, `agency_inactive`, `unknown_category`. " + VERSIONED)},
        f"{v1}/admin/reports/{{tracking_id}}/archive": {"post": admin_action(
            "Archive the report with a reason", "AdminArchive", (200, "CaseReport"), "archiveReport",
            description=VERSIONED)},
        f"{v1}/admin/reports/{{tracking_id}}/hold": {"post": admin_action(
            "Put the report on hold and ask the reporter (DITUNDA)", "AdminHold", (200, "CaseReport"), "holdReport",
            description=VERSIONED)},
        f"{v1}/admin/reports/{{tracking_id}}/restore-topic": {"post": admin_action(
            "Put back the reporter's topic after the router corrected it by the text", "AdminRestoreTopic",
            (200, "CaseReport"), "restoreTopic",
            description="The report goes to the office of the reporter's category (a new follow-up deadline); the "
                        "timeline records `topic_restored`. 409 `nothing_to_restore` when the router did not correct "
                        "the topic or it was put back already; 422 `no_route` when the reporter's category has no "
                        "office in the report's region.")},
        f"{v1}/admin/reports/{{tracking_id}}/notes": {"post": admin_action(
            "Add an internal note", "AdminNote", (201, "CaseReport"), "addAdminNote", description=VERSIONED)},
        f"{v1}/admin/agencies": {"post": op(
            "Create an agency", (201, "Agency"), auth="admin", body="AgencyCreate", errors=(409,), tag="Admin",
            operation_id="createAgency", description="409 `agency_exists`; 422 `unknown_region`, `unknown_agency`.")},
        f"{v1}/admin/agencies/{{agency_id}}": {
            "get": op("Read an agency", (200, "Agency"), auth="admin", errors=(404,), params=[AGENCY_ID], tag="Admin",
                      operation_id="getAgency"),
            "patch": op("Update an agency", (200, "Agency"), auth="admin", body="AgencyUpdate", errors=(404,),
                        params=[AGENCY_ID], tag="Admin", operation_id="updateAgency"),
        },
        f"{v1}/admin/agencies/{{agency_id}}/keys": {
            "post": op("Issue an agency API key (shown once)", (201, "IssuedKey"), auth="admin", errors=(404,),
                       params=[AGENCY_ID], tag="Admin", operation_id="issueAgencyKey",
                       description="No body needed. Earlier keys stay valid until revoked (rotation)."),
            "get": op("The agency's keys", (200, "KeyList"), auth="admin", errors=(404,), params=[AGENCY_ID], tag="Admin",
                      operation_id="listAgencyKeys"),
        },
        f"{v1}/admin/agencies/{{agency_id}}/keys/{{key_id}}": {"delete": op(
            "Revoke a key", (204, ""), auth="admin", errors=(404,), params=[AGENCY_ID, KEY_ID], tag="Admin",
            operation_id="revokeAgencyKey")},
        f"{v1}/staff/me": {"get": op(
            "Who a staff ID token belongs to (role = user-pool group, agency = custom:agency_id)",
            (200, "StaffMe"), auth="staff", tag="Staff", operation_id="getStaffMe")},
    }


WEBHOOK_EVENTS = {
    events.DISPOSITIONED: "A report was dispositioned (or forwarded) to the agency",
    events.REPLY_RECEIVED: "The reporter replied to the agency's follow-up",
    events.CLARIFICATION_RECEIVED: "The reporter answered a request for clarification",
    events.FORWARDED_AWAY: "The report was forwarded from the agency to another one",
    events.SLA_WARNING: "The current deadline is at most one working day away",
    events.ESCALATED: "A deadline passed (also sent to the supervising agency it was escalated to)",
    events.CLOSED: "The report closed: confirmed, auto-closed, referred to the Ombudsman or archived",
    events.RATED: "The reporter rated the handling",
    events.UPDATED: "A national admin corrected the report",
    events.REOPENED: "The reporter reopened a report closed by timeout; the reason is the event's message",
    events.ASSIGNED: "An agency admin assigned the report to one of the agency's liaison officers (console)",
}
WEBHOOK_HEADERS = {
    "webhook-id": "Unique message id; the same across retries and replays (deduplicate by it)",
    "webhook-timestamp": "Unix seconds of this attempt",
    "webhook-signature": ("`v1,<base64 HMAC-SHA256>`; two space-separated signatures while a rotated secret is in its "
                          "grace period"),
}


def webhooks() -> dict[str, Any]:
    assert set(WEBHOOK_EVENTS) == set(events.EVENT_TYPES), "describe every event type the code emits"
    headers = [{"name": name, "in": "header", "required": True, "description": text, "schema": {"type": "string"}}
               for name, text in WEBHOOK_HEADERS.items()]
    body = ref("WebhookPayload")
    return {name: {"post": {
        "summary": name, "description": text + ". Signed per Standard Webhooks; answer 2xx within 15 s, otherwise "
                                               "retried for about a day (honouring `Retry-After`); 410 disables the endpoint.",
        "operationId": "webhook_" + name.replace(".", "_"), "parameters": headers,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "allOf": [body, {"properties": {"type": {"const": name}}}]}}}},
        "responses": {"2XX": {"description": "Received"}, "410": {"description": "Gone: disables the endpoint"}},
    }} for name, text in WEBHOOK_EVENTS.items()}


def build() -> dict[str, Any]:
    error_responses = {name: {"description": text, **json_body(ref("Error"))} for name, text in ERRORS.values()}
    error_responses["Unauthorized"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string", "const": "Bearer"}}}
    error_responses["Conflict"]["headers"] = {"Retry-After": {"schema": {"type": "string"},
                                                              "description": "On `idempotency_in_progress`"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Lapor API", "version": "1.0.0",
            "summary": "Serverless SP4N-LAPOR!: citizen, agency and national-admin JSON API, and agency webhooks",
            "description": "Generated by `docs/build_openapi.py`; do not edit by hand. JSON in and out. Every error is "
                           "`{\"error\": {\"code\", \"message\", \"details\"?}}`, the message in Bahasa Indonesia or "
                           "English (`Accept-Language: en` or `?lang=en`). Unknown paths are 404 `route_not_found`, "
                           "wrong methods 405 `method_not_allowed`. Timestamps are ISO 8601 with the Jakarta offset.",
        },
        "servers": [{"url": "http://127.0.0.1:8000", "description": "`make run`"}],
        "tags": [{"name": "Citizen"}, {"name": "Agency"}, {"name": "Admin"}, {"name": "Statistics"}, {"name": "Staff"},
                 {"name": "Directory"}],
        "paths": paths(),
        "webhooks": webhooks(),
        "components": {
            "schemas": {**request_schemas(), **response_schemas()},
            "responses": error_responses,
            "parameters": {
                "AcceptLanguage": param("Accept-Language", "header", type="string", default="id",
                                        description="`en` for English messages and names; Bahasa Indonesia otherwise"),
                "Lang": param("lang", "query", enum=["id", "en"], description="Overrides Accept-Language"),
                "IdempotencyKey": param("Idempotency-Key", "header", type="string", pattern="^[A-Za-z0-9_-]{8,128}$",
                                        description="Retries with the same key and body return the same receipt, "
                                                    "reporter token included, so the key must be random (a "
                                                    "version-4 UUID or 16+ random bytes); guessable keys are 422"),
                "LaporChannel": param("X-Lapor-Channel", "header", enum=["REGIONAL"],
                                      description="A regional complaint system filing for its users; requires its "
                                                  "agency API key as `Authorization: Bearer lpk_...` (401 without). "
                                                  "Reports are `API` otherwise"),
                "IfMatch": param("If-Match", "header", type="string", pattern='^(\\*|(W/)?"[1-9][0-9]{0,17}")$',
                                 description="`\"n\"`: the report version read (its ETag); `W/\"n\"` is compared "
                                             "the same way"),
                "Cursor": param("cursor", "query", **ref("Cursor")),
                "Limit": param("limit", "query", type="integer", minimum=1, maximum=100, default=25),
            },
            "securitySchemes": {
                "reporterToken": {"type": "http", "scheme": "bearer", "bearerFormat": "rt_...",
                                  "description": "The reporter token from the receipt of `POST /api/v1/reports`"},
                "agencyKey": {"type": "http", "scheme": "bearer", "bearerFormat": "lpk_...",
                              "description": "An agency API key issued by a national admin"},
                "adminKey": {"type": "http", "scheme": "bearer", "bearerFormat": "lpa_...",
                             "description": "A national admin API key"},
                "staffIdToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                 "description": "An ID token of the staff user pool (Amazon Cognito); API Gateway's "
                                                "Cognito authorizer and the app both verify it"},
            },
        },
    }


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # write shared pieces out in full, never as &anchors
        return True


def render() -> str:
    return yaml.dump(build(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv[1:]:
        sys.exit(0 if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text else 1)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
