"""Notifications to reporters: driven by the timeline stream, logged per report, sent once,
honouring STOP, unsubscribe and per-reporter limits; failures retried, then dead-lettered and
replayable. Also the issue's end-to-end story on the local runtime: SMS in, tracking ID back,
the agency's follow-up reaches the same number, BALAS lands on the report."""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

from chalicelib.notify import local_outbox
from chalicelib.store import notifications as log
from chalicelib.store import reports as store
from tests.fixtures.agencies import call
from tests.fixtures.sms import e164, fresh_number

REPORT_TEXT = "Lampu jalan di Jl. Merdeka depan pasar mati sudah dua minggu, gelap dan rawan"


def sent_to(address: str, since: set[str]) -> list[dict[str, Any]]:
    return [m for m in reversed(local_outbox.messages(100000)) if m["to"] == address and m["id"] not in since]


def snapshot() -> set[str]:
    return {m["id"] for m in local_outbox.messages(100000)}


def disposition(api, admin_auth, tid, agency_id):
    response = call(api, "POST", f"/api/v1/admin/reports/{tid}/disposition",
                    {"agency_id": agency_id, "category": "jalan_rusak"}, admin_auth)
    assert response.status_code == 200, response.body


def test_sms_report_end_to_end_follow_up_reaches_the_number_and_balas_lands(
        sms, api, admin_auth, fresh_agency, drain_queues):
    number = fresh_number()
    before = snapshot()
    answer = sms(number, "LAPOR " + REPORT_TEXT)[0]
    tid = answer.split("ID ")[1].split(".")[0]
    assert store.get(tid).status.value == "DITERIMA"  # no classifier yet: waits for the admins

    disposition(api, admin_auth, tid, fresh_agency.agency_id)
    drain_queues()
    told = sent_to(e164(number), before)
    assert [m["text"] for m in told][1].startswith(f"LAPOR! {tid} diteruskan ke ")

    followed = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups",
                    {"message": "Lampu sudah diganti oleh UPT PJU pada hari Senin."}, fresh_agency.auth)
    assert followed.status_code == 201, followed.body
    drain_queues()
    follow_up = sent_to(e164(number), before)[-1]["text"]
    assert follow_up.startswith(f"LAPOR! {tid} ditindaklanjuti ")
    assert "Lampu sudah diganti oleh UPT PJU pada hari Senin." in follow_up and f"BALAS {tid}" in follow_up
    assert "rt_" not in follow_up

    replied = sms(number, f"BALAS {tid} Terima kasih, tapi satu lampu di ujung gang masih mati")
    assert replied == [f"LAPOR! Tanggapan Anda untuk {tid} sudah diteruskan ke instansi."]
    events = store.timeline(tid)
    assert events[-1].action.value == "REPLY" and events[-1].message.startswith("Terima kasih, tapi")
    assert store.get(tid).status.value == "DITERUSKAN"

    # the log: what was sent, in the reporter's view and the admins'
    entries = {e.kind: e for e in log.entries(tid)}
    assert entries["dispositioned"].status == log.SENT and entries["follow_up"].status == log.SENT
    assert entries["follow_up"].destination == e164(number)[:6] + "****" + e164(number)[-3:]


def test_web_reporter_gets_email_with_one_click_unsubscribe_and_an_anonim_one_too(
        api, routed, fresh_agency, drain_queues):
    address = f"warga{fresh_number()}@example.id"
    before = snapshot()
    receipt = routed(fresh_agency, anonim=True, reporter={"email": address})
    tid = receipt["tracking_id"]
    mails = sent_to(address, before)
    assert len(mails) == 1
    mail = mails[0]
    assert mail["subject"] == f"[LAPOR!] {tid}: diteruskan ke instansi"
    assert f"/lacak/{tid}" in mail["text"] and receipt["reporter_token"] not in mail["text"]
    assert mail["list_unsubscribe_post"] == "List-Unsubscribe=One-Click"
    url = mail["list_unsubscribe"].strip("<>")
    query = urllib.parse.urlsplit(url).query
    # the page shows a button; a forged link is refused; the one-click POST unsubscribes
    assert api.http.get(f"/berhenti?{query}").status_code == 200
    assert api.http.post(f"/berhenti?{query[:-2]}xx", body="List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 404
    done = api.http.post(f"/berhenti?{query}", body="List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert done.status_code == 200 and "tidak akan menerima email" in done.body.decode()
    call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah diperbaiki."}, fresh_agency.auth)
    drain_queues()
    assert len(sent_to(address, before)) == 1
    follow_up = next(e for e in log.entries(tid) if e.kind == "follow_up")
    assert (follow_up.status, follow_up.reason) == (log.SUPPRESSED, log.OPTED_OUT)


def test_reporter_and_admin_views_show_the_log_and_the_agency_never_sees_the_destination(
        api, routed, fresh_agency, admin_auth):
    receipt = routed(fresh_agency, reporter={"name": "Siti", "phone": fresh_number()})
    tid = receipt["tracking_id"]
    mine = json.loads(api.http.get(f"/api/v1/reports/{tid}",
                                   headers={"Authorization": f"Bearer {receipt['reporter_token']}"}).body)
    assert [(n["kind"], n["channel"], n["status"]) for n in mine["notifications"]] == [("dispositioned", "SMS", "SENT")]
    assert "****" in mine["notifications"][0]["destination"]
    admin = json.loads(call(api, "GET", f"/api/v1/admin/reports/{tid}", headers=admin_auth).body)
    assert admin["notifications"][0]["status"] == "SENT"
    agency = json.loads(call(api, "GET", f"/api/v1/agency/reports/{tid}", headers=fresh_agency.auth).body)
    assert "notifications" not in agency
    public = json.loads(api.http.get(f"/api/v1/reports/{tid}").body)
    assert "notifications" not in public
    # The reporter's tracking page lists it too (masked destination); the public page does not.
    page = api.http.get(f"/lacak/{tid}", headers={"Cookie": f"lapor_rt={receipt['reporter_token']}"}).body.decode()
    assert 'id="notifications"' in page and "SMS ke" in page and "terkirim" in page and "****" in page
    assert 'id="notifications"' not in api.http.get(f"/lacak/{tid}").body.decode()


def test_a_reporter_without_contact_has_a_log_entry_saying_why(routed, fresh_agency):
    tid = routed(fresh_agency)["tracking_id"]
    (entry,) = log.entries(tid)
    assert (entry.channel, entry.status, entry.reason) == ("NONE", log.SUPPRESSED, log.NO_CONTACT)


def test_the_same_stream_record_twice_sends_one_message(routed, fresh_agency, drain_queues):
    from chalicelib.notify.outbox import notify

    number = fresh_number()
    before = snapshot()
    tid = routed(fresh_agency, reporter={"phone": number})["tracking_id"]
    event = store.timeline(tid)[-1]
    assert notify(tid, event) == []  # already logged and sent: nothing enqueued again
    assert notify(tid, event) == []
    drain_queues()
    assert len(sent_to(e164(number), before)) == 1


def test_an_untried_entry_is_enqueued_again_when_its_record_is_redelivered(routed, fresh_agency, drain_queues,
                                                                             monkeypatch):
    from chalicelib.delivery import engine
    from chalicelib.notify import outbox

    number = fresh_number()
    lost: list[str] = []
    monkeypatch.setattr(engine, "enqueue", lambda channel, entry, *args, **kwargs: lost.append(entry.notification_id))
    before = snapshot()
    tid = routed(fresh_agency, reporter={"phone": number})["tracking_id"]
    assert lost and sent_to(e164(number), before) == []  # logged, but the message never got queued
    monkeypatch.undo()
    event = store.timeline(tid)[-1]
    assert outbox.notify(tid, event) == lost
    drain_queues()
    assert len(sent_to(e164(number), before)) == 1


def test_per_reporter_rate_limit_suppresses_and_logs_why(api, routed, new_agency, drain_queues, env):
    env.set("LAPOR_NOTIFY_SMS_PER_HOUR", "2")
    number = fresh_number()
    before = snapshot()
    tids = [routed(new_agency(), reporter={"phone": number})["tracking_id"] for _ in range(3)]
    assert len(sent_to(e164(number), before)) == 2
    statuses = [(e.status, e.reason) for tid in tids for e in log.entries(tid)]
    assert statuses.count((log.SENT, None)) == 2 and (log.SUPPRESSED, log.RATE_LIMITED) in statuses


def test_sms_stop_suppresses_notifications(sms, routed, fresh_agency):
    number = fresh_number()
    sms(number, "STOP")
    tid = routed(fresh_agency, reporter={"phone": number})["tracking_id"]
    (entry,) = log.entries(tid)
    assert (entry.status, entry.reason) == (log.SUPPRESSED, log.OPTED_OUT)


def test_failed_sends_are_retried_then_dead_lettered_and_replayed(routed, fresh_agency, drain_queues, monkeypatch, env):
    from botocore.exceptions import ClientError

    from chalicelib.channels import sms as sms_channel
    from laportools.ops import queues as ops_queues

    env.set("LAPOR_NOTIFY_MAX_ATTEMPTS", "2")
    env.set("LAPOR_NOTIFY_RETRY_SCHEDULE", "1")  # the retry is a delayed message (1 s here)
    calls: list[str] = []

    def broken(phone: str, text: str) -> str:
        calls.append(phone)
        raise ClientError({"Error": {"Code": "Throttling", "Message": "slow down"}}, "Publish")

    monkeypatch.setattr(sms_channel, "send_sms", broken)
    number = fresh_number()
    tid = routed(fresh_agency, reporter={"phone": number})["tracking_id"]
    import time

    for _ in range(10):  # the retry waits on the queue for its delay
        if len(calls) >= 2:
            break
        time.sleep(1.2)
        drain_queues()
    (entry,) = log.entries(tid)
    assert len(calls) == 2 and entry.status == log.FAILED and "Throttling" in entry.reason
    dead = [json.loads(m["body"]) for m in ops_queues.peek("notify", 50)]
    assert any(d["tracking_id"] == tid and d["replay"] for d in dead)

    monkeypatch.undo()
    env.unset("LAPOR_NOTIFY_MAX_ATTEMPTS")
    before = snapshot()
    assert ops_queues.replay("notify") >= 1
    drain_queues()
    (entry,) = log.entries(tid)
    assert entry.status == log.SENT
    assert len(sent_to(e164(number), before)) == 1


def test_local_outbox_page_lists_what_was_sent(api, routed, fresh_agency):
    number = fresh_number()
    tid = routed(fresh_agency, reporter={"phone": number})["tracking_id"]
    page = api.http.get("/lokal/kotak-keluar")
    assert page.status_code == 200 and tid in page.body.decode()


def test_local_outbox_page_is_absent_outside_local_stages(api, env):
    env.set("LAPOR_STAGE", "prod")
    assert api.http.get("/lokal/kotak-keluar").status_code == 404


def test_the_reporter_is_told_before_the_reply_window_closes_and_the_agency_is_not(
        api, subscribed, routed, drain_queues):
    from datetime import timedelta

    from chalicelib.deadlines.sweep import process_due

    agency, receiver, _ = subscribed
    number = fresh_number()
    tid = routed(agency, reporter={"phone": number})["tracking_id"]
    call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah diperbaiki."}, agency.auth)
    drain_queues()
    before, hooks = snapshot(), len(receiver.received)
    deadline = store.get(tid, consistent=True).deadline
    counts, _ = process_due([tid], deadline - timedelta(hours=2))  # the sweep, on this report only
    assert counts["reminded"] == 1
    drain_queues()
    (reminder,) = [m["text"] for m in sent_to(e164(number), before)]
    assert reminder.startswith(f"LAPOR! {tid} akan selesai otomatis") and f"BALAS {tid}" in reminder
    assert [r.json()["type"] for r in receiver.received[hooks:]] == []  # not an SLA warning to the agency
