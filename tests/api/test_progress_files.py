"""Progress news with photos (issue 24): `POST /api/v1/agency/reports/{id}/progress` takes uploaded
`files` under the follow-up's rules: checked and cleaned like a citizen's, claimed in the news's own
transaction (a refused one keeps nothing, an upload serves one answer), downloadable by the
reporter, and by the public wherever it may see the report (never a rahasia one)."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.store import reports as store
from tests.fixtures import images
from tests.fixtures.agencies import Agency, call
from tests.fixtures.uploads import fetch, upload

ANSWER = "Kami sudah menjadwalkan penambalan jalan pekan ini."
NEWS = "Penambalan sedang berjalan, separuh lubang sudah ditutup."


def body(response: Any) -> Any:
    return json.loads(response.body)


def answered(api: Any, agency: Agency, routed: Callable[..., dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    receipt = routed(agency, **overrides)
    done = call(api, "POST", f"/api/v1/agency/reports/{receipt['tracking_id']}/follow-ups", {"message": ANSWER},
                agency.auth)
    assert done.status_code == 201, done.body
    return receipt


def progress(api: Any, agency: Agency, tid: str, files: list[str]) -> Any:
    return call(api, "POST", f"/api/v1/agency/reports/{tid}/progress", {"message": NEWS, "files": files},
                agency.auth)


def test_progress_news_carries_a_cleaned_photo_to_the_reporter_and_public(
        api: Any, fresh_agency: Agency, routed: Callable[..., dict[str, Any]]) -> None:
    receipt = answered(api, fresh_agency, routed)
    tid = receipt["tracking_id"]
    before = store.get(tid, consistent=True)
    photo = upload(api, images.jpeg(images.picture(80, 40)), "image/jpeg", "setengah_jadi.jpg")
    posted = progress(api, fresh_agency, tid, [photo])
    assert posted.status_code == 201, posted.body
    [news] = body(posted)["progress"]
    assert news["message"] == NEWS and [f["id"] for f in news["files"]] == [photo]
    after = store.get(tid, consistent=True)
    assert (after.status, after.deadline) == (before.status, before.deadline)  # news, not a new answer

    token = {"Authorization": f"Bearer {receipt['reporter_token']}"}
    mine = body(api.http.get(f"/api/v1/reports/{tid}", headers=token))
    [seen] = mine["progress"][0]["files"]
    got = fetch(body(api.http.get(seen["download"], headers=token))["url"]).content
    assert got.startswith(b"\xff\xd8")
    assert images.OWNER.encode() not in got and images.SERIAL.encode() not in got

    public = body(api.http.get(f"/api/v1/reports/{tid}"))
    [shown] = public["progress"]
    assert set(shown) == {"at", "files"}  # the files, not the news text
    assert shown["files"][0]["download"].endswith(f"/attachments/{photo}")
    assert fetch(body(api.http.get(shown["files"][0]["download"]))["url"]).content == got

    # The tracking page shows it among the agency's files.
    page = api.http.get(f"/lacak/{tid}")
    assert f"/lacak/{tid}/berkas/{photo}" in page.body.decode()

    # One upload, one answer: listed again, the news is refused and nothing is written.
    version = store.get(tid, consistent=True).version
    again = progress(api, fresh_agency, tid, [photo])
    assert again.status_code == 422 and body(again)["error"]["details"][0]["code"] == "attachment_claimed"
    assert store.get(tid, consistent=True).version == version


def test_a_rahasia_reports_progress_files_stay_off_the_public(
        api: Any, fresh_agency: Agency, routed: Callable[..., dict[str, Any]]) -> None:
    receipt = answered(api, fresh_agency, routed, rahasia=True)
    tid = receipt["tracking_id"]
    photo = upload(api, images.jpeg(), "image/jpeg")
    assert progress(api, fresh_agency, tid, [photo]).status_code == 201
    assert api.http.get(f"/api/v1/reports/{tid}/attachments/{photo}").status_code == 404
    token = {"Authorization": f"Bearer {receipt['reporter_token']}"}
    assert api.http.get(f"/api/v1/reports/{tid}/attachments/{photo}", headers=token).status_code == 200


def test_a_bad_file_refuses_the_progress_news(api: Any, fresh_agency: Agency,
                                              routed: Callable[..., dict[str, Any]]) -> None:
    tid = answered(api, fresh_agency, routed)["tracking_id"]
    before = store.get(tid, consistent=True).version
    fake = upload(api, b"<html><script>alert(1)</script></html>", "image/jpeg")
    refused = progress(api, fresh_agency, tid, [fake])
    assert refused.status_code == 422, refused.body
    assert body(refused)["error"]["details"][0]["code"] == "attachment_type"
    assert store.get(tid, consistent=True).version == before


def test_another_agency_cannot_post_progress_nor_fetch_the_files(
        api: Any, fresh_agency: Agency, new_agency: Callable[[], Agency],
        routed: Callable[..., dict[str, Any]]) -> None:
    tid = answered(api, fresh_agency, routed)["tracking_id"]
    photo = upload(api, images.jpeg(), "image/jpeg")
    other = new_agency()
    assert progress(api, other, tid, [photo]).status_code == 404
    assert progress(api, fresh_agency, tid, [photo]).status_code == 201
    assert call(api, "GET", f"/api/v1/agency/reports/{tid}/attachments/{photo}", None, other.auth).status_code == 404
    mine = call(api, "GET", f"/api/v1/agency/reports/{tid}/attachments/{photo}", None, fresh_agency.auth)
    assert mine.status_code == 200
