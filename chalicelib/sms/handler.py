"""SMS intake stage: inbound messages from the SMS queue -> commands -> answers by SMS.

Order per message: sender checked (a valid number; Indonesian), flood throttle, part stored and
a delayed "flush" queued; the flush of the sender's latest part joins the parts and carries out
the command. Bad input always gets a short answer (none after STOP) and never raises: only AWS
faults fail a record, so SQS retries it and finally dead-letters it."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.channels.sms import send_sms
from chalicelib.domain.addresses import SMS, address_key
from chalicelib.domain.phones import is_indonesian, normalize_phone
from chalicelib.notify import prefs, settings
from chalicelib.shared import queues
from chalicelib.shared.batch import handle_sqs_batch
from chalicelib.shared.observability import logger
from chalicelib.sms import commands, inbound, parts
from chalicelib.sms.replies import answer
from chalicelib.store import counters as limits

FLUSH = "flush"


def _reply(sender: str, text: str | None) -> None:
    if text:
        send_sms(sender, text)


def receive(message: inbound.InboundSms) -> str:
    """Take one inbound part. Returns what happened (for logs and tests)."""
    sender = normalize_phone(message.sender)
    if sender is None:
        logger.info("inbound SMS from an invalid number dropped")
        return "invalid_sender"
    key = address_key(SMS, sender)
    count = limits.bump(f"sms-in#{key}", settings.sms_flood_window())
    if count > settings.sms_flood_limit():
        if count == settings.sms_flood_limit() + 1:  # say so once, then stay silent
            _reply(sender, answer("throttled", prefs.language(key) or "id"))
        return "throttled"
    if not is_indonesian(sender):
        _reply(sender, answer("foreign", "en"))
        return "foreign"
    part_id = parts.store_part(sender, message.text, message.message_id)
    queues.send(queues.SMS, {"type": FLUSH, "sender": sender, "part_id": part_id},
                delay_seconds=min(900, settings.sms_join_seconds()))
    return "stored"


def flush(sender: str, part_id: str) -> str:
    """Handle the sender's waiting parts as one message, if `part_id` is still the latest."""
    waiting = parts.waiting(sender)
    if not waiting or waiting[-1].part_id != part_id:
        return "superseded"  # already handled, or a later part's flush will do it
    text = parts.join(waiting)
    message_key = hashlib.sha256("|".join(p.part_id for p in waiting).encode("utf-8")).hexdigest()[:40]
    command = commands.parse(text)
    # Imported here: carrying out commands (filing, the classifier, the reporter's actions) is the
    # flush's work alone; an inbound part, the other half of this queue's messages, needs none of it.
    from chalicelib.sms.service import execute

    _reply(sender, execute(sender, command, message_key))
    parts.discard(waiting)
    return command.name


def _record(record: SQSRecord) -> str:
    try:
        body = json.loads(record.body)
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("type") == FLUSH:
        return flush(str(body["sender"]), str(body["part_id"]))
    message = inbound.parse(record.body, record.message_id)
    if message is None:
        logger.warning("not an inbound SMS; dropped", extra={"message_id": record.message_id})
        return "ignored"
    return receive(message)


def handle_sms_batch(event: Any) -> dict[str, Any]:
    return handle_sqs_batch(event, _record)
