"""Local and test provisioning of the notification and SMS channel beyond tables and queues: the
inbound SMS topic subscribed by the SMS queue, the SES sender identity, and the KMS HMAC key that
signs unsubscribe links. infra creates the same from the same definitions."""
from __future__ import annotations

import os

from chalicelib.notify import settings
from chalicelib.shared import queues
from chalicelib.shared.aws import client
from chalicelib.shared.resources import TOPICS


def ensure_unsubscribe_key() -> str:
    kms = client("kms")
    alias = settings.unsubscribe_key_alias()
    try:
        return kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]
    except kms.exceptions.NotFoundException:
        key_id = kms.create_key(Description="Lapor unsubscribe links", KeySpec="HMAC_256",
                                KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=alias, TargetKeyId=key_id)
        return key_id


def create_topics() -> dict[str, str]:
    """Each topic, subscribed by its queue (idempotent). Returns {kind: topic ARN}."""
    sns, sqs, arns = client("sns"), client("sqs"), {}
    for topic in TOPICS:
        arn = sns.create_topic(Name=topic.name)["TopicArn"]
        queue_url = queues.url(topic.queue_kind)
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        existing = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
        if not any(s["Endpoint"] == queue_arn for s in existing):
            sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue_arn)
        arns[topic.kind] = arn
        os.environ[f"LAPOR_TOPIC_ARN_{topic.kind.upper().replace('-', '_')}"] = arn
    return arns


def provision_notify() -> dict[str, str]:
    sender = settings.email_sender()
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    client("ses").verify_domain_identity(Domain=domain)  # moto: verified at once; AWS: DNS records
    ensure_unsubscribe_key()
    return create_topics()
