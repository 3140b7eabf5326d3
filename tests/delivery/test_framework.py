"""The delivery framework: a channel is one class; the log, claim, limits, retries, dead-letter
queue and replay are the engine's, for every channel alike.

The proof of "a new channel is one module plus its templates": a carrier-pigeon channel defined
here, registered and nothing else, is logged for the reporter, sent, retried, dead-lettered and
replayed by the operator's `lapor-ops dlq replay notify`, and shows in the reporter's own view.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from chalicelib.delivery import engine
from chalicelib.delivery.channel import channel, register, unregister
from chalicelib.domain.model import Contact
from chalicelib.notify import templates
from chalicelib.notify.reporter_channel import ReporterChannel
from chalicelib.shared import clock
from chalicelib.store import delivery_log
from chalicelib.store import notifications as log
from chalicelib.store.models import NotificationRecord
from tests.fixtures.agencies import Reply, call
from tests.fixtures.sms import fresh_number

PIGEON = "PIGEON"


class CarrierPigeon(ReporterChannel):
    """The whole channel: which contact it uses, what it carries, how it flies."""

    name = PIGEON
    order = 30
    flights: list[str] = []  # the texts that left, in order
    storms = 0  # how many of the next flights fail (retryable)

    def address_of(self, contact: Contact | None) -> tuple[str | None, str | None]:
        return (contact.phone, None) if contact is not None and contact.phone else (None, None)

    def render(self, notice: templates.Rendered) -> tuple[str | None, str]:
        return None, notice.sms

    def transmit(self, entry: NotificationRecord, address: str, limit_key: str) -> str:
        CarrierPigeon.flights.append(entry.text)
        if CarrierPigeon.storms:
            CarrierPigeon.storms -= 1
            raise ClientError({"Error": {"Code": "Throttling", "Message": "storm over the sea"}}, "Fly")
        return f"pigeon-{len(CarrierPigeon.flights)}"


@pytest.fixture()
def pigeon(env: Any) -> Iterator[type[CarrierPigeon]]:
    env.set("LAPOR_NOTIFY_MAX_ATTEMPTS", "3")
    env.set("LAPOR_NOTIFY_RETRY_SCHEDULE", "0")  # retries wait for no one here
    CarrierPigeon.flights, CarrierPigeon.storms = [], 0
    register(CarrierPigeon)
    yield CarrierPigeon
    unregister(PIGEON)


def pigeon_entry(tid: str) -> NotificationRecord:
    (entry,) = [e for e in log.entries(tid) if e.channel == PIGEON]
    return entry


def test_a_registered_channel_is_sent_retried_dead_lettered_and_replayed(api, routed, fresh_agency, pigeon,
                                                                         drain_queues):
    from laportools.ops import queues as ops_queues

    pigeon.storms = 1  # the first flight fails, the retry arrives
    receipt = routed(fresh_agency, reporter={"phone": fresh_number()})
    tid = receipt["tracking_id"]
    drain_queues()
    entry = pigeon_entry(tid)
    assert (entry.status, entry.attempts, entry.provider_id) == (log.SENT, 2, "pigeon-2")
    assert pigeon.flights[0].startswith(f"LAPOR! {tid} diteruskan ke ")  # the notice templates' words
    sms = next(e for e in log.entries(tid) if e.channel == "SMS")
    assert sms.status == log.SENT and sms.attempts == 1  # the other channels went on as before

    pigeon.storms = 3  # every attempt of the next notice fails: 3 attempts, then the dead-letter queue
    flights = len(pigeon.flights)
    assert call(api, "POST", f"/api/v1/agency/reports/{tid}/follow-ups", {"message": "Sudah diperbaiki."},
                fresh_agency.auth).status_code == 201
    drain_queues()
    follow_up = next(e for e in log.entries(tid) if e.channel == PIGEON and e.kind == "follow_up")
    assert follow_up.status == log.FAILED and follow_up.attempts == 3 and "Throttling" in follow_up.reason
    assert len(pigeon.flights) == flights + 3
    dead = [json.loads(m["body"]) for m in ops_queues.peek("notify", 50)]
    assert any(d["channel"] == PIGEON and d["notification_id"] == follow_up.notification_id for d in dead)

    assert ops_queues.replay("notify") >= 1  # the operator, after the storm
    drain_queues()
    follow_up = next(e for e in log.entries(tid) if e.channel == PIGEON and e.kind == "follow_up")
    assert follow_up.status == log.SENT and follow_up.attempts == 1 and follow_up.generation == 1
    assert len(pigeon.flights) == flights + 4 and "Sudah diperbaiki." in pigeon.flights[-1]

    mine = json.loads(api.http.get(f"/api/v1/reports/{tid}",
                                   headers={"Authorization": f"Bearer {receipt['reporter_token']}"}).body)
    assert ("follow_up", PIGEON, "SENT") in [(n["kind"], n["channel"], n["status"]) for n in mine["notifications"]]


def test_a_duplicated_message_makes_its_attempt_once(routed, fresh_agency, pigeon, monkeypatch, drain_queues):
    """Two copies of one queue message (SQS delivers at least once): while one holds the attempt
    the other comes back later (AttemptHeld fails its record), then finds the attempt done."""
    held: list[tuple[Any, Any]] = []
    enqueue = engine.enqueue
    monkeypatch.setattr(engine, "enqueue", lambda ch, entry, *a, **k: held.append((ch, entry)) if ch.name == PIGEON
                        else enqueue(ch, entry, *a, **k))
    tid = routed(fresh_agency, reporter={"phone": fresh_number()})["tracking_id"]
    monkeypatch.setattr(engine, "enqueue", enqueue)
    [(ch, entry)] = held
    message = engine.message_for(ch, entry)
    assert delivery_log.claim(ch.log, entry, 1, 0, "message-a", clock.real_now())  # copy A holds it
    with pytest.raises(engine.AttemptHeld):
        engine.deliver(message, token="message-b")
    assert pigeon.flights == [] and pigeon_entry(tid).status == log.PENDING
    assert engine.deliver(message, token="message-a") == "delivered"  # A, redelivered after its holder died
    assert engine.deliver(message, token="message-b") == "stale"
    assert len(pigeon.flights) == 1 and pigeon_entry(tid).status == log.SENT


def test_unknown_channel_is_a_clear_error():
    with pytest.raises(LookupError, match="no delivery channel 'FAX'"):
        channel("FAX")


def test_the_operator_replays_dead_lettered_webhooks_once(api, subscribed, routed, drain_queues, fast_retries):
    """`lapor-ops dlq replay delivery` sends a webhook that spent its retries again, with the same
    webhook-id and body; two copies of the dead letter still make one delivery."""
    from chalicelib.shared import queues
    from chalicelib.store import deliveries
    from laportools.ops import queues as ops_queues

    agency, receiver, _ = subscribed
    receiver.script = [Reply(500)] * 4  # first try + 3 retries
    routed(agency)
    drain_queues()
    (entry,) = deliveries.page(agency.agency_id, 10, None)[0]
    assert entry.status == deliveries.FAILED and len(receiver.received) == 4
    (letter,) = [json.loads(m["body"]) for m in ops_queues.peek("delivery", 50)
                 if json.loads(m["body"]).get("delivery_id") == entry.delivery_id]
    assert letter["replay"] and letter["last_error"] == "HTTP 500"
    assert ops_queues.replay("delivery") >= 1
    queues.send(queues.DELIVERY, letter)  # a second copy of the same dead letter
    drain_queues()
    entry = deliveries.get(agency.agency_id, entry.delivery_id)
    assert entry.status == deliveries.DELIVERED and entry.attempts == 1 and entry.generation == 1
    assert len(receiver.received) == 5
    assert receiver.received[-1].headers["webhook-id"] == entry.delivery_id
    assert receiver.received[-1].body == receiver.received[0].body
