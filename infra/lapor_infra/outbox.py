"""The timeline's outbox on AWS: the timeline topic (KMS-encrypted, TLS only), one subscription
per consumer queue with raw delivery and the consumer's filter policy, and the role of the one
function that reads the timeline stream and publishes to the topic.

Everything comes from chalicelib.outbox.topic (SUBSCRIBERS), the definitions the local stack
provisions from, so a consumer added there reaches the template by itself. The reader has a role
of its own: it is the only function that may read the stream or publish to the topic, and the
other functions' role keeps denying every topic publish (infra/lapor_infra/messaging.py)."""
from __future__ import annotations

from typing import Any

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagSuppressions
from constructs import Construct

from chalicelib.outbox import topic as timeline

READER_FUNCTION = "publish_timeline_events"  # app.py's stream handler, the stream's one reader
STREAM_READ_ACTIONS = [
    "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
]


class TimelineOutbox(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, queues: dict[str, sqs.Queue],
                 stream_arn: str, stream_dlq: sqs.Queue, removal: RemovalPolicy) -> None:
        super().__init__(scope, construct_id)
        key = kms.Key(self, "TopicKey", enable_key_rotation=True, removal_policy=removal,
                      description="Encrypts the timeline topic (report events)")
        key.add_to_resource_policy(iam.PolicyStatement(
            actions=["kms:Decrypt", "kms:GenerateDataKey*"], principals=[iam.ServicePrincipal("sns.amazonaws.com")],
            resources=["*"]))
        self.topic = sns.Topic(self, "Topic", topic_name=f"lapor-{stage}-{timeline.TOPIC_KIND}", master_key=key,
                               enforce_ssl=True, display_name=f"Lapor {stage} timeline events")
        for subscriber in timeline.SUBSCRIBERS:
            policy = subscriber.filter_policy()
            self.topic.add_subscription(subscriptions.SqsSubscription(
                queues[subscriber.queue_kind], raw_message_delivery=True,
                filter_policy={name: sns.SubscriptionFilter.string_filter(allowlist=values)
                               for name, values in policy.items()} if policy else None))
        self.reader_role = self._reader_role(stage, key, stream_arn, stream_dlq)

    def _reader_role(self, stage: str, key: kms.Key, stream_arn: str, stream_dlq: sqs.Queue) -> iam.Role:
        role = iam.Role(self, "ReaderRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description="Lapor timeline stream reader: reads the stream, publishes to the topic")
        log_group = (f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:"
                     f"/aws/lambda/lapor-{stage}-{READER_FUNCTION}")
        policy = iam.Policy(self, "ReaderPolicy", statements=[
            iam.PolicyStatement(sid="Logs", actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                resources=[f"{log_group}:*"]),
            iam.PolicyStatement(sid="Streams", actions=STREAM_READ_ACTIONS, resources=[stream_arn]),
            iam.PolicyStatement(sid="PublishTimeline", actions=["sns:Publish"], resources=[self.topic.topic_arn]),
            iam.PolicyStatement(sid="TopicKey", actions=["kms:Decrypt", "kms:GenerateDataKey"],
                                resources=[key.key_arn]),
            iam.PolicyStatement(sid="StreamFailures", actions=["sqs:SendMessage"], resources=[stream_dlq.queue_arn]),
        ])
        policy.attach_to_role(role)
        NagSuppressions.add_resource_suppressions(policy, [{
            "id": "AwsSolutions-IAM5",
            "reason": "Actions are all named; the only wildcard is the log streams of the reader's own "
                      "log group, whose names Lambda chooses.",
            "appliesTo": [{"regex": "/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:"
                                    "log-group:\\/aws\\/lambda\\/lapor-.*$/g"}],
        }])
        return role

    def environment(self) -> dict[str, str]:
        return {timeline.TOPIC_ARN_ENV: self.topic.topic_arn}

    def describe(self) -> dict[str, Any]:
        return {"topic": self.topic.topic_arn, "subscribers": [s.queue_kind for s in timeline.SUBSCRIBERS]}
