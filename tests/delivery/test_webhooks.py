"""Webhooks: Standard Webhooks signatures (verified with PyPI standardwebhooks only), retries,
410, dead-letter queue, replay, rotation, URL rules, and the sweep's events."""
from __future__ import annotations

import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from tests.fixtures.agencies import Reply, call


def body(response):
    return json.loads(response.body)


def deliveries(api, agency):
    return body(api.http.get("/api/v1/agency/deliveries", headers=agency.auth))["items"]


def test_disposition_arrives_signed(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, secret = subscribed
    tid = routed(agency, anonim=True, reporter={"name": "Budi Santoso"})["tracking_id"]
    drain_queues()
    assert len(receiver.received) == 1
    hook = receiver.received[0]
    payload = Webhook(secret).verify(hook.body, hook.headers)
    assert payload["type"] == "report.dispositioned" and payload["timestamp"].endswith("Z")
    assert payload["data"]["tracking_id"] == tid and "reporter" not in payload["data"]
    [logged] = deliveries(api, agency)
    assert logged["id"] == hook.headers["webhook-id"] and logged["status"] == "DELIVERED"
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook("whsec_" + "A" * 43 + "=").verify(hook.body, hook.headers)


def test_webhooks_keep_real_time_while_the_demo_clock_is_days_ahead(api, subscribed, routed, drain_queues,
                                                                    fast_retries, monkeypatch):
    """`LAPOR_CLOCK_OFFSET_DAYS` (local demos) moves deadlines and the timeline, never the signing
    time: receivers refuse a webhook-timestamp minutes away from their own clock."""
    from datetime import datetime, timedelta

    from chalicelib.shared import clock

    monkeypatch.setattr(clock, "offset", lambda: timedelta(days=6))  # the local stage's offset, here
    agency, receiver, secret = subscribed
    routed(agency)
    drain_queues()
    hook = receiver.received[0]
    payload = Webhook(secret).verify(hook.body, hook.headers)  # raises when the timestamp is off
    event_time = datetime.fromisoformat(payload["timestamp"].replace("Z", "+00:00"))
    assert event_time.timestamp() - int(hook.headers["webhook-timestamp"]) > timedelta(days=5).total_seconds()
    assert deliveries(api, agency)[0]["status"] == "DELIVERED"


def test_retried_after_500s_and_timeouts_then_delivered(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, secret = subscribed
    receiver.script = [Reply(500), Reply(200, delay=1.5), Reply(502)]  # 500, timeout (0.5 s), 502, then 200
    routed(agency)
    drain_queues()
    assert len(receiver.received) == 4
    ids = {r.headers["webhook-id"] for r in receiver.received}
    assert len(ids) == 1  # the same event keeps its webhook-id across retries
    for hook in receiver.received:
        Webhook(secret).verify(hook.body, hook.headers)
    [logged] = deliveries(api, agency)
    assert logged["status"] == "DELIVERED" and logged["attempts"] == 4


def test_timeout_is_recorded_as_such(api, subscribed, routed, drain_queues, fast_retries, env):
    env.set("LAPOR_WEBHOOK_RETRY_SCHEDULE", "3600")  # one retry, far away
    agency, receiver, _ = subscribed
    receiver.script = [Reply(200, delay=1.5)]
    routed(agency)
    drain_queues()
    [logged] = deliveries(api, agency)
    assert logged["status"] == "RETRYING" and logged["last_error"].startswith("timeout")
    assert 1800 <= logged["next_delay_seconds"] <= 3600  # equal jitter: half fixed, half random


def test_retry_after_is_honoured(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, _ = subscribed
    # 5 s, not 1: a drain (now through the timeline topic's queues) on a loaded machine can outlast
    # a 1 s delay and deliver the retry before the log is read.
    receiver.script = [Reply(503, {"Retry-After": "5"})]
    routed(agency)
    drain_queues()
    [logged] = deliveries(api, agency)
    assert logged["status"] == "RETRYING" and logged["next_delay_seconds"] == 5
    for _ in range(150):  # wait for the delayed message, without asserting on time
        drain_queues()
        if len(receiver.received) == 2:
            break
        time.sleep(0.2)
    assert len(receiver.received) == 2
    assert deliveries(api, agency)[0]["status"] == "DELIVERED"


def test_410_disables_the_endpoint(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, _ = subscribed
    receiver.script = [Reply(410)]
    routed(agency)
    drain_queues()
    assert len(receiver.received) == 1
    endpoint = body(api.http.get("/api/v1/agency/webhook", headers=agency.auth))
    assert endpoint["active"] is False and endpoint["disabled_reason"] == "ENDPOINT_GONE"
    routed(agency)
    drain_queues()
    assert len(receiver.received) == 1  # nothing more is sent to a disabled endpoint
    assert deliveries(api, agency)[0]["status"] == "FAILED"
    from laportools.ops import queues as ops_queues

    ids = {d["id"] for d in deliveries(api, agency)}  # the agency replays after re-registering, not the operator
    assert not any(json.loads(m["body"]).get("delivery_id") in ids for m in ops_queues.peek("delivery", 50))


def test_dead_letter_queue_after_last_attempt_then_replay(api, aws, subscribed, routed, drain_queues, fast_retries):
    from chalicelib.shared.aws import client

    agency, receiver, secret = subscribed
    receiver.script = [Reply(500)] * 4  # first try + 3 retries
    routed(agency)
    drain_queues()
    assert len(receiver.received) == 4
    [logged] = deliveries(api, agency)
    assert logged["status"] == "FAILED"
    sqs = client("sqs")
    dlq = aws["queues"]["delivery"]["dlq_url"]
    found = []
    for _ in range(5):
        messages = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        for m in messages:
            if json.loads(m["Body"])["delivery_id"] == logged["id"]:
                found.append(m)
                sqs.delete_message(QueueUrl=dlq, ReceiptHandle=m["ReceiptHandle"])
        if found or not messages:
            break
    assert found, "the failed delivery is on the dead-letter queue"

    replay = call(api, "POST", f"/api/v1/agency/deliveries/{logged['id']}/replay", None, agency.auth)
    assert replay.status_code == 202
    drain_queues()
    assert len(receiver.received) == 5
    again = receiver.received[-1]
    assert again.headers["webhook-id"] == logged["id"]
    assert Webhook(secret).verify(again.body, again.headers) == json.loads(receiver.received[0].body)
    assert deliveries(api, agency)[0]["status"] == "DELIVERED"
    missing = call(api, "POST", "/api/v1/agency/deliveries/msg_nope/replay", None, agency.auth)
    assert missing.status_code == 404


def test_rotation_signs_with_both_secrets(api, subscribed, routed, drain_queues, fast_retries):
    agency, receiver, old_secret = subscribed
    rotated = call(api, "PUT", "/api/v1/agency/webhook", {"url": receiver.url}, agency.auth)
    new_secret = body(rotated)["secret"]
    assert new_secret != old_secret and body(rotated)["previous_secret_expires_at"]
    routed(agency)
    drain_queues()
    hook = receiver.received[-1]
    assert len(hook.headers["webhook-signature"].split(" ")) == 2
    Webhook(old_secret).verify(hook.body, hook.headers)
    Webhook(new_secret).verify(hook.body, hook.headers)
    assert "secret" not in body(api.http.get("/api/v1/agency/webhook", headers=agency.auth))


@pytest.mark.parametrize("url,code", [
    ("https://10.1.2.3/hook", "webhook_url_private"),
    ("https://169.254.169.254/latest", "webhook_url_private"),
    ("https://[fd00::1]/hook", "webhook_url_private"),
    ("https://100.64.0.1/hook", "webhook_url_private"),
    ("http://93.184.216.34/hook", "webhook_url_not_https"),
    ("ftp://93.184.216.34/hook", "invalid_webhook_url"),
    ("https://user:pw@93.184.216.34/hook", "invalid_webhook_url"),
])
def test_webhook_url_rules(api, fresh_agency, url, code):
    response = call(api, "PUT", "/api/v1/agency/webhook", {"url": url}, fresh_agency.auth)
    assert response.status_code == 422, response.body
    assert body(response)["error"]["details"][0]["code"] == code


def test_public_https_is_accepted_and_loopback_only_outside_prod(env):
    from chalicelib.delivery.urls import validate_webhook_url
    from chalicelib.domain.errors import ValidationFailed

    def public(host, port):
        return ["93.184.216.34"]
    assert validate_webhook_url("https://sipp.example.go.id/lapor", resolver=public)
    def rebinding(host, port):
        return ["93.184.216.34", "10.0.0.5"]
    with pytest.raises(ValidationFailed):
        validate_webhook_url("https://sipp.example.go.id/lapor", resolver=rebinding)
    validate_webhook_url("http://127.0.0.1:9/x")  # test stage with LAPOR_WEBHOOK_ALLOW_LOOPBACK=1
    env.set("LAPOR_STAGE", "prod")  # the flag never applies in production
    with pytest.raises(ValidationFailed):
        validate_webhook_url("http://127.0.0.1:9/x")
    env.set("LAPOR_STAGE", "local")
    env.unset("LAPOR_WEBHOOK_ALLOW_LOOPBACK")
    validate_webhook_url("http://127.0.0.1:9/x")


def test_reply_forward_and_sweep_events(api, subscribed, new_agency, receiver, routed, drain_queues, fast_retries):
    from chalicelib.domain.lifecycle import Action
    from chalicelib.domain.model import Actor, Role
    from chalicelib.reports.perform import perform

    agency, hooks, secret = subscribed
    receipt = routed(agency)
    tid = receipt["tracking_id"]
    sweep = Actor(Role.SYSTEM, "sla-sweep")
    perform(tid, Action.WARN_DEADLINE, sweep)
    perform(tid, Action.ESCALATE, sweep)
    call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah diperbaiki hari ini."}, agency.auth)
    reporter = {"Authorization": f"Bearer {receipt['reporter_token']}"}
    assert call(api, "POST", f"/api/v1/reports/{tid}/replies", {"message": "Belum selesai, masih berlubang."},
                reporter).status_code in (200, 201)
    other = new_agency()
    other_secret = body(call(api, "PUT", "/api/v1/agency/webhook", {"url": hooks.url}, other.auth))["secret"]
    call(api, "POST", f"/api/v1/agency/reports/{tid}/forward", {"agency_id": other.agency_id,
                                                                "reason": "Wilayah tetangga."}, agency.auth)
    call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah kami perbaiki."}, other.auth)
    perform(tid, Action.AUTO_CLOSE, sweep)
    drain_queues()
    from chalicelib.delivery import subscriptions

    subscriptions.remove(other.agency_id)
    def recipient(hook):  # each agency's deliveries verify with its own secret only
        for name, own in (("first", secret), ("other", other_secret)):
            try:
                Webhook(own).verify(hook.body, hook.headers)
                return name
            except WebhookVerificationError:  # signed with the other agency's secret
                continue
        raise AssertionError("unverifiable webhook")

    by = {"first": [], "other": []}
    for hook in hooks.received:
        by[recipient(hook)].append(hook.json()["type"])
    assert by["first"] == ["report.dispositioned", "report.sla_warning", "report.escalated", "report.reply_received",
                           "report.forwarded_away"]
    assert by["other"] == ["report.dispositioned", "report.closed"]
    away = next(h.json() for h in hooks.received if h.json()["type"] == "report.forwarded_away")
    assert not any(e["action"] == "FOLLOW_UP" and "Sudah kami perbaiki" in (e.get("message") or "")
                   for e in away["data"]["timeline"])  # nothing after the forward leaks back
