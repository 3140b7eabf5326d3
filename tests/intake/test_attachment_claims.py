"""Attachment ids are single-use and bound to the upload they came from (issue 20, finding 2).

An id is handed out with its upload (`POST /api/v1/attachments`) and claimed by exactly one
report, atomically with the report itself. Another report listing it is refused, so a reporter
never sees someone else's file (its name can unmask an anonim reporter), and two filings racing
for one id let exactly one win. An idempotent replay of the first filing is not a second claim."""
from __future__ import annotations

import json
import secrets
import threading
from typing import Any
from urllib.parse import urlencode

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain.errors import ValidationFailed
from chalicelib.domain.model import Channel
from chalicelib.intake import attachments as rules
from chalicelib.intake.schema import ReportSubmission
from chalicelib.intake.service import Receipt, submit_report
from chalicelib.shared.aws import client
from chalicelib.shared.resources import ATTACHMENTS_BUCKET
from chalicelib.store import reports as store
from tests.fixtures import images
from tests.fixtures.reports import post_json, report_payload, unique_key

PNG = images.PLAIN_PNG  # a real picture: intake decodes and cleans every file
SECRET_NAME = "KTP_Budi_Santoso.png"  # a name that would unmask an anonim reporter


def upload(api: Any, name: str = SECRET_NAME, data: bytes = PNG) -> str:
    """Ask for an upload and upload the file the way a browser does; returns the attachment id."""
    grant = post_json(api, "/api/v1/attachments", {"name": name, "content_type": "image/png", "size": len(data)})
    assert grant.status_code == 201, grant.body
    body = json.loads(grant.body)
    sent = requests.post(body["upload"]["url"], data=body["upload"]["fields"],
                         files={"file": (name, data, "image/png")}, timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    return body["id"]


def file(api: Any, attachment_ids: list[str], key: str | None = None, lang: str | None = None,
         **overrides: Any) -> Any:
    headers = {**({"Idempotency-Key": key} if key else {}), **({"Accept-Language": lang} if lang else {})}
    return post_json(api, "/api/v1/reports", report_payload(attachments=attachment_ids, **overrides), headers)


def refusal(response: Any) -> dict[str, Any]:
    """The one field error of a refused filing."""
    error = json.loads(response.body)["error"]
    assert len(error["details"]) == 1, error
    return error["details"][0]


def reporter_view(api: Any, receipt: dict[str, Any]) -> str:
    response = api.http.get(f"/api/v1/reports/{receipt['tracking_id']}",
                            headers={"Authorization": f"Bearer {receipt['reporter_token']}"})
    assert response.status_code == 200, response.body
    return response.body.decode("utf-8")


def test_a_second_report_cannot_list_another_reporters_attachment(api: Any) -> None:
    a_id = upload(api)
    first = file(api, [a_id], anonim=True)
    assert first.status_code == 201, first.body
    assert SECRET_NAME in reporter_view(api, json.loads(first.body))  # A still sees A's own file

    stolen = file(api, [a_id])
    assert stolen.status_code == 422, stolen.body  # no report is filed for B at all
    detail = refusal(stolen)
    assert (detail["field"], detail["code"]) == ("attachments", "attachment_claimed")
    assert detail["message"].startswith("Lampiran ini sudah dipakai")
    assert SECRET_NAME not in stolen.body.decode("utf-8")
    english = refusal(file(api, [a_id], lang="en"))
    assert english["message"].startswith("This attachment is already used")


def test_a_refused_filing_claims_none_of_its_attachments(api: Any) -> None:
    a_id = upload(api)
    assert file(api, [a_id]).status_code == 201
    b_id = upload(api, name="foto-jalan.png")
    mixed = file(api, [b_id, a_id])
    assert mixed.status_code == 422 and refusal(mixed)["code"] == "attachment_claimed"
    # B's own upload was not used up by the refused filing: B files again without A's id.
    mine = file(api, [b_id])
    assert mine.status_code == 201, mine.body
    seen = reporter_view(api, json.loads(mine.body))
    assert "foto-jalan.png" in seen and SECRET_NAME not in seen and a_id not in seen


def test_the_web_form_neither_files_nor_shows_another_reporters_attachment(api: Any) -> None:
    a_id = upload(api)
    assert file(api, [a_id], anonim=True).status_code == 201
    form = report_payload()
    body = urlencode({"classification": form["classification"], "title": form["title"], "body": form["body"],
                      "incident_date": form["incident_date"], "province": "62", "regency": "62.01",
                      "category": form["category"], "similar_seen": "1", "attachments": a_id})
    page = api.http.post("/lapor", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    text = page.body.decode("utf-8")
    assert page.status_code == 422, text[:2000]
    assert "Lampiran ini sudah dipakai" in text
    assert SECRET_NAME not in text and a_id not in text  # the re-rendered form does not keep A's file


def test_an_object_that_was_never_handed_out_as_an_upload_is_refused(api: Any) -> None:
    """An id lifted from an older report (or any object put in the bucket by other means) has no
    upload record: it cannot be claimed, and its name is never shown."""
    legacy = "att_" + secrets.token_urlsafe(18)
    client("s3").put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.object_key(legacy), Body=PNG,
                            ContentType="image/png", Metadata={"filename": SECRET_NAME})
    refused = file(api, [legacy])
    assert refused.status_code == 422 and refusal(refused)["code"] == "attachment_missing"
    assert SECRET_NAME not in refused.body.decode("utf-8")


def test_an_upload_not_filed_in_time_is_refused(api: Any) -> None:
    late = rules.grant_upload("foto.png", "image/png", len(PNG), now=0.0)["id"]  # issued in 1970
    client("s3").put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.object_key(late), Body=PNG,
                            ContentType="image/png")
    refused = file(api, [late])
    assert refused.status_code == 422 and refusal(refused)["code"] == "attachment_missing"


def _race(start: threading.Barrier, submission: ReportSubmission, outcomes: list[Any]) -> None:
    """One of two filings released together; its receipt or refusal lands in `outcomes`."""
    start.wait()
    try:
        outcomes.append(submit_report(submission, Channel.API))
    except ValidationFailed as error:
        outcomes.append(error)


def test_two_concurrent_filings_claim_an_attachment_once(api: Any) -> None:
    for _ in range(4):
        shared = upload(api)
        submission = ReportSubmission.model_validate(report_payload(attachments=[shared]))
        start = threading.Barrier(2)
        outcomes: list[Any] = []
        threads = [threading.Thread(target=_race, args=(start, submission, outcomes)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        won = [o for o in outcomes if isinstance(o, Receipt)]
        lost = [o for o in outcomes if isinstance(o, ValidationFailed)]
        assert len(won) == 1 and len(lost) == 1, outcomes
        assert lost[0].code == "attachment_claimed"
        stored = store.get(won[0].tracking_id, consistent=True)
        assert [a.id for a in stored.attachments] == [shared]


def test_an_idempotent_replay_of_the_first_filing_returns_the_first_report(api: Any) -> None:
    a_id = upload(api)
    key = unique_key()
    first = file(api, [a_id], key=key, anonim=True)
    assert first.status_code == 201, first.body
    assert file(api, [a_id]).status_code == 422  # someone else's filing in between changes nothing
    again = file(api, [a_id], key=key, anonim=True)
    assert again.status_code == 201, again.body
    assert json.loads(again.body) == json.loads(first.body)
    assert SECRET_NAME in reporter_view(api, json.loads(again.body))


def _granted_upload() -> str:
    """An upload handed out and its object in the bucket (moto does not need the browser's POST)."""
    attachment_id = rules.grant_upload("foto.png", "image/png", len(PNG))["id"]
    client("s3").put_object(Bucket=ATTACHMENTS_BUCKET.name, Key=rules.object_key(attachment_id), Body=PNG,
                            ContentType="image/png", Metadata={"filename": "foto.png"})
    return attachment_id


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filings=st.lists(st.lists(st.integers(0, 2), min_size=1, max_size=3), min_size=2, max_size=3))
def test_any_sequence_of_filings_puts_each_upload_in_one_report_at_most(api: Any, filings: list[list[int]]) -> None:
    """Whatever reports list whatever uploads: a filing succeeds exactly when none of its uploads
    is in a report yet, and then every upload is in exactly the one report that claimed it."""
    pool = [_granted_upload() for _ in range(3)]
    owner: dict[str, str] = {}
    for picks in filings:
        ids = list(dict.fromkeys(pool[i] for i in picks))
        submission = ReportSubmission.model_validate(report_payload(attachments=ids))
        try:
            receipt = submit_report(submission, Channel.API)
        except ValidationFailed as error:
            assert error.code == "attachment_claimed" and any(i in owner for i in ids), (error, ids, owner)
            continue
        assert not any(i in owner for i in ids), (ids, owner)
        owner.update({i: receipt.tracking_id for i in ids})
        assert [a.id for a in store.get(receipt.tracking_id, consistent=True).attachments] == ids
