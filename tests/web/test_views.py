"""The citizen pages without a browser (chalice.test.Client): validation beside fields, the
reporter token's cookie, CSRF, languages, attachments and their privacy."""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role, Status
from chalicelib.domain.privacy import Audience, view
from chalicelib.pages.session import csrf_for
from chalicelib.reports.perform import perform
from chalicelib.store import reports as store
from chalicelib.text import catalog
from tests.fixtures import images
from tests.fixtures.reports import post_json, report_payload

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PNG = images.png()  # a real picture with the metadata a phone writes (stripped at intake)


def form_body(**overrides: str) -> str:
    payload = report_payload()
    fields = {"classification": payload["classification"], "title": payload["title"], "body": payload["body"],
              "incident_date": payload["incident_date"], "province": "62", "regency": "62.01",
              "category": payload["category"],
              # these tests file the same text again and again: past the look-alike notice
              # (tests/web/test_classify_form.py shows it)
              "similar_seen": "1"}
    fields.update(overrides)
    return urlencode({k: v for k, v in fields.items() if v is not None})


def post_form(api: Any, path: str, body: str, cookie: str = "") -> Any:
    return api.http.post(path, body=body, headers={**FORM, **({"Cookie": cookie} if cookie else {})})


def html(response: Any) -> str:
    return response.body.decode("utf-8")


def file_report(api: Any, **overrides: str) -> tuple[str, str]:
    """Submit the form; returns (tracking id, the token cookie as a Cookie header value)."""
    response = post_form(api, "/lapor", form_body(**overrides))
    assert response.status_code == 201, html(response)[:2000]
    tracking_id = re.search(r'data-tracking-id="([^"]+)"', html(response)).group(1)
    cookie = response.headers["Set-Cookie"].split(";")[0]
    return tracking_id, cookie


def test_form_is_in_bahasa_indonesia_with_every_control_labelled(api: Any) -> None:
    response = api.http.get("/")
    page = html(response)
    assert response.status_code == 200 and '<html lang="id">' in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    controls = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page))
    assert controls and controls <= labelled | {"form"}, controls - labelled
    for classification in ("Pengaduan", "Aspirasi", "Permintaan informasi"):
        assert f">{classification}</label>" in page


def test_attachment_messages_exist_in_both_languages() -> None:
    # the catalogs themselves are checked in test_catalogs.py
    for code in ("attachment_type", "attachment_too_large", "attachment_missing", "too_many_attachments"):
        assert catalog.lookup(code, "id", catalog.API) and catalog.lookup(code, "en", catalog.API)


def test_no_js_post_answers_the_same_page_with_errors_beside_fields(api: Any) -> None:
    response = post_form(api, "/lapor", urlencode({"title": "Abc", "reporter_email": "x"}))
    page = html(response)
    assert response.status_code == 422
    assert re.search(r'id="title-error">.*Terlalu pendek: minimal 5 karakter', page)
    assert re.search(r'id="classification-error">.*Wajib diisi', page)
    assert re.search(r'id="reporter_email-error">.*Alamat email tidak sah', page)
    assert 'value="Abc"' in page  # what was typed is kept

    english = api.http.post("/lapor", body=urlencode({"title": "Abc"}), headers={**FORM, "Cookie": "lapor_lang=en"})
    page = html(english)
    assert '<html lang="en">' in page and "This field is required." in page
    assert "Wajib" not in page and "Kesalahan" not in page


def test_regency_must_belong_to_the_province(api: Any) -> None:
    response = post_form(api, "/lapor", form_body(province="11"))
    assert response.status_code == 422
    assert re.search(r'id="regency-error">.*tidak ada di provinsi', html(response))


def test_confirmation_keeps_the_token_out_of_urls_sent_to_servers(api: Any) -> None:
    form_key = secrets.token_urlsafe(24)  # what the form page hands out
    response = post_form(api, "/lapor", form_body(form_key=form_key))
    page = html(response)
    tracking_id = re.search(r'data-tracking-id="([^"]+)"', page).group(1)
    cookie = response.headers["Set-Cookie"]
    token = re.search(r"lapor_rt=(rt_[^;]+)", cookie).group(1)
    assert f"Path=/lacak/{tracking_id}" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f'href="/lacak/{tracking_id}#token={token}"' in page  # a fragment is never sent to a server
    assert "Location" not in response.headers
    again = post_form(api, "/lapor", form_body(form_key=form_key))  # double submit / refresh
    assert tracking_id in html(again)


def test_tracking_page_public_and_reporter_views(api: Any) -> None:
    tracking_id, cookie = file_report(api, reporter_name="Siti Aminah")
    public = html(api.http.get(f"/lacak/{tracking_id}"))
    assert "Diterima" in public and "Anda pelapornya?" in public and "sebagai pelapor" not in public
    own = html(api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}))
    assert "Anda melihat laporan ini sebagai pelapor." in own
    redirect = api.http.get(f"/lacak/{tracking_id.lower().replace('-', '')}")
    assert redirect.status_code == 303 and redirect.headers["Location"] == f"/lacak/{tracking_id}"
    assert api.http.get("/lacak/NOT-AN-ID").status_code == 404


def test_rahasia_report_is_not_found_for_the_public(api: Any) -> None:
    tracking_id, cookie = file_report(api, rahasia="1")
    assert api.http.get(f"/lacak/{tracking_id}").status_code == 404
    assert api.http.get(f"/lacak/{tracking_id}/status").status_code == 404
    assert api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}).status_code == 200
    assert json.loads(api.http.get(f"/lacak/{tracking_id}/status", headers={"Cookie": cookie}).body)["status"] == "DITERIMA"


def test_typed_token_is_checked_and_remembered(api: Any) -> None:
    tracking_id, cookie = file_report(api)
    wrong = post_form(api, f"/lacak/{tracking_id}/kode", urlencode({"token": "rt_wrong"}))
    assert wrong.status_code == 401 and "Kode rahasia tidak cocok" in html(wrong)
    token = cookie.split("=", 1)[1]
    right = post_form(api, f"/lacak/{tracking_id}/kode", urlencode({"token": token}))
    assert right.status_code == 303 and f"Path=/lacak/{tracking_id}" in right.headers["Set-Cookie"]


def test_reply_form_needs_csrf_and_goes_through_reporter_actions(
        api: Any, drain_queues: Callable[[], int]) -> None:
    tracking_id, cookie = file_report(api)
    drain_queues()
    report = store.get(tracking_id, consistent=True)
    assert report.agency_id, "routing did not disposition the report"
    perform(tracking_id, Action.FOLLOW_UP, Actor(Role.AGENCY, report.agency_id), message="Sudah kami cek.")
    page = html(api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}))
    assert 'id="reply-form"' in page and "Sudah kami cek." in page
    forged = post_form(api, f"/lacak/{tracking_id}/balas", urlencode({"message": "x", "csrf": "nope"}), cookie)
    assert forged.status_code == 403
    token = cookie.split("=", 1)[1]
    empty = post_form(api, f"/lacak/{tracking_id}/balas", urlencode({"message": "", "csrf": csrf_for(token)}), cookie)
    assert empty.status_code == 422 and 'id="message-error"' in html(empty)
    sent = post_form(api, f"/lacak/{tracking_id}/balas",
                     urlencode({"message": "Belum beres.", "csrf": csrf_for(token)}), cookie)
    assert sent.status_code == 303 and sent.headers["Location"] == f"/lacak/{tracking_id}?ok=reply"
    assert store.get(tracking_id, consistent=True).status is Status.DITERUSKAN


def _upload(api: Any, content_type: str, data: bytes, name: str = "foto.png") -> str:
    grant = post_json(api, "/api/v1/attachments", {"name": name, "content_type": content_type, "size": len(data)})
    assert grant.status_code == 201, grant.body
    body = json.loads(grant.body)
    upload = requests.post(body["upload"]["url"], data=body["upload"]["fields"],
                           files={"file": (name, data, content_type)}, timeout=10)
    assert upload.status_code in (200, 201, 204)
    return body["id"]


def test_attachment_uploads_are_checked_at_presign_and_on_submit(api: Any) -> None:
    refused = post_json(api, "/api/v1/attachments", {"name": "a.zip", "content_type": "application/zip", "size": 10})
    assert refused.status_code == 422 and json.loads(refused.body)["error"]["details"][0]["code"] == "attachment_type"
    too_big = post_json(api, "/api/v1/attachments", {"content_type": "image/png", "size": 6 * 1024 * 1024})
    assert json.loads(too_big.body)["error"]["details"][0]["code"] == "attachment_too_large"

    good = _upload(api, "image/png", PNG, "KTP_Budi.png")
    fake = _upload(api, "image/png", b"MZ not a picture at all")
    bad = post_json(api, "/api/v1/reports", report_payload(attachments=[fake]))
    assert bad.status_code == 422 and "attachment_type" in bad.body.decode()
    missing = post_json(api, "/api/v1/reports", report_payload(attachments=["att_" + "x" * 24]))
    assert missing.status_code == 422 and "attachment_missing" in missing.body.decode()
    created = post_json(api, "/api/v1/reports", report_payload(attachments=[good], anonim=True))
    assert created.status_code == 201
    report = store.get(json.loads(created.body)["tracking_id"], consistent=True)
    [stored] = report.attachments
    assert (stored.content_type, stored.name, stored.cleaned) == ("image/png", "KTP_Budi.png", True)
    assert stored.size < len(PNG)  # the cleaned copy, without the metadata

    # privacy.py: the public never sees attachments, the agency never sees the reporter's file name.
    assert "attachments" not in view(Audience.PUBLIC, report)
    assert view(Audience.AGENCY, report)["attachments"] == [{"id": good, "content_type": "image/png", "size": stored.size,
                                                             "downloadable": True, "thumbnail": True}]
    assert view(Audience.REPORTER, report)["attachments"][0]["name"] == "KTP_Budi.png"


def test_static_assets_are_served_with_long_cache(api: Any) -> None:
    css = api.http.get("/static/app.css")
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert "immutable" in css.headers["Cache-Control"]
    assert api.http.get("/static/..%2Fviews.py").status_code == 404
