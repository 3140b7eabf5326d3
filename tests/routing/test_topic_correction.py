"""A category the text unmistakably contradicts: routed by the text at once, the reporter's choice kept on
the timeline, the reporter told in plain words (tracking page and notice), staff put it back, and every
such decision stored as a training example."""
from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest

from chalicelib.classify import model as classifier_model
from chalicelib.domain.errors import IllegalTransition
from chalicelib.domain.model import Status
from chalicelib.domain.privacy import Audience
from chalicelib.notify import templates
from chalicelib.reports import admin_actions
from chalicelib.reports import read as reports_query
from chalicelib.routing import restore
from chalicelib.shared import clock
from chalicelib.store import corrections
from chalicelib.store import notifications as log
from chalicelib.store import reports as store
from tests.web.test_views import file_report, html

ROAD_UNDER_SCHOOL_TOPIC = dict(category="tunjangan_profesi_guru")  # report_payload's text is a broken road


def _corrections_of(tracking_id: str) -> list[corrections.Correction]:
    now = clock.now()
    return [c for c in corrections.between(now - timedelta(days=1), now + timedelta(days=1))
            if c.tracking_id == tracking_id]


def test_a_category_the_text_contradicts_is_routed_by_the_text_at_once(api, submit, drain_queues):
    receipt = submit(**ROAD_UNDER_SCHOOL_TOPIC)
    drain_queues()
    report = store.get(receipt["tracking_id"])
    assert report.status is Status.DITERUSKAN and report.agency_id == "dinas-62.01-public_works"
    assert report.category == "jalan_rusak"
    assert report.suggestion["why"] == "corrected" and report.suggestion["given_category"] == "tunjangan_profesi_guru"
    version = classifier_model.current_version()
    admin = reports_query.render(report, Audience.ADMIN)
    routed = admin["timeline"][-1]
    assert routed["details"]["topic_corrected"] == {"from": "tunjangan_profesi_guru", "to": "jalan_rusak"}
    assert routed["details"]["model_version"] == version and report.suggestion["model_version"] == version
    own = json.loads(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}",
                                  headers={"Authorization": f"Bearer {receipt['reporter_token']}"}).body)
    told = own["timeline"][-1]["details"]
    assert told["topic_corrected"]["from"] == "tunjangan_profesi_guru" and "model_version" not in told
    public = json.loads(api.http.get(f"/api/v1/reports/{receipt['tracking_id']}").body)
    assert "topic_corrected" not in json.dumps(public)


def test_a_category_the_text_agrees_with_or_ranks_is_kept(submit, drain_queues):
    kept = submit(category="jalan_rusak")
    unsure = submit(category="tunjangan_profesi_guru", title="Mohon perhatian bapak ibu",
                    body="mohon perhatiannya untuk masalah di tempat kami, sudah lama belum ada kabar")
    drain_queues()
    assert store.get(kept["tracking_id"]).suggestion is None
    report = store.get(unsure["tracking_id"])
    assert report.category == "tunjangan_profesi_guru" and report.suggestion is None  # never on a guess


def test_the_reporter_reads_in_plain_words_that_the_topic_was_adjusted(api, drain_queues):
    tracking_id, cookie = file_report(api, **ROAD_UNDER_SCHOOL_TOPIC)
    drain_queues()
    page = html(api.http.get(f"/lacak/{tracking_id}", headers={"Cookie": cookie}))
    assert 'id="topic-adjusted"' in page and "Topik laporan Anda kami sesuaikan" in page
    assert "Tunjangan profesi guru" in page.split('id="topic-adjusted"')[1].split("</p>")[0]
    english = html(api.http.get(f"/lacak/{tracking_id}?lang=en", headers={"Cookie": cookie}))
    assert "We adjusted your report&#39;s topic" in english or "We adjusted your report's topic" in english
    assert 'id="topic-adjusted"' not in html(api.http.get(f"/lacak/{tracking_id}"))  # not the public


def test_the_notice_says_the_topic_was_adjusted_within_one_sms():
    for lang in ("id", "en"):
        rendered = templates.render("dispositioned", lang, "LPR26-ABCDE", "https://lapor.example/lacak/LPR26-ABCDE",
                                    agency="Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Kotawaringin Barat",
                                    adjusted=True)
        assert ("topik disesuaikan" if lang == "id" else "topic adjusted") in rendered.sms
        assert templates.segments(rendered.sms) == 1
        plain = templates.render("dispositioned", lang, "LPR26-ABCDE", "https://x/l", agency="Dinas")
        assert "disesuaikan" not in plain.sms and "adjusted" not in plain.sms


def test_the_notice_log_tells_the_reporter(api, drain_queues):
    tracking_id, _ = file_report(api, **ROAD_UNDER_SCHOOL_TOPIC, email="warga@example.org")
    drain_queues()
    drain_queues()
    texts = [entry.text for entry in log.entries(tracking_id)]
    assert any("topik disesuaikan dengan isi laporan" in (text or "") for text in texts), texts


def test_staff_put_the_topic_back_and_it_teaches_the_model(submit, drain_queues):
    receipt = submit(**ROAD_UNDER_SCHOOL_TOPIC)
    drain_queues()
    tid = receipt["tracking_id"]
    restored = restore.restore_topic("admin-1", tid, note="Memang soal tunjangan", staff_id="budi")
    assert restored.status is Status.DITERUSKAN and restored.category == "tunjangan_profesi_guru"
    assert restored.agency_id == "dinas-62.01-education"
    assert restored.suggestion["why"] == "restored" and restored.suggestion["applied"] is False
    event = reports_query.render(restored, Audience.ADMIN)["timeline"][-1]
    assert event["details"]["topic_restored"] == {"from": "jalan_rusak", "to": "tunjangan_profesi_guru"}
    assert event["staff_id"] == "budi"
    with pytest.raises(IllegalTransition):  # once only; and a plain DITERUSKAN report is not re-dispositioned
        restore.restore_topic("admin-1", tid)
    with pytest.raises(IllegalTransition):
        admin_actions.disposition("admin-1", tid, "dinas-62.01-public_works")
    [example] = _corrections_of(tid)
    assert example.kind == "restore" and example.category == "tunjangan_profesi_guru"
    assert example.agency_id == "dinas-62.01-education" and example.router_category == "jalan_rusak"
    assert example.router_agency_id == "dinas-62.01-public_works" and example.staff_id == "budi"
    assert example.model_version == classifier_model.current_version() and example.actor == "ADMIN:admin-1"


def test_a_report_the_router_never_corrected_cannot_be_restored(submit, drain_queues):
    receipt = submit()
    drain_queues()
    with pytest.raises(IllegalTransition) as refused:
        restore.restore_topic("admin-1", receipt["tracking_id"])
    assert refused.value.code == "nothing_to_restore"


def test_admins_put_the_topic_back_over_the_api_in_their_language(api, submit, drain_queues, admin_auth):
    receipt = submit(**ROAD_UNDER_SCHOOL_TOPIC)
    drain_queues()
    path = f"/api/v1/admin/reports/{receipt['tracking_id']}/restore-topic"
    headers = {**admin_auth, "Content-Type": "application/json"}
    assert api.http.post(path, body="{}").status_code == 401  # admins only
    stale = api.http.post(path, body='{"version": 1}', headers=headers)
    assert stale.status_code == 409 and json.loads(stale.body)["error"]["code"] == "version_mismatch"
    done = api.http.post(path, body='{"note": "Memang soal tunjangan guru"}', headers=headers)
    assert done.status_code == 200, done.body
    body = json.loads(done.body)
    assert body["category"] == "tunjangan_profesi_guru" and body["agency"]["id"] == "dinas-62.01-education"
    again = api.http.post(path, body="{}", headers={**headers, "Accept-Language": "en"})
    assert again.status_code == 409
    assert json.loads(again.body)["error"]["message"].startswith("The system did not adjust this report's topic")
    bad = api.http.post(path, body='{"note": 5}', headers=headers)
    assert bad.status_code in (400, 422)


def test_the_office_that_had_a_corrected_report_hears_it_moved_away():
    from datetime import datetime

    from chalicelib.delivery.events import (
        DISPOSITIONED,
        FORWARDED_AWAY,
        deliveries_for,
        webhook_id,
    )
    from chalicelib.domain.lifecycle import Action
    from chalicelib.domain.model import Actor, Role
    from chalicelib.domain.timeline import TimelineEvent

    event = TimelineEvent(seq=3, at=datetime(2026, 3, 2, tzinfo=UTC), action=Action.DISPOSITION,
                          actor=Actor(Role.ADMIN, "admin-1"), from_status=Status.DITERUSKAN,
                          to_status=Status.DITERUSKAN, agency_id="dinas-62.01-education",
                          details={"from_agency_id": "dinas-62.01-public_works", "topic_restored": {}})
    sent = {(d.agency_id, d.event_type) for d in deliveries_for(event)}
    assert sent == {("dinas-62.01-education", DISPOSITIONED), ("dinas-62.01-public_works", FORWARDED_AWAY)}
    assert webhook_id(event, "K7Q4M-9XAR3", "dinas-62.01-public_works") != \
        webhook_id(event, "K7Q4M-9XAR3", "dinas-62.01-education")
    first = TimelineEvent(seq=2, at=event.at, action=Action.DISPOSITION, actor=Actor(Role.SYSTEM, "router"),
                          from_status=Status.DITERIMA, to_status=Status.DITERUSKAN,
                          agency_id="dinas-62.01-public_works")
    assert [(d.agency_id, d.event_type) for d in deliveries_for(first)] == [("dinas-62.01-public_works", DISPOSITIONED)]
