"""The timeline topic and its subscribers: the one definition of who hears each committed event.

Why one reader and a topic: DynamoDB Streams throttles a shard read by more than two processes at
once (LimitExceededException), and every consumer used to be a stream reader of its own. Now the
stream has exactly one reader (outbox.handler), which publishes each event to an SNS topic; every
consumer reads its own SQS queue subscribed to that topic, with its own dead-letter queue, batch
settings and retries, so one consumer failing never holds up another. A new consumer is one entry
in SUBSCRIBERS (plus its queue in shared.queues and its handler in app.py), never a new reader.

Why a standard topic and queues (not FIFO): no consumer depends on the order events arrive in.
Routing hears only SUBMIT (one per report). The webhook fan-out renders the agency view "as of"
the event's seq and hands deliveries to the (standard) delivery queue, whose retries reorder
anyway. Notices are one per (event, channel). Statistics read a report's earlier events from the
timeline table by key (they are committed before the event) and count each event once by its
marker. A consumer that one day needs per-report order gets an SNS FIFO topic with SQS FIFO queues
and MessageGroupId = tracking_id (a standard topic cannot feed a FIFO queue).

Infra (infra/lapor_infra/outbox.py) and local provisioning (laportools/provision.py) create the
topic, the subscriptions and their filter policies from SUBSCRIBERS.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from chalicelib.domain.lifecycle import Action
from chalicelib.domain.notices import NOTICE_ACTIONS
from chalicelib.settings import settings
from chalicelib.shared import config, queues
from chalicelib.shared.aws import client

TOPIC_KIND = "timeline-events"
TOPIC_ARN_ENV = "LAPOR_TOPIC_ARN_TIMELINE_EVENTS"  # set by infra, and locally by provisioning
ACTION_ATTRIBUTE = "action"  # message attribute the subscriptions filter on
EVENT_ID_ATTRIBUTE = "event_id"  # the producer-set idempotency id: "<tracking_id>#<seq>"


@dataclass(frozen=True)
class Subscriber:
    """One consumer of the timeline: the queue it reads, the app.py function that reads it, and
    the actions it hears (None: every event). SNS drops the rest before they cost a message."""

    queue_kind: str
    function: str
    actions: frozenset[str] | None = None

    def filter_policy(self) -> dict[str, list[str]] | None:
        return {ACTION_ATTRIBUTE: sorted(self.actions)} if self.actions else None


SUBSCRIBERS: tuple[Subscriber, ...] = (
    Subscriber(queues.ROUTING, "route_reports", frozenset({Action.SUBMIT.value})),
    Subscriber(queues.WEBHOOK_EVENTS, "fan_out_webhooks"),
    Subscriber(queues.NOTICE_EVENTS, "notify_reporters", frozenset(a.value for a in NOTICE_ACTIONS)),
    Subscriber(queues.STATISTICS_EVENTS, "count_statistics"),
)


def topic_name() -> str:
    return config.resource_name(TOPIC_KIND)


@cache
def topic_arn() -> str:
    """From `LAPOR_TOPIC_ARN_TIMELINE_EVENTS` (infra, provisioning); else looked up by name
    (CreateTopic of an existing name returns its ARN and changes nothing)."""
    return settings().topic_arn_timeline_events or client("sns").create_topic(Name=topic_name())["TopicArn"]
