"""The outbox (chalicelib/outbox): every committed timeline event reaches the topic once per
stream delivery, in order, and a refused entry stops the batch there so nothing after it is lost
or published twice by the resumed shard. IO-free: SNS is a recording fake."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib.outbox import handler, messages


def image(tracking_id: str, seq: int, action: str = "SUBMIT", text: str = "") -> dict[str, Any]:
    return {"tracking_id": {"S": tracking_id}, "seq": {"N": str(seq)}, "action": {"S": action},
            "message": {"S": text}}


@dataclass
class StreamRecord:
    sequence_number: str
    new_image: dict[str, Any]
    event_name: str = "INSERT"


class FakeSns:
    """Records every PublishBatch; refuses the entries whose Id is in `refuse` (first call only)."""

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.calls: list[list[dict[str, Any]]] = []
        self.refuse = refuse or set()

    def publish_batch(self, TopicArn: str, PublishBatchRequestEntries: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls.append(PublishBatchRequestEntries)
        failed = [{"Id": e["Id"], "Code": "InternalError", "SenderFault": False}
                  for e in PublishBatchRequestEntries if e["Id"] in self.refuse]
        self.refuse = set()
        return {"Failed": failed, "Successful": []}


@pytest.fixture()
def sns(monkeypatch: pytest.MonkeyPatch) -> FakeSns:
    fake = FakeSns()
    monkeypatch.setattr(handler, "client", lambda service: fake)
    monkeypatch.setattr(handler, "topic_arn", lambda: "arn:aws:sns:ap-southeast-3:000000000000:timeline")
    return fake


def sent_events(sns: FakeSns) -> list[str]:
    """The event ids of every entry sent to SNS, in order (refused ones included)."""
    return [json.loads(entry["Message"])["event_id"] for call in sns.calls for entry in call]


def test_a_message_carries_the_event_as_the_stream_wrote_it_with_a_stable_id() -> None:
    first = messages.publish_entry("0", image("LPR1234567", 3, "FOLLOW_UP"))
    again = messages.publish_entry("7", image("LPR1234567", 3, "FOLLOW_UP"))  # the stream hands it over again
    assert messages.image_of(first["Message"]) == image("LPR1234567", 3, "FOLLOW_UP")
    assert json.loads(first["Message"])["event_id"] == json.loads(again["Message"])["event_id"] == "LPR1234567#3"
    assert first["MessageAttributes"]["action"]["StringValue"] == "FOLLOW_UP"


def test_an_sns_envelope_is_unwrapped_and_anything_else_is_malformed() -> None:
    body = messages.publish_entry("0", image("LPR1234567", 1))["Message"]
    envelope = json.dumps({"Type": "Notification", "Message": body})
    assert messages.image_of(envelope) == image("LPR1234567", 1)
    for junk in ["not json", "[]", json.dumps({"Type": "Notification"}), json.dumps({"event_id": "x"})]:
        with pytest.raises(messages.MalformedMessage):
            messages.image_of(junk)


def test_every_inserted_event_is_published_in_order_ten_a_request(sns: FakeSns) -> None:
    records = [StreamRecord(str(n), image("LPR1234567", n)) for n in range(1, 24)]
    records.insert(5, StreamRecord("mod", image("LPR1234567", 99), event_name="MODIFY"))  # never an event
    assert handler.handle_stream_batch(records) == {"batchItemFailures": []}
    assert [len(call) for call in sns.calls] == [10, 10, 3]
    assert [e["Id"] for e in sns.calls[1]] == [str(n) for n in range(10)]  # ids are per request
    assert sent_events(sns) == [f"LPR1234567#{n}" for n in range(1, 24)]


def test_large_events_are_cut_by_size_not_only_by_count(sns: FakeSns) -> None:
    big = "x" * (100 * 1024)
    records = [StreamRecord(str(n), image("LPR1234567", n, text=big)) for n in range(1, 6)]
    assert handler.handle_stream_batch(records) == {"batchItemFailures": []}
    assert all(len(call) <= 2 for call in sns.calls)
    assert sent_events(sns) == [f"LPR1234567#{n}" for n in range(1, 6)]


def test_a_refused_entry_stops_the_batch_there_so_the_shard_resumes_at_it(sns: FakeSns) -> None:
    sns.refuse = {"4"}  # the fifth event of the first request
    records = [StreamRecord(f"seq-{n}", image("LPR1234567", n)) for n in range(1, 16)]
    assert handler.handle_stream_batch(records) == {"batchItemFailures": [{"itemIdentifier": "seq-5"}]}
    assert len(sns.calls) == 1  # no request after the one with the refused event
    resumed = handler.handle_stream_batch(records[4:])  # Lambda hands the shard over from seq-5
    assert resumed == {"batchItemFailures": []}
    assert sent_events(sns)[10:] == [f"LPR1234567#{n}" for n in range(5, 16)]
