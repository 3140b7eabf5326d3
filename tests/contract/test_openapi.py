"""docs/openapi.yaml stays honest: it is valid OpenAPI 3.1, it is what docs/build_openapi.py
generates from the code now, it lists exactly the routes the app registers, and real answers of
the API (citizen, reporter, agency, admin, webhooks) match the documented responses."""
from __future__ import annotations

import importlib.util
import inspect
import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from pydantic import BaseModel
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.fixtures.reports import post_json, report_payload, unique_key

DOCS = Path(__file__).resolve().parents[2] / "docs"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
REPORTER = {"name": "Siti Rahayu", "email": "siti.rahayu@example.id", "phone": "+6281234567890"}


def _load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_openapi", DOCS / "build_openapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
DOC = yaml.safe_load((DOCS / "openapi.yaml").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resource("urn:lapor:openapi", DRAFT202012.create_resource(DOC))


def body(response: Any) -> Any:
    return json.loads(response.body) if response.body else None


def operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(path, method): operation for path, item in doc["paths"].items()
            for method, operation in item.items() if method in METHODS}


def deref(node: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s (components/responses, components/parameters)."""
    while "$ref" in node:
        target: Any = DOC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(_anchored(schema), registry=REGISTRY,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def _anchored(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its local refs (`#/components/...`) pointed at the document in the registry."""
    text = json.dumps(schema).replace('"#/components/', '"urn:lapor:openapi#/components/')
    return json.loads(text)


def assert_documented(response: Any, path: str, method: str = "get") -> Any:
    """The response's status is documented for the operation and its body matches the schema."""
    operation = DOC["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} answered undocumented {status}: {response.body}"
    documented = deref(operation["responses"][status])
    payload = body(response)
    if "content" not in documented:
        assert payload is None, f"{method.upper()} {path} {status} has an undocumented body"
        return None
    schema = documented["content"]["application/json"]["schema"]
    errors = schema_errors(payload, schema)
    assert not errors, f"{method.upper()} {path} {status} does not match its schema:\n" + "\n".join(errors)
    return payload


# ---- (a) (b) (c): the document itself ------------------------------------------------------------

def test_document_is_valid_openapi_3_1():
    assert DOC["openapi"].startswith("3.1")
    validate(DOC)


def test_document_is_what_the_builder_generates_now():
    """Run `.venv/bin/python docs/build_openapi.py` after changing a request model or the builder."""
    assert yaml.safe_load(builder.render()) == DOC, "docs/openapi.yaml is stale: run docs/build_openapi.py"


def test_documents_exactly_the_api_routes_the_app_registers(app):
    registered = {(path, method.lower()) for path, by_method in app.app.routes.items()
                  if path.startswith("/api/v1/") for method in by_method}
    documented = set(operations(DOC))
    assert documented - registered == set(), "documented but not registered"
    assert registered - documented == set(), "registered but not documented"
    assert all(path.startswith("/api/v1/") for path in DOC["paths"]), "no HTML pages in the API contract"


def test_request_bodies_are_the_pydantic_schemas():
    schemas = DOC["components"]["schemas"]
    for name, model in builder.REQUEST_MODELS.items():
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for nested, definition in generated.pop("$defs", {}).items():
            assert schemas[nested] == definition, nested
        assert schemas[name] == generated, name
    used = {operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            for operation in operations(DOC).values() if "requestBody" in operation}
    assert used == set(builder.REQUEST_MODELS), "every request model documents a body, every body is a model"


def test_every_request_model_in_the_code_is_documented():
    from chalicelib.api import attachments
    from chalicelib.http import admin_bodies as admin_schema
    from chalicelib.http import agency_bodies as agency_schema
    from chalicelib.http import reporter_bodies
    from chalicelib.intake import schema as intake_schema

    documented = {id(model) for model in builder.REQUEST_MODELS.values()}
    nested = {"ReporterIn", "Attachment"}  # documented inside ReportSubmission and AgencyFollowUp
    nested.add("SmsSubmission")  # not an HTTP body: what SMS intake (chalicelib/sms) hands to intake
    for module in (admin_schema, agency_schema, attachments, reporter_bodies, intake_schema):
        for name, model in inspect.getmembers(module, inspect.isclass):
            if issubclass(model, BaseModel) and model.__module__ == module.__name__ and not name.startswith("_"):
                assert id(model) in documented or name in nested, f"{module.__name__}.{name} is not documented"


def test_webhooks_cover_every_event_type_the_code_emits():
    from chalicelib.delivery.events import EVENT_TYPES

    assert set(DOC["webhooks"]) == set(EVENT_TYPES)
    assert DOC["components"]["schemas"]["WebhookEventType"]["enum"] == list(EVENT_TYPES)
    for hook in DOC["webhooks"].values():
        names = {p["name"] for p in hook["post"]["parameters"]}
        assert names == {"webhook-id", "webhook-timestamp", "webhook-signature"}


def test_every_error_code_the_api_can_answer_has_a_documented_status():
    """Each operation with a body documents 400/413/415/422; each authenticated one 401."""
    for (path, method), operation in operations(DOC).items():
        statuses = set(operation["responses"])
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= statuses, (path, method)
        if operation["security"]:
            assert "401" in statuses, (path, method)


# ---- (d): real answers match the documented responses ------------------------------------------

def test_citizen_answers_match_the_contract(api, submit):
    created = post_json(api, "/api/v1/reports", report_payload(reporter=REPORTER, latitude=-2.2, longitude=113.9),
                        {"Idempotency-Key": unique_key()})
    receipt = assert_documented(created, "/api/v1/reports", "post")
    tid, token = receipt["tracking_id"], receipt["reporter_token"]
    public = api.http.get(f"/api/v1/reports/{tid}")
    assert "reporter" not in assert_documented(public, "/api/v1/reports/{tracking_id}")
    mine = api.http.get(f"/api/v1/reports/{tid}", headers={"Authorization": f"Bearer {token}"})
    assert assert_documented(mine, "/api/v1/reports/{tracking_id}")["reporter"]["name"] == REPORTER["name"]
    assert_documented(api.http.get("/api/v1/categories", headers={"Accept-Language": "en"}), "/api/v1/categories")
    assert_documented(api.http.get("/api/v1/regions"), "/api/v1/regions")
    assert_documented(api.http.get("/api/v1/regions?province=62"), "/api/v1/regions")
    assert_documented(api.http.get("/api/v1/feed?limit=5"), "/api/v1/feed")
    upload = post_json(api, "/api/v1/attachments", {"name": "foto.jpg", "content_type": "image/jpeg", "size": 1000})
    assert_documented(upload, "/api/v1/attachments", "post")


def test_citizen_errors_match_the_contract(api, submit):
    path = "/api/v1/reports"
    invalid = assert_documented(post_json(api, path, {"title": "x"}), path, "post")
    assert invalid["error"]["code"] == "validation_failed" and invalid["error"]["details"]
    not_json = api.http.post(path, body="a=b", headers={"Content-Type": "text/plain"})
    assert assert_documented(not_json, path, "post")["error"]["code"] == "unsupported_media_type"
    malformed = api.http.post(path, body="{", headers={"Content-Type": "application/json"})
    assert assert_documented(malformed, path, "post")["error"]["code"] == "malformed_json"
    huge = api.http.post(path, body=json.dumps({"body": "x" * 1_000_001}), headers={"Content-Type": "application/json"})
    assert assert_documented(huge, path, "post")["error"]["code"] == "payload_too_large"
    bad_key = post_json(api, path, report_payload(), {"Idempotency-Key": "short"})
    assert assert_documented(bad_key, path, "post")["error"]["code"] == "invalid_idempotency_key"
    key = unique_key()
    assert post_json(api, path, report_payload(), {"Idempotency-Key": key}).status_code == 201
    reused = post_json(api, path, report_payload(title="Another title entirely"), {"Idempotency-Key": key})
    assert assert_documented(reused, path, "post")["error"]["code"] == "idempotency_key_reused"

    one = "/api/v1/reports/{tracking_id}"
    assert_documented(api.http.get("/api/v1/reports/AAAAA-AAAAA"), one)  # 404
    tid = submit(rahasia=True)["tracking_id"]
    assert assert_documented(api.http.get(f"/api/v1/reports/{tid}"), one)["error"]["code"] == "not_found"
    wrong = api.http.get(f"/api/v1/reports/{tid}", headers={"Authorization": "Bearer rt_wrong"})
    assert assert_documented(wrong, one)["error"]["code"] == "not_found"  # a secret report's existence stays hidden
    receipt = submit()
    wrong = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}", headers={"Authorization": "Bearer rt_wrong"})
    assert assert_documented(wrong, one)["error"]["code"] == "unauthorized"
    too_early = api.http.post(f"/api/v1/reports/{receipt['tracking_id']}/confirm",
                              headers={"Authorization": f"Bearer {receipt['reporter_token']}"})
    assert assert_documented(too_early, "/api/v1/reports/{tracking_id}/confirm", "post")["error"]["code"] == "illegal_transition"
    assert_documented(api.http.get("/api/v1/feed?month=1999-01"), "/api/v1/feed")  # 400
    assert_documented(api.http.get("/api/v1/regions?province=99"), "/api/v1/regions")  # 400


def test_agency_reporter_and_webhook_answers_match_the_contract(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, _ = subscribed
    auth = agency.auth
    named = routed(agency, reporter=REPORTER)
    hidden = routed(agency, reporter=REPORTER, anonim=True)["tracking_id"]
    tid, reporter_auth = named["tracking_id"], {"Authorization": f"Bearer {named['reporter_token']}"}
    one = "/api/v1/agency/reports/{tracking_id}"

    assert_documented(api.http.get("/api/v1/agency/reports?status=DITERUSKAN", headers=auth), "/api/v1/agency/reports")
    assert_documented(api.http.get("/api/v1/agency/reports?limit=1", headers=auth), "/api/v1/agency/reports")
    assert_documented(api.http.get("/api/v1/agency/reports/due", headers=auth), "/api/v1/agency/reports/due")
    assert "reporter" in assert_documented(api.http.get(f"/api/v1/agency/reports/{tid}", headers=auth), one)
    assert "reporter" not in assert_documented(api.http.get(f"/api/v1/agency/reports/{hidden}", headers=auth), one)
    assert_documented(api.http.get("/api/v1/agency/reports/AAAAA-AAAAA", headers=auth), one)  # 404
    assert_documented(api.http.get(f"/api/v1/agency/reports/{tid}"), one)  # 401

    def act(action: str, payload: Any = None, headers: dict[str, str] | None = None, method: str = "post") -> Any:
        sent = {**auth, **(headers or {})}
        raw = "" if payload is None else json.dumps(payload)
        if payload is not None:
            sent["Content-Type"] = "application/json"
        response = getattr(api.http, method)(f"/api/v1/agency/reports/{tid}/{action}", body=raw, headers=sent)
        return assert_documented(response, f"{one}/{action}", method)

    assert act("acknowledge")["status"] == "DITERUSKAN"
    assert act("notes", {"note": "Cek lapangan besok."})["version"]
    stale = act("follow-ups", {"message": "Sudah ditambal oleh UPT Jalan."}, {"If-Match": '"1"'})
    assert stale["error"]["code"] == "version_mismatch"
    followed = act("follow-ups", {"message": "Sudah ditambal oleh UPT Jalan.",
                                  "attachments": [{"url": "https://pu.example.go.id/f/1.jpg"}]})
    assert followed["status"] == "DITINDAKLANJUTI"
    assert act("clarification", {"message": "Mohon kirim foto lokasi."})["error"]["code"] == "illegal_transition"
    assert act("follow-ups", {"message": "short"})["error"]["code"] == "validation_failed"

    reporter_path = "/api/v1/reports/{tracking_id}"
    mine = assert_documented(api.http.get(f"/api/v1/reports/{tid}", headers=reporter_auth), reporter_path)
    assert mine["follow_ups"]
    reply = post_json(api, f"/api/v1/reports/{tid}/replies", {"message": "Masih ada satu lubang."}, reporter_auth)
    assert_documented(reply, f"{reporter_path}/replies", "post")
    act("follow-ups", {"message": "Lubang kedua juga sudah ditambal."})
    confirm = api.http.post(f"/api/v1/reports/{tid}/confirm", headers=reporter_auth)
    assert assert_documented(confirm, f"{reporter_path}/confirm", "post")["status"] == "SELESAI"
    rating = post_json(api, f"/api/v1/reports/{tid}/rating", {"score": 5, "comment": "Cepat"}, reporter_auth)
    assert assert_documented(rating, f"{reporter_path}/rating", "post")["rating"]["score"] == 5
    again = post_json(api, f"/api/v1/reports/{tid}/rating", {"score": 4}, reporter_auth)
    assert assert_documented(again, f"{reporter_path}/rating", "post")["error"]["code"] == "already_rated"
    drain_queues()

    assert_documented(api.http.get("/api/v1/agency/webhook", headers=auth), "/api/v1/agency/webhook")
    deliveries = assert_documented(api.http.get("/api/v1/agency/deliveries", headers=auth), "/api/v1/agency/deliveries")
    types = {item["type"] for item in deliveries["items"]}
    assert {"report.dispositioned", "report.reply_received", "report.closed", "report.rated"} <= types
    first = deliveries["items"][-1]["id"]
    assert_documented(api.http.get(f"/api/v1/agency/deliveries/{first}", headers=auth),
                      "/api/v1/agency/deliveries/{delivery_id}")
    replayed = api.http.post(f"/api/v1/agency/deliveries/{first}/replay", headers=auth)
    assert_documented(replayed, "/api/v1/agency/deliveries/{delivery_id}/replay", "post")

    assert receiver.received, "the receiver got the webhooks"
    for hook in receiver.received:
        payload = hook.json()
        documented = DOC["webhooks"][payload["type"]]["post"]
        assert not schema_errors(payload, documented["requestBody"]["content"]["application/json"]["schema"])
        assert {p["name"] for p in documented["parameters"]} <= set(hook.headers)


def test_forward_and_not_authority_answers_match_the_contract(api, new_agency, routed):
    agency, other = new_agency(), new_agency()
    one = "/api/v1/agency/reports/{tracking_id}"
    first = routed(agency)["tracking_id"]
    forwarded = post_json(api, f"/api/v1/agency/reports/{first}/forward",
                          {"agency_id": other.agency_id, "reason": "Bukan wilayah kami."}, agency.auth)
    assert assert_documented(forwarded, f"{one}/forward", "post")["agency_id"] == other.agency_id
    second = routed(agency)["tracking_id"]
    declined = post_json(api, f"/api/v1/agency/reports/{second}/not-authority", {"reason": "Bukan wewenang."},
                         agency.auth)
    assert assert_documented(declined, f"{one}/not-authority", "post")["status"] == "BUKAN_WEWENANG"


def test_admin_answers_match_the_contract(api, admin_auth, fresh_agency, routed, submit):
    queue = api.http.get("/api/v1/admin/queue?status=BUKAN_WEWENANG&limit=5", headers=admin_auth)
    assert_documented(queue, "/api/v1/admin/queue")
    assert_documented(api.http.get("/api/v1/admin/queue?status=SELESAI", headers=admin_auth), "/api/v1/admin/queue")
    assert_documented(api.http.get("/api/v1/admin/breaches", headers=admin_auth), "/api/v1/admin/breaches")
    due = api.http.get(f"/api/v1/agency/reports/due?agency={fresh_agency.agency_id}", headers=admin_auth)
    assert_documented(due, "/api/v1/agency/reports/due")

    tid = routed(fresh_agency, reporter=REPORTER)["tracking_id"]
    one = "/api/v1/admin/reports/{tracking_id}"
    assert_documented(api.http.get(f"/api/v1/admin/reports/{tid}", headers=admin_auth), one)
    amended = api.http.patch(f"/api/v1/admin/reports/{tid}", body=json.dumps({"anonim": True}),
                             headers={"Content-Type": "application/json", **admin_auth})
    assert "reporter" not in assert_documented(amended, one, "patch")
    nothing = api.http.patch(f"/api/v1/admin/reports/{tid}", body="{}",
                             headers={"Content-Type": "application/json", **admin_auth})
    assert assert_documented(nothing, one, "patch")["error"]["code"] == "validation_failed"
    note = post_json(api, f"/api/v1/admin/reports/{tid}/notes", {"note": "Dipantau."}, admin_auth)
    assert_documented(note, f"{one}/notes", "post")
    too_late = post_json(api, f"/api/v1/admin/reports/{tid}/archive", {"reason": "SPAM"}, admin_auth)
    assert assert_documented(too_late, f"{one}/archive", "post")["error"]["code"] == "illegal_transition"
    spam = submit()["tracking_id"]  # left in DITERIMA: queues not drained
    archive = post_json(api, f"/api/v1/admin/reports/{spam}/archive", {"reason": "SPAM"}, admin_auth)
    assert assert_documented(archive, f"{one}/archive", "post")["status"] == "DIARSIPKAN"
    fresh = submit()["tracking_id"]
    disposed = post_json(api, f"/api/v1/admin/reports/{fresh}/disposition", {"agency_id": fresh_agency.agency_id},
                         admin_auth)
    assert assert_documented(disposed, f"{one}/disposition", "post")["status"] == "DITERUSKAN"
    held = post_json(api, f"/api/v1/admin/reports/{fresh}/hold", {"message": "Mohon lengkapi lokasinya."}, admin_auth)
    assert_documented(held, f"{one}/hold", "post")

    agency_path = "/api/v1/admin/agencies/{agency_id}"
    assert_documented(api.http.get(f"/api/v1/admin/agencies/{fresh_agency.agency_id}", headers=admin_auth), agency_path)
    assert_documented(api.http.get("/api/v1/admin/agencies/nope", headers=admin_auth), agency_path)  # 404
    assert_documented(api.http.get(f"/api/v1/admin/agencies/{fresh_agency.agency_id}/keys", headers=admin_auth),
                      f"{agency_path}/keys")
    new_id = f"test-docs-{unique_key()[:12]}"
    created = post_json(api, "/api/v1/admin/agencies",
                        {"agency_id": new_id, "name": "Dinas Uji", "name_en": "Test Office", "kind": "DINAS",
                         "level": "KABUPATEN", "region_code": "62.01"}, admin_auth)
    assert_documented(created, "/api/v1/admin/agencies", "post")
    updated = api.http.patch(f"/api/v1/admin/agencies/{new_id}", body=json.dumps({"active": False}),
                             headers={"Content-Type": "application/json", **admin_auth})
    assert assert_documented(updated, agency_path, "patch")["active"] is False
    assert_documented(api.http.get("/api/v1/admin/queue"), "/api/v1/admin/queue")  # 401 missing key
