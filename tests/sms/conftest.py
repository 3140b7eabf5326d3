"""Helpers for SMS tests: inbound messages through the real topic and queue, answers read back
from the embedded endpoint's SNS (what the local outbox shows)."""
from __future__ import annotations

import itertools
import json
import uuid
from typing import Any, Callable

import pytest

_numbers = itertools.count(1)


def fresh_number() -> str:
    """A valid Indonesian mobile number no other test uses (0812 + 8 digits)."""
    return f"0812{40000000 + next(_numbers) * 7919 % 50000000:08d}"


@pytest.fixture()
def number() -> str:
    return fresh_number()


@pytest.fixture(autouse=True)
def _instant_join(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAPOR_SMS_JOIN_SECONDS", "0")


def e164(number: str) -> str:
    return "+62" + number[1:]


@pytest.fixture()
def sms(aws: Any, runtime: Any, drain_queues: Callable[[], int]) -> Callable[..., list[str]]:
    """Send `texts` from `sender` through the SNS topic, drain, return the answers to that number."""
    from chalicelib.notify import local_outbox
    from chalicelib.shared.aws import client
    from chalicelib.shared.resources import SMS_INBOUND_TOPIC
    from chalicelib.sms.inbound import two_way_document

    topic = client("sns").create_topic(Name=SMS_INBOUND_TOPIC.name)["TopicArn"]

    def send(sender: str, *texts: str, drain: bool = True) -> list[str]:
        before = {m["id"] for m in local_outbox.messages(100000)}
        for text in texts:
            client("sns").publish(TopicArn=topic, Message=json.dumps(two_way_document(sender, text, str(uuid.uuid4()))))
        if drain:
            drain_queues()
        target = e164(sender) if sender.startswith("0") else sender
        return [m["text"] for m in reversed(local_outbox.messages(100000))
                if m["channel"] == "SMS" and m["to"] == target and m["id"] not in before]

    return send
