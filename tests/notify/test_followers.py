"""A duplicate merged into its original: its reporter follows the original from then on. The original's
follow-up reaches them once (however often the stream record is replayed), in the duplicate's own log,
naming the original only; a follower who sent STOP gets nothing."""
from __future__ import annotations

from chalicelib.notify.outbox import notify
from chalicelib.reports import merge
from chalicelib.store import followers
from chalicelib.store import notifications as log
from chalicelib.store import reports as store
from tests.fixtures.agencies import call
from tests.fixtures.sms import e164, fresh_number
from tests.notify.test_notifications import sent_to, snapshot

FOLLOW_UP = "Lampu sudah diganti oleh UPT PJU pada hari Senin."


def follow_up(api, agency, tid):
    response = call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": FOLLOW_UP}, agency.auth)
    assert response.status_code == 201, response.body


def test_the_original_follow_up_reaches_the_merged_reporter_once_and_not_a_stopped_one(
        api, sms, submit, routed, fresh_agency, drain_queues):
    original_number, follower_number, stopped_number = fresh_number(), fresh_number(), fresh_number()
    original = routed(fresh_agency, reporter={"name": "Budi Santoso", "phone": original_number})["tracking_id"]
    sms(stopped_number, "STOP")
    # duplicates still waiting at the desk (not routed: no agency serves their region)
    duplicate = submit(anonim=True, reporter={"name": "Siti Aminah", "phone": follower_number})["tracking_id"]
    stopped = submit(reporter={"phone": stopped_number})["tracking_id"]
    merge.merge_into("admin", duplicate, original)
    merge.merge_into("admin", duplicate, original)  # a retried merge: still one follower
    merge.merge_into("admin", stopped, original)
    drain_queues()
    assert followers.of(original) == sorted([duplicate, stopped])

    before = snapshot()
    follow_up(api, fresh_agency, original)
    drain_queues()
    (told,) = sent_to(e164(follower_number), before)
    assert told["text"].startswith(f"LAPOR! {original} ditindaklanjuti ") and FOLLOW_UP in told["text"]
    assert "Budi" not in told["text"] and "Siti" not in told["text"]  # nobody's identity across reports
    assert len(sent_to(e164(original_number), before)) == 1  # the original's reporter, as before
    assert sent_to(e164(stopped_number), before) == []

    # replays of the stream record send nothing twice
    event = store.timeline(original)[-1]
    assert notify(original, event) == [] and notify(original, event) == []
    drain_queues()
    assert len(sent_to(e164(follower_number), before)) == 1

    # each follower's log shows the entry about the original (the STOPped one: why it was not sent)
    mine = [e for e in log.entries(duplicate) if e.notification_id.startswith(f"F{original}#")]
    assert [(e.kind, e.status) for e in mine] == [("follow_up", log.SENT)]
    (theirs,) = [e for e in log.entries(stopped) if e.notification_id.startswith(f"F{original}#")]
    assert (theirs.status, theirs.reason) == (log.SUPPRESSED, log.OPTED_OUT)


def test_a_report_nobody_merged_into_has_no_followers(routed, fresh_agency):
    tid = routed(fresh_agency)["tracking_id"]
    assert followers.of(tid) == []
