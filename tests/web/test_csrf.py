"""Login CSRF and transport security of the citizen pages (issue 10, defect 6)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from tests.web.test_views import form_body

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Host": "lapor.example.go.id"}
EVIL = {"Origin": "https://evil.example"}


def post(api: Any, path: str, body: str, **headers: str) -> Any:
    return api.http.post(path, body=body, headers={**FORM, **headers})


def test_cross_site_posts_cannot_sign_a_visitor_in_or_out(api, submit):
    receipt = submit()
    tid, token = receipt["tracking_id"], receipt["reporter_token"]
    sign_in = urlencode({"token": token})
    for headers in (EVIL, {"Origin": "null", "Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.example.go.id"},
                    {"Origin": "http://lapor.example.go.id.evil.example"}):
        refused = post(api, f"/lacak/{tid}/kode", sign_in, **headers)
        assert refused.status_code == 403, headers
        assert "Set-Cookie" not in refused.headers
        assert "situs lain" in refused.body.decode()
        out = post(api, f"/lacak/{tid}/lupakan", "", **headers)
        assert out.status_code == 403 and "Set-Cookie" not in out.headers
    for form in ("balas", "selesai", "nilai"):
        assert post(api, f"/lacak/{tid}/{form}", "message=hai", **EVIL).status_code == 403
    assert post(api, "/lapor", form_body(), **EVIL).status_code == 403
    # The same posts from Lapor's own pages (or clients that are not browsers) work.
    same = post(api, f"/lacak/{tid}/kode", sign_in, Origin="http://lapor.example.go.id", **{"Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 303 and "lapor_rt=" in same.headers["Set-Cookie"]
    # What Chromium sends for Lapor's own form under `Referrer-Policy: no-referrer`.
    own = post(api, f"/lacak/{tid}/kode", sign_in, Origin="null", **{"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 303
    assert post(api, f"/lacak/{tid}/lupakan", "").status_code == 303
    assert post(api, "/lapor", form_body(), Origin="http://lapor.example.go.id").status_code == 201


def test_strict_transport_security_over_https_only(api):
    secure = api.http.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Strict-Transport-Security" in api.http.get("/api/v1/categories", headers={"X-Forwarded-Proto": "https"}).headers
    assert "Strict-Transport-Security" not in api.http.get("/").headers
