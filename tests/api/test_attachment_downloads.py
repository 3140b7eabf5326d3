"""Downloads of a report's files (issue 24): who may get a link (role x report matrix), that the
link serves the metadata-stripped copy, that it is short-lived, and that every link minted is on
the report's audit trail. The original upload (with its GPS position) is gone once filed."""
from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from chalicelib.intake import attachments as rules
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from tests.fixtures import images
from tests.fixtures.agencies import Agency
from tests.fixtures.uploads import fetch, upload

SECRET_NAME = "IMG_Budi_Santoso_rumah.jpg"


def body(response: Any) -> Any:
    return json.loads(response.body)


@pytest.fixture()
def filed(api: Any, fresh_agency: Agency, routed: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """An anonim report with a phone photo (GPS, serial, owner) routed to `fresh_agency`."""
    photo = images.jpeg(images.picture(60, 40), orientation=6)
    attachment_id = upload(api, photo, "image/jpeg", SECRET_NAME)
    receipt = routed(fresh_agency, attachments=[attachment_id], anonim=True,
                     reporter={"name": "Budi Santoso", "phone": "081234567890"})
    return {"receipt": receipt, "tid": receipt["tracking_id"], "id": attachment_id, "photo": photo}


def path(prefix: str, filed: dict[str, Any], variant: str = "") -> str:
    return f"{prefix}/reports/{filed['tid']}/attachments/{filed['id']}" + (f"?variant={variant}" if variant else "")


def test_the_agency_downloads_the_photo_without_its_metadata(api, fresh_agency, filed) -> None:
    view = body(api.http.get(f"/api/v1/agency/reports/{filed['tid']}", headers=fresh_agency.auth))
    [listed] = view["attachments"]
    assert listed["downloadable"] and listed["thumbnail"] and "name" not in listed  # the file name stays hidden
    assert listed["download"] == f"/api/v1/agency/reports/{filed['tid']}/attachments/{filed['id']}"

    answer = api.http.get(listed["download"], headers=fresh_agency.auth)
    assert answer.status_code == 200, answer.body
    link = body(answer)
    assert link["content_type"] == "image/jpeg" and link["expires_in"] == 300
    assert int(parse_qs(urlsplit(link["url"]).query)["X-Amz-Expires"][0]) == 300  # short-lived
    got = fetch(link["url"])
    assert got.headers["Content-Type"] == "image/jpeg"
    for secret in (images.OWNER.encode(), images.SERIAL.encode(), images.XMP_MARK.encode(), images.IPTC_MARK):
        assert secret in filed["photo"] and secret not in got.content
    picture = Image.open(io.BytesIO(got.content))
    assert not picture.getexif() and picture.size == (40, 60)  # upright: orientation 6 applied
    assert SECRET_NAME not in got.headers.get("Content-Disposition", "")

    thumb = body(api.http.get(path("/api/v1/agency", filed, "thumbnail"), headers=fresh_agency.auth))
    small = Image.open(io.BytesIO(fetch(thumb["url"]).content))
    assert small.format == "JPEG" and max(small.size) <= 320 and not small.getexif()


def test_the_uploaded_original_is_gone_and_cannot_replace_the_stored_copy(api, filed) -> None:
    s3 = client("s3")
    listed = s3.list_object_versions(Bucket=ATTACHMENTS_BUCKET.name, Prefix=rules.object_key(filed["id"]))
    assert not listed.get("Versions") and not listed.get("DeleteMarkers")  # no version of the original kept
    stored = s3.get_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.stored_key(filed["id"]))["Body"].read()
    assert images.OWNER.encode() not in stored
    # The upload grant is still valid for minutes: re-uploading writes only the upload key, never
    # the stored copy the report uses.
    s3.put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.object_key(filed["id"]), Body=images.PLAIN_PNG)
    again = s3.get_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.stored_key(filed["id"]))["Body"].read()
    assert again == stored


def test_who_may_download_role_by_report(api, fresh_agency, new_agency, admin_auth, filed) -> None:
    """The matrix: the handling agency, the admins and the reporter get a link; another agency, a
    wrong reporter token, no credentials and the public never do (404 as for a report one may not
    see, 401 without credentials)."""
    other = new_agency()
    token = {"Authorization": f"Bearer {filed['receipt']['reporter_token']}"}
    cases = [
        ("handling agency", "/api/v1/agency", fresh_agency.auth, 200),
        ("another agency", "/api/v1/agency", other.auth, 404),
        ("admin key", "/api/v1/admin", admin_auth, 200),
        ("agency key on the admin API", "/api/v1/admin", fresh_agency.auth, 401),
        ("no key", "/api/v1/agency", {}, 401),
        ("the reporter", "/api/v1", token, 200),
        ("a wrong reporter token", "/api/v1", {"Authorization": "Bearer rt_not-the-token"}, 401),
        ("the public (no token)", "/api/v1", {}, 404),
    ]
    for who, prefix, headers, expected in cases:
        answer = api.http.get(path(prefix, filed), headers=headers)
        assert answer.status_code == expected, (who, answer.body)
        if expected == 200:
            assert fetch(body(answer)["url"]).content.startswith(b"\xff\xd8\xff")
        else:
            assert b"X-Amz-Signature" not in answer.body
    unknown = api.http.get(f"/api/v1/agency/reports/{filed['tid']}/attachments/att_{'x' * 24}",
                           headers=fresh_agency.auth)
    assert unknown.status_code == 404
    bad_variant = api.http.get(path("/api/v1/agency", filed, "original"), headers=fresh_agency.auth)
    assert bad_variant.status_code == 400
    # The public pages and feed never carry the reporter's file.
    public = api.http.get(f"/api/v1/reports/{filed['tid']}")
    assert filed["id"] not in public.body.decode()


def test_every_minted_link_is_on_the_audit_trail(api, fresh_agency, new_agency, admin_auth, filed) -> None:
    other = new_agency()
    token = {"Authorization": f"Bearer {filed['receipt']['reporter_token']}"}
    api.http.get(path("/api/v1/agency", filed), headers=fresh_agency.auth)
    api.http.get(path("/api/v1/agency", filed, "thumbnail"), headers=fresh_agency.auth)
    api.http.get(path("/api/v1/agency", filed), headers=other.auth)  # refused: not recorded
    api.http.get(path("/api/v1", filed), headers=token)
    api.http.get(path("/api/v1/admin", filed), headers=admin_auth)
    trail = api.http.get(f"/api/v1/admin/reports/{filed['tid']}/downloads", headers=admin_auth)
    assert trail.status_code == 200
    got = [(e["audience"], e["actor"], e["variant"], e["attachment_id"]) for e in body(trail)["items"]]
    assert got == [("AGENCY", fresh_agency.agency_id, "file", filed["id"]),
                   ("AGENCY", fresh_agency.agency_id, "thumbnail", filed["id"]),
                   ("REPORTER", "reporter", "file", filed["id"]),
                   ("ADMIN", "test-admin", "file", filed["id"])]
    assert api.http.get(f"/api/v1/admin/reports/{filed['tid']}/downloads", headers=fresh_agency.auth).status_code == 401


def test_a_file_from_before_cleaning_is_never_handed_out(api, fresh_agency, filed) -> None:
    """A report stored before intake cleaned files holds the original under `uploads/`: it is
    listed as not downloadable and asking for it is refused (409), never served."""
    from dataclasses import replace

    from chalicelib.store import reports as store
    from chalicelib.store.models import ReportRecord

    report = store.get(filed["tid"], consistent=True)
    legacy = [replace(a, cleaned=False, thumbnail=False) for a in report.attachments]
    record = ReportRecord.get(filed["tid"], consistent_read=True)
    record.update(actions=[ReportRecord.attachments.set([a.__dict__ for a in legacy])])
    view = body(api.http.get(f"/api/v1/agency/reports/{filed['tid']}", headers=fresh_agency.auth))
    assert view["attachments"][0]["downloadable"] is False and "download" not in view["attachments"][0]
    refused = api.http.get(path("/api/v1/agency", filed), headers=fresh_agency.auth, )
    assert refused.status_code == 409 and body(refused)["error"]["code"] == "attachment_not_cleaned"
