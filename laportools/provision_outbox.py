"""Local and test provisioning of the outbox's fan-out: the timeline topic and one subscription
per consumer queue (raw delivery, the consumer's filter policy), from chalicelib.outbox.topic, the
same definitions infra deploys (infra/lapor_infra/outbox.py). Idempotent: a restored endpoint
keeps its subscriptions and gets the current filter policies."""
from __future__ import annotations

import json
import os

from chalicelib.outbox import topic
from chalicelib.settings import settings
from chalicelib.shared import queues
from chalicelib.shared.aws import client


def create_timeline_topic() -> str:
    """The topic and its subscriptions. Sets `LAPOR_TOPIC_ARN_TIMELINE_EVENTS`; returns the ARN."""
    sns, sqs = client("sns"), client("sqs")
    arn = sns.create_topic(Name=topic.topic_name())["TopicArn"]
    existing = {s["Endpoint"]: s["SubscriptionArn"]
                for s in sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]}
    for subscriber in topic.SUBSCRIBERS:
        url = queues.url(subscriber.queue_kind)
        queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        policy = subscriber.filter_policy()
        if queue_arn not in existing:
            attributes = {"RawMessageDelivery": "true"}
            if policy:
                attributes["FilterPolicy"] = json.dumps(policy)
            sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn, Attributes=attributes)
        elif policy:
            sns.set_subscription_attributes(SubscriptionArn=existing[queue_arn], AttributeName="FilterPolicy",
                                            AttributeValue=json.dumps(policy))
    os.environ[topic.TOPIC_ARN_ENV] = arn
    settings.cache_clear()
    topic.topic_arn.cache_clear()
    return arn
