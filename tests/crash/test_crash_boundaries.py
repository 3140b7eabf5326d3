"""A real process killed (SIGKILL, no cleanup) at each stage boundary loses no accepted report and
produces no double effect (issue 10). The killed process is a subprocess running the same code
against the same local AWS endpoint; `LAPOR_CRASH_AT` names the boundary (shared/crashpoints.py).

Figures (README, "Guarantees"): each test prints `crash <boundary>: ...` lines.

Adding a stage (statistics, for instance): put `crash_point("statistics.counted")` right after its
write and before it acknowledges its input, then add a test here that kills a subprocess there,
re-runs the stage in this process and asserts every input counted exactly once.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Status
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.store import reports as store
from tests.fixtures.agencies import call
from tests.fixtures.deadlines import events
from tests.fixtures.reports import report_payload
from tests.fixtures.runtime import drain

PROJECT_DIR = Path(__file__).resolve().parents[2]
KILLED = -signal.SIGKILL


def run_killed_at(point: str, code: str, after: int = 1) -> int:
    """Run `code` in a fresh interpreter that dies at `point`; returns its exit status."""
    env = {**os.environ, "LAPOR_CRASH_AT": point, "LAPOR_CRASH_AFTER": str(after), "PYTHONPATH": str(PROJECT_DIR)}
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=PROJECT_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == KILLED, f"not killed at {point}: {result.returncode}\n{result.stderr[-3000:]}"
    return result.returncode


def test_killed_after_the_report_is_stored_and_before_it_is_queued(aws: Any, runtime: Any) -> None:
    reports = 3
    ids = [new_tracking_id() for _ in range(reports)]
    for tracking_id in ids:
        run_killed_at("intake.stored", f"""
            import json
            from chalicelib.domain.model import Channel
            from chalicelib.intake import service
            from chalicelib.intake.schema import ReportSubmission
            service.new_tracking_id = lambda: {tracking_id!r}
            submission = ReportSubmission.model_validate(json.loads({json.dumps(json.dumps(report_payload()))}))
            service.submit_report(submission, Channel.API)
        """)
    stored = [store.get(t, consistent=True) for t in ids]
    assert all(r is not None and r.status is Status.DITERIMA for r in stored)  # accepted, then the crash
    drain(runtime)
    # No double effect: the outbox may deliver a SUBMIT again (stream retries); route them all again.
    from chalicelib.shared import queues

    for tracking_id in ids:
        queues.send(queues.ROUTING, {"tracking_id": tracking_id})
    drain(runtime)
    routed = [store.get(t, consistent=True) for t in ids]
    dispositions = [len(events(t, Action.DISPOSITION)) for t in ids]
    assert [r.status for r in routed] == [Status.DITERUSKAN] * reports
    assert dispositions == [1] * reports
    print(f"\ncrash intake.stored: {reports} killed, {reports} routed, 0 lost, 0 routed twice")


def test_killed_after_a_webhook_is_sent_and_before_it_is_logged(api: Any, subscribed: Any, routed: Any,
                                                                admin_auth: dict[str, str], runtime: Any) -> None:
    from chalicelib.store import deliveries as delivery_log

    agency, receiver, _ = subscribed
    tid = routed(agency)["tracking_id"]
    before = len(receiver.received)
    assert call(api, "PATCH", f"/api/v1/admin/reports/{tid}", {"anonim": True}, admin_auth).status_code == 200
    assert runtime.poll_streams() >= 1  # the stream's reader published the event to the timeline topic
    fan_out = next(c for c in runtime.consumers() if c.name == "fan_out_webhooks")
    assert runtime.poll_once(fan_out, wait_seconds=0) >= 1  # the fan-out logged and enqueued report.updated
    run_killed_at("delivery.sent", """
        import app
        from laportools.local.runtime import EventRuntime
        runtime = EventRuntime(app.app, app, poll_seconds=0)
        consumer = next(c for c in runtime.consumers() if c.queue_url.endswith("-delivery"))
        for _ in range(200):
            runtime.poll_once(consumer, wait_seconds=1)
    """)
    sent = receiver.received[before:]
    assert len(sent) == 1  # it went out, and the process died before logging it
    webhook_id = sent[0].headers["webhook-id"]
    entry = delivery_log.get(agency.agency_id, webhook_id)
    assert entry.status == delivery_log.PENDING and not entry.attempts
    for _ in range(100):  # the unacknowledged message comes back after its visibility timeout (1 s)
        drain(runtime)
        entry = delivery_log.get(agency.agency_id, webhook_id)
        if entry.status == delivery_log.DELIVERED:
            break
        time.sleep(0.2)
    again = receiver.received[before:]
    assert entry.status == delivery_log.DELIVERED and entry.attempts == 1
    assert {r.headers["webhook-id"] for r in again} == {webhook_id}  # one event, one id: receivers dedupe
    print(f"\ncrash delivery.sent: 1 killed, {len(again)} POSTs with 1 webhook-id, logged DELIVERED once")


def test_killed_in_the_middle_of_a_sweep(make_report: Any) -> None:
    from chalicelib.deadlines.sweep import run_sweep
    from tests.deadlines.test_sweep import AFTER_DEADLINE, effect_counts

    ids = [make_report() for _ in range(6)]
    run_killed_at("sweep.effect_done", f"""
        from datetime import datetime
        from chalicelib.deadlines.sweep import run_sweep
        run_sweep(datetime.fromisoformat({AFTER_DEADLINE.isoformat()!r}))
    """, after=3)
    done_before = sum(sum(effect_counts(t).values()) for t in ids)
    run_sweep(AFTER_DEADLINE)
    run_sweep(AFTER_DEADLINE + timedelta(hours=1))
    counts = [effect_counts(t) for t in ids]
    assert all(c["ESCALATE"] == 1 and sum(c.values()) == 1 for c in counts), counts
    print(f"\ncrash sweep.effect_done: killed after 3 effects ({done_before} of these 6 done), "
          f"rerun: 6 of 6 escalated exactly once")


def test_killed_in_the_middle_of_a_statistics_update(submit: Any, fresh_agency: Any, runtime: Any) -> None:
    from chalicelib.store import stats as stats_store

    drain(runtime)  # everything earlier is counted: only this test's events are new
    region = fresh_agency.region_code  # a regency no other test files in
    ids = [submit(region_code=region)["tracking_id"] for _ in range(4)]
    run_killed_at("statistics.counted", f"""
        from chalicelib.stats import consumer
        from chalicelib.store import reports as store
        for tracking_id in {ids!r}:
            for event in store.timeline(tracking_id):
                consumer.count(tracking_id, event)
    """, after=2)
    scope = f"regency#{region}"
    counted_before = stats_store.one(scope, stats_store.ALL_MONTHS).get("received", 0)
    drain(runtime)  # the outbox hands every event over again, the two counted ones included
    drain(runtime)
    received = stats_store.one(scope, stats_store.ALL_MONTHS).get("received", 0)
    assert counted_before == 2 and received == 4
    print(f"\ncrash statistics.counted: killed after 2 of 4 events counted, after the stream's redelivery "
          f"{received:g} of 4 received, each once")


def test_killed_after_the_timeline_is_published_and_before_the_stream_checkpoint(
        api: Any, subscribed: Any, submit: Any, admin_auth: dict[str, str], runtime: Any) -> None:
    """The stream's one reader publishes a batch to the timeline topic and dies before Lambda
    checkpoints the shard: the batch is read and published again, every consumer queue holds each
    event twice, and each consumer still acts on each event once (ids set by the producer)."""
    from chalicelib.domain.addresses import EMAIL
    from chalicelib.outbox.topic import SUBSCRIBERS
    from chalicelib.shared import queues
    from chalicelib.store import deliveries as delivery_log
    from chalicelib.store import notifications as notice_log
    from chalicelib.store import stats as stats_store
    from laportools.ops.queues import depth
    from tests.notify.test_notifications import sent_to, snapshot

    agency, receiver, _ = subscribed
    drain(runtime)  # the stream is read to its end: only this test's events are new
    posts_before, mails_before = len(receiver.received), snapshot()
    email = f"pelapor-{new_tracking_id().lower()}@example.id"
    tid = submit(region_code=agency.region_code, reporter={"name": "Warga", "email": email})["tracking_id"]
    assert call(api, "POST", f"/api/v1/admin/reports/{tid}/disposition", {"agency_id": agency.agency_id},
                admin_auth).status_code == 200  # SUBMIT and DISPOSITION now wait in the stream
    checkpoint = [[*key, position] for key, position in runtime._shards.items()]
    run_killed_at("timeline.published", f"""
        import app
        from laportools.local.runtime import EventRuntime
        reader = EventRuntime(app.app, app, poll_seconds=0)  # the reader Lambda, resuming at the checkpoint
        reader._shards = {{(c, s, shard): p for c, s, shard, p in {checkpoint!r}}}
        reader.poll_streams()
    """)
    once = {s.queue_kind: depth(queues.url(s.queue_kind)).visible for s in SUBSCRIBERS}
    assert once == {queues.ROUTING: 1, queues.WEBHOOK_EVENTS: 2, queues.NOTICE_EVENTS: 1,
                    queues.STATISTICS_EVENTS: 2}  # published, then killed before the checkpoint
    assert runtime.poll_streams() == 2  # the checkpoint never moved: the same two events again
    twice = {kind: depth(queues.url(kind)).visible for kind in once}
    assert twice == {kind: 2 * count for kind, count in once.items()}
    drain(runtime)
    drain(runtime)  # deliveries and notices the consumers enqueued
    assert len(events(tid, Action.DISPOSITION)) == 1  # routing: the second SUBMIT finds it dispositioned
    posts = [r for r in receiver.received[posts_before:] if json.loads(r.body)["data"]["tracking_id"] == tid]
    logged = [d for d in delivery_log.page(agency.agency_id, 100, None)[0] if d.tracking_id == tid]
    assert len(posts) == 1 and json.loads(posts[0].body)["type"] == "report.dispositioned"
    assert len(logged) == 1 and logged[0].status == delivery_log.DELIVERED and logged[0].attempts == 1
    notices = [e for e in notice_log.entries(tid) if e.channel == EMAIL]
    assert len(notices) == 1 and notices[0].status == notice_log.SENT and len(sent_to(email, mails_before)) == 1
    figures = stats_store.one(f"regency#{agency.region_code}", stats_store.ALL_MONTHS)
    assert figures.get("received") == 1 and figures.get("dispositioned") == 1
    print(f"\ncrash timeline.published: 1 killed after publishing 2 events, re-published by the next read "
          f"(queues: {sum(twice.values())} messages for {sum(once.values())} deliveries), then routed once, "
          f"1 webhook, 1 e-mail, counted once")


@pytest.mark.parametrize("point", ["intake.stored", "delivery.sent", "sweep.effect_done", "statistics.counted",
                                   "timeline.published"])
def test_crash_points_never_fire_outside_test_and_local(point: str) -> None:
    code = f"from chalicelib.shared.crashpoints import crash_point; crash_point({point!r}); print('alive')"
    env = {**os.environ, "LAPOR_CRASH_AT": point, "LAPOR_STAGE": "prod", "PYTHONPATH": str(PROJECT_DIR)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "alive" in result.stdout
