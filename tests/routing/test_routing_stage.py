"""The routing stage on moto's SQS and DynamoDB, driven by the same runtime `make run` uses."""
import json
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

import boto3
import pytest

from chalicelib.domain.errors import ConcurrentUpdate
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Report, Role, Status
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.reports.perform import perform
from chalicelib.routing import service
from chalicelib.routing.service import Outcome, route_report
from chalicelib.shared import config
from chalicelib.store import reports as store
from laportools.local.runtime import sqs_record


def test_received_report_is_routed_to_the_regional_sector_unit(submit, drain_queues):
    receipt = submit(region_code="62.01", category="jalan_rusak")
    drain_queues()
    report = store.get(receipt["tracking_id"])
    assert report.status is Status.DITERUSKAN
    assert report.agency_id == "dinas-62.01-public_works"
    assert report.deadline_kind == "FOLLOW_UP" and report.deadline > report.created_at


def test_national_programme_goes_to_its_owner_wherever_it_is_filed(submit, drain_queues):
    receipt = submit(region_code="11.01", category="jkn_kis", title="Kartu BPJS Kesehatan tidak aktif",
                     body="Kartu BPJS Kesehatan PBI saya tiba-tiba tidak aktif saat berobat ke puskesmas, mohon dibantu.")
    drain_queues()
    assert store.get(receipt["tracking_id"]).agency_id == "bpjs-kesehatan"


def test_a_national_programme_run_by_the_regions_goes_to_the_regions_office(submit, drain_queues):
    # routing/levels.json: admins send the teachers' allowance to the regional education office
    receipt = submit(region_code="11.01", category="tunjangan_profesi_guru", title="Tunjangan profesi guru belum cair",
                     body="Tunjangan profesi guru (TPG) saya belum cair tiga bulan, SKTP sudah terbit di Info GTK.")
    drain_queues()
    assert store.get(receipt["tracking_id"]).agency_id == "dinas-11.01-education"


def test_province_level_report_goes_to_the_provincial_unit(submit, drain_queues):
    receipt = submit(region_code="31", category="layanan_kesehatan", title="Antrean puskesmas sangat lama",
                     body="Pelayanan puskesmas lambat, antrean berobat sampai lima jam dan dokter jarang ada.")
    drain_queues()
    assert store.get(receipt["tracking_id"]).agency_id == "dinas-31-health"


@pytest.fixture()
def unrouted_region(monkeypatch: pytest.MonkeyPatch) -> str:
    """A region whose routes (and its province's) the router does not find, as if no office held
    its affairs. The seeded routes table is shared by every test and stays untouched."""
    hidden = ("96.71#", "96#")
    real_routes_for = service.routes_for

    def routes_for(*args: Any, **kwargs: Any) -> list[str]:
        keys = real_routes_for(*args, **kwargs)
        assert any(key.startswith(hidden) for key in keys)  # the router would have used them
        return [key if not key.startswith(hidden) else f"unrouted-{key}" for key in keys]

    monkeypatch.setattr(service, "routes_for", routes_for)
    return "96.71"


def test_report_with_no_route_waits_for_manual_verification(submit, drain_queues, unrouted_region):
    receipt = submit(region_code=unrouted_region, category="sampah", title="Sampah menumpuk di pasar",
                     body="Sampah menumpuk di TPS dekat pasar sudah seminggu tidak diangkut dan berbau.")
    drain_queues()
    report = store.get(receipt["tracking_id"])
    assert report.status is Status.DITERIMA and report.agency_id is None
    assert report.deadline_kind == "VERIFICATION"


def test_suggested_agency_is_used_when_no_rule_matches(submit, drain_queues, unrouted_region):
    receipt = submit(region_code=unrouted_region, category="sampah", title="Sampah menumpuk di pasar",
                     body="Sampah menumpuk di TPS dekat pasar sudah seminggu tidak diangkut dan berbau.",
                     agency_id="pemda-96.71")
    drain_queues()
    assert store.get(receipt["tracking_id"]).agency_id == "pemda-96.71"


def test_the_same_message_handled_twice_changes_nothing_twice(submit, drain_queues, app):
    receipt = submit()
    drain_queues()
    first = store.get(receipt["tracking_id"])
    event = {"Records": [sqs_record({"MessageId": f"dup-{i}", "ReceiptHandle": "r", "Body": json.dumps(
        {"tracking_id": receipt["tracking_id"]})}, "arn:aws:sqs:ap-southeast-3:123456789012:x") for i in range(2)]}
    from laportools.local.runtime import LambdaContext

    result = app.route_reports(event, LambdaContext("route_reports"))
    assert result == {"batchItemFailures": []}
    again = store.get(receipt["tracking_id"])
    assert again.version == first.version == 2
    assert len(store.timeline(receipt["tracking_id"])) == 2


def test_concurrent_routing_of_one_report_dispositions_it_once(submit):
    tracking_id = submit()["tracking_id"]  # its queued message is drained by later tests; harmless
    outcomes = []
    threads = [threading.Thread(target=lambda: outcomes.append(route_report(tracking_id))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(Outcome.ROUTED) == 1
    assert [e.action for e in store.timeline(tracking_id)] == [Action.SUBMIT, Action.DISPOSITION]


def _landed_or_lost_the_race(writer: int, future: "Future[tuple[Report, TimelineEvent]]") -> TimelineEvent | None:
    """A concurrent writer's outcome: its timeline event when it landed, None when it was told it
    lost the race with the documented ConcurrentUpdate `concurrent_update` (409 on the API).
    Anything else it raised fails the test: an unexplained error is not an accounted-for writer."""
    error = future.exception()
    if error is None:
        return future.result()[1]
    if isinstance(error, ConcurrentUpdate) and error.code == "concurrent_update":
        return None
    raise AssertionError(f"writer {writer} neither landed nor lost the race: {error!r}") from error


def test_concurrent_actions_never_lose_one_another(submit, drain_queues):
    """Three agency notes start together: each one lands (and is in the timeline at its own seq)
    or its writer is told it lost with ConcurrentUpdate; nothing is dropped silently."""
    tracking_id = submit()["tracking_id"]
    drain_queues()
    before = store.get(tracking_id, consistent=True)
    start = threading.Barrier(3)

    def note(i: int) -> tuple[Report, TimelineEvent]:
        start.wait(timeout=30)
        return perform(tracking_id, Action.NOTE, Actor(Role.AGENCY, before.agency_id), message=f"catatan {i}")

    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(note, i) for i in range(3)]
        wait(futures)
    outcomes = [_landed_or_lost_the_race(i, future) for i, future in enumerate(futures)]
    landed = {event.seq: event.message for event in outcomes if event is not None}
    assert len(landed) == sum(event is not None for event in outcomes) >= 1  # distinct seqs, a winner
    timeline = {e.seq: e.message for e in store.timeline(tracking_id) if e.action is Action.NOTE}
    assert timeline == landed  # every landed note is visible, where its writer was told it went
    assert store.get(tracking_id, consistent=True).version == before.version + len(landed)


def test_a_poison_message_fails_alone_then_lands_on_the_dead_letter_queue(submit, runtime, aws):
    sqs = boto3.client("sqs")
    good = submit()["tracking_id"]
    runtime.poll_streams()  # the outbox: the committed SUBMIT event enqueues routing
    sqs.send_message(QueueUrl=aws["queues"]["routing"]["url"], MessageBody=json.dumps({"tracking_id": "NOPE"}))
    consumer = next(c for c in runtime.consumers() if c.queue_url == aws["queues"]["routing"]["url"])
    dlq_url = aws["queues"]["routing"]["dlq_url"]
    dead = []
    for _ in range(60):  # bounded: visibility timeout is 1 s in tests, 5 receives before the DLQ
        runtime.poll_once(consumer, wait_seconds=0)
        dead = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if dead:
            break
        time.sleep(0.3)
    assert store.get(good).status is Status.DITERUSKAN
    assert [json.loads(m["Body"]) for m in dead] == [{"tracking_id": "NOPE"}]
    assert config.resource_name("routing-dlq") in dlq_url
