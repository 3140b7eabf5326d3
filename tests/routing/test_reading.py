"""The router reads the text: reports without a category or filed as "other"; region read from the text;
look-alikes linked; what each audience sees of it. (A category the text contradicts: test_topic_correction.)"""
import json

from chalicelib.domain.model import Status
from chalicelib.domain.privacy import Audience
from chalicelib.reports import read as reports_query
from chalicelib.store import reports as store
from tests.fixtures.reports import post_json, report_payload

SMS = "jln rusak parah di depan sdn 2 kec pahandut, udh 2 bln gk diperbaiki"


def body(response):
    return json.loads(response.body)


def actions(view):
    return [event["action"] for event in view["timeline"]]


def test_sms_complaint_without_category_or_region_is_dispositioned_to_the_right_agency(submit, drain_queues):
    receipt = submit(title="jln rusak kec pahandut", body=SMS, category=None, region_code=None)
    drain_queues()
    report = store.get(receipt["tracking_id"])
    assert report.region_code == "62.71"  # read from "kec pahandut"
    assert report.status is Status.DITERUSKAN and report.agency_id == "dinas-62.71-public_works"
    assert report.category == "jalan_rusak"
    assert report.suggestion["why"] == "classified" and report.suggestion["applied"] is True
    admin = reports_query.render(report, Audience.ADMIN)
    submitted, disposition = admin["timeline"][0], admin["timeline"][-1]
    assert submitted["details"]["region_from_text"] is True
    assert disposition["action"] == "DISPOSITION" and disposition["details"]["classified"]["category"] == "jalan_rusak"


def test_region_is_required_when_the_text_names_no_place(api):
    response = post_json(api, "/api/v1/reports", report_payload(region_code=None, category=None))
    assert response.status_code == 422
    assert body(response)["error"]["details"][0] == {
        "field": "region_code", "code": "region_needed",
        "message": "Pilih wilayah, atau sebutkan tempatnya di laporan (misalnya kecamatan, kelurahan/desa atau kota)."}
    assert body(post_json(api, "/api/v1/reports", report_payload(category="ufo")))["error"]["details"][0]["code"] == \
        "unknown_category"


def test_a_place_in_the_text_never_overrides_the_chosen_region(submit, drain_queues):
    receipt = submit(title="jln rusak kec pahandut", body=SMS, category=None, region_code="62.01")
    drain_queues()
    report = store.get(receipt["tracking_id"])
    assert report.region_code == "62.01" and report.agency_id == "dinas-62.01-public_works"


def test_unclear_report_stays_with_the_admins_with_the_suggestion_and_why(api, submit, drain_queues, admin_auth):
    receipt = submit(title="Mohon bantuannya bapak ibu", body="saya mau tanya saja bagaimana ya caranya, terima kasih",
                     category="lainnya")
    drain_queues()
    drain_queues()  # a redelivered message adds nothing
    report = store.get(receipt["tracking_id"])
    assert report.status is Status.DITERIMA and report.agency_id is None
    assert report.suggestion["why"] in ("low_confidence", "unreadable") and report.suggestion["applied"] is False
    admin = body(api.http.get(f"/api/v1/admin/reports/{receipt['tracking_id']}", headers=admin_auth))
    assert actions(admin).count("SUGGEST") == 1
    assert admin["suggestion"]["reason"] and admin["suggestion"]["given_category"] == "lainnya"
    listed, cursor = None, ""
    while listed is None:
        page = body(api.http.get(f"/api/v1/admin/queue?limit=100{cursor}", headers=admin_auth))
        listed = next((item for item in page["items"] if item["tracking_id"] == receipt["tracking_id"]), None)
        assert listed or page["next_cursor"]
        cursor = f"&cursor={page['next_cursor']}"
    assert listed["suggestion"]["category"] == report.suggestion["category"]
    public = body(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}"))
    own = body(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}",
                            headers={"Authorization": f"Bearer {receipt['reporter_token']}"}))
    for outside in (public, own):
        assert "SUGGEST" not in actions(outside) and "suggestion" not in outside


def test_look_alike_filed_anyway_is_linked_for_admins_and_the_agency_only(api, submit, drain_queues, admin_auth):
    text = dict(title="Lampu jalan mati di Jalan Tjilik Riwut km 5",
                body="Lampu penerangan jalan umum di Jalan Tjilik Riwut km 5 mati semua sejak seminggu, gelap dan rawan.",
                region_code="62.71", category="penerangan_jalan")
    first = submit(**text)
    drain_queues()
    second = submit(**{**text, "body": "lampu PJU di jln tjilik riwut km 5 mati semua udh seminggu, gelap rawan begal"})
    drain_queues()
    report = store.get(second["tracking_id"])
    assert first["tracking_id"] in report.similar_ids and report.agency_id == store.get(first["tracking_id"]).agency_id
    admin = body(api.http.get(f"/api/v1/admin/reports/{second['tracking_id']}", headers=admin_auth))
    link = next(e for e in admin["timeline"] if e["action"] == "DISPOSITION")  # linked in the same write
    assert link["details"]["similar"][0]["tracking_id"] == first["tracking_id"]
    assert first["tracking_id"] in admin["similar_ids"]
    agency_view = reports_query.render(report, Audience.AGENCY)
    assert first["tracking_id"] in agency_view["similar_ids"]
    public = body(api.http.get(f"/api/v1/reports/{second['tracking_id']}"))
    own = body(api.http.get(f"/api/v1/reports/{second['tracking_id']}",
                            headers={"Authorization": f"Bearer {second['reporter_token']}"}))
    for outside in (public, own):
        assert first["tracking_id"] not in json.dumps(outside) and "similar_ids" not in outside


def test_a_different_topic_in_the_same_region_is_not_a_look_alike(submit, drain_queues):
    submit(region_code="62.02", title="Sampah menumpuk di pasar", category="sampah",
           body="Sampah menumpuk di TPS dekat pasar sudah seminggu tidak diangkut dan berbau.")
    drain_queues()
    other = submit(region_code="62.02", title="Jalan berlubang di depan pasar", category="jalan_rusak",
                   body="Jalan di depan pasar berlubang besar sejak seminggu dan membahayakan pengendara.")
    drain_queues()
    assert store.get(other["tracking_id"]).similar_ids == ()
