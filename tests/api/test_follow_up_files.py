"""Staff answer with uploaded photos (issue 24): a follow-up carries files uploaded like a
citizen's (presigned POST, type sniffing, size limits, metadata stripped), claimed with the
follow-up itself; the reporter gets them, the public too unless the report is rahasia."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.store import reports as store
from tests.fixtures import images
from tests.fixtures.agencies import Agency, call
from tests.fixtures.uploads import fetch, upload

MESSAGE = "Lubang sudah ditambal hari ini, foto terlampir."


def body(response: Any) -> Any:
    return json.loads(response.body)


def answer(api: Any, agency: Agency, tid: str, files: list[str]) -> Any:
    return call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": MESSAGE, "files": files},
                agency.auth)


def test_a_liaison_answers_with_a_photo_the_reporter_and_public_see(api: Any, fresh_agency: Agency,
                                                                   routed: Callable[..., dict[str, Any]]) -> None:
    receipt = routed(fresh_agency)
    tid = receipt["tracking_id"]
    photo = upload(api, images.jpeg(images.picture(80, 40), orientation=8), "image/jpeg", "after_repair.jpg")
    done = answer(api, fresh_agency, tid, [photo])
    assert done.status_code == 201, done.body
    [follow_up] = body(done)["follow_ups"]
    assert [f["id"] for f in follow_up["files"]] == [photo]

    token = {"Authorization": f"Bearer {receipt['reporter_token']}"}
    mine = body(api.http.get(f"/api/v1/reports/{tid}", headers=token))
    [seen] = mine["follow_ups"][0]["files"]
    link = body(api.http.get(seen["download"], headers=token))
    got = fetch(link["url"]).content
    assert images.OWNER.encode() not in got and images.SERIAL.encode() not in got  # cleaned, as a citizen's

    public = body(api.http.get(f"/api/v1/reports/{tid}"))
    [shown] = public["follow_ups"][0]["files"]
    assert shown["id"] == photo and shown["download"].endswith(f"/attachments/{photo}")
    open_link = api.http.get(shown["download"])
    assert open_link.status_code == 200 and fetch(body(open_link)["url"]).content == got

    # One upload answers once: a second follow-up listing it is refused, nothing written.
    before = store.get(tid, consistent=True).version
    again = answer(api, fresh_agency, tid, [photo])
    assert again.status_code == 422 and body(again)["error"]["details"][0]["code"] == "attachment_claimed"
    assert store.get(tid, consistent=True).version == before


def test_a_rahasia_reports_follow_up_files_stay_off_the_public(api: Any, fresh_agency: Agency,
                                                              routed: Callable[..., dict[str, Any]]) -> None:
    receipt = routed(fresh_agency, rahasia=True)
    tid = receipt["tracking_id"]
    photo = upload(api, images.jpeg(), "image/jpeg")
    assert answer(api, fresh_agency, tid, [photo]).status_code == 201
    assert api.http.get(f"/api/v1/reports/{tid}/attachments/{photo}").status_code == 404
    token = {"Authorization": f"Bearer {receipt['reporter_token']}"}
    assert api.http.get(f"/api/v1/reports/{tid}/attachments/{photo}", headers=token).status_code == 200


def test_a_bad_file_refuses_the_follow_up_and_stores_nothing(api: Any, fresh_agency: Agency,
                                                             routed: Callable[..., dict[str, Any]]) -> None:
    tid = routed(fresh_agency)["tracking_id"]
    before = store.get(tid, consistent=True)
    polyglot = upload(api, images.jpeg() + b"PK\x03\x04" + b"\x00" * 30 + b"PK\x05\x06" + b"\x00" * 18, "image/jpeg")
    refused = answer(api, fresh_agency, tid, [polyglot])
    assert refused.status_code == 422, refused.body
    detail = body(refused)["error"]["details"][0]
    assert detail["code"] == "attachment_polyglot" and detail["message"].startswith("Berkas ini berisi berkas lain")
    after = store.get(tid, consistent=True)
    assert (after.version, after.status) == (before.version, before.status)
    import pytest
    from botocore.exceptions import ClientError

    from chalicelib.intake.attachments import stored_key
    from chalicelib.shared.aws import client
    from chalicelib.shared.resources import ATTACHMENTS_BUCKET

    with pytest.raises(ClientError):  # no cleaned copy was ever written for the refused file
        client("s3").head_object(Bucket=ATTACHMENTS_BUCKET.name, Key=stored_key(polyglot))
