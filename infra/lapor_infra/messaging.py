"""The reporter channels on AWS: the inbound SMS topic (AWS End User Messaging two-way SMS
publishes here) subscribed by the SMS queue, the SES sender identity, the KMS HMAC key that signs
unsubscribe links, and the IAM the functions need to send email and SMS.

Connecting a real number (origination identity, two-way SMS to this topic) and verifying the email
domain are one-time steps outside CloudFormation: see the README's "SMS 1708 and notifications"."""
from __future__ import annotations

from typing import Any

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagSuppressions
from constructs import Construct

from chalicelib.notify import settings as notify_settings
from chalicelib.shared.resources import SMS_INBOUND_TOPIC


class Messaging(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: str, sms_queue: sqs.Queue,
                 removal: RemovalPolicy, email_domain: str, site_url: str) -> None:
        super().__init__(scope, construct_id)
        self.stage, self.email_domain, self.site_url = stage, email_domain, site_url
        # End User Messaging SMS publishes to the topic; the key lets it (and SNS -> SQS) use it.
        key = kms.Key(self, "SmsTopicKey", enable_key_rotation=True, removal_policy=removal,
                      description="Encrypts the inbound SMS topic")
        for service in ("sms-voice.amazonaws.com", "sns.amazonaws.com"):
            key.add_to_resource_policy(iam.PolicyStatement(
                actions=["kms:Decrypt", "kms:GenerateDataKey*"], principals=[iam.ServicePrincipal(service)],
                resources=["*"]))
        self.topic = sns.Topic(self, "SmsInbound", topic_name=f"lapor-{stage}-{SMS_INBOUND_TOPIC.kind}",
                               master_key=key, enforce_ssl=True, display_name=f"Lapor {stage} inbound SMS")
        self.topic.add_to_resource_policy(iam.PolicyStatement(
            sid="TwoWaySms", actions=["sns:Publish"], principals=[iam.ServicePrincipal("sms-voice.amazonaws.com")],
            resources=[self.topic.topic_arn],
            conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}))
        self.topic.add_subscription(subscriptions.SqsSubscription(sms_queue))
        self.identity = ses.EmailIdentity(self, "EmailIdentity", identity=ses.Identity.domain(email_domain))
        self.unsubscribe_key = kms.Key(
            self, "UnsubscribeKey", key_spec=kms.KeySpec.HMAC_256, key_usage=kms.KeyUsage.GENERATE_VERIFY_MAC,
            alias=f"alias/lapor-{stage}-{notify_settings.UNSUBSCRIBE_KEY_KIND}", removal_policy=removal,
            description="Signs one-click unsubscribe links (the secret never leaves KMS)")
        NagSuppressions.add_resource_suppressions(self.unsubscribe_key, [{
            "id": "AwsSolutions-KMS5",
            "reason": "HMAC keys cannot be rotated automatically by KMS; rotating it would void every "
                      "unsubscribe link already sent.",
        }])

    def environment(self) -> dict[str, str]:
        return {
            "LAPOR_TOPIC_ARN_SMS_INBOUND": self.topic.topic_arn,
            "LAPOR_EMAIL_SENDER": f"LAPOR! <noreply@{self.email_domain}>",
            "LAPOR_SITE_URL": self.site_url,
        }

    def attach(self, role: iam.Role) -> iam.Policy:
        identity_arn = f"arn:{Aws.PARTITION}:ses:{Aws.REGION}:{Aws.ACCOUNT_ID}:identity/{self.email_domain}"
        policy = iam.Policy(self, "MessagingPolicy", statements=[
            iam.PolicyStatement(sid="SendEmail", actions=["ses:SendRawEmail"], resources=[identity_arn],
                                conditions={"StringLike": {"ses:FromAddress": f"*@{self.email_domain}"}}),
            # SMS to a phone number has no resource ARN to name; topics are excluded by the Deny.
            iam.PolicyStatement(sid="SendSms", actions=["sns:Publish"], resources=["*"]),
            iam.PolicyStatement(sid="NoTopicPublish", effect=iam.Effect.DENY, actions=["sns:Publish"],
                                resources=[f"arn:{Aws.PARTITION}:sns:*:*:*"]),
            iam.PolicyStatement(sid="UnsubscribeLinks", actions=["kms:GenerateMac"],
                                resources=[self.unsubscribe_key.key_arn]),
        ])
        policy.attach_to_role(role)
        NagSuppressions.add_resource_suppressions(policy, [{
            "id": "AwsSolutions-IAM5",
            "reason": "SNS Publish to a phone number (SMS) has no resource ARN; publishing to any topic is "
                      "denied in the same policy.",
            "appliesTo": ["Resource::*", "Resource::arn:<AWS::Partition>:sns:*:*:*"],
        }])
        return policy

    def describe(self) -> dict[str, Any]:
        return {"topic": self.topic.topic_arn, "email_domain": self.email_domain}
