"""One Lapor stage on AWS: data (tables, queues, bucket, key), the Chalice app, and the settings
Chalice cannot express (ReportBatchItemFailures, stream retries, throttling, IAM from CDK)."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aws_cdk import Aws, Duration, RemovalPolicy, Stack, Tags
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagSuppressions
from constructs import Construct

from . import definitions
from .bytecode import add_bytecode
from .identity import StaffIdentity
from .messaging import Messaging
from .observability import Observability
from .outbox import READER_FUNCTION, TimelineOutbox
from .profiles import Profile
from .protection import ApiProtection

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROTECTED_STAGES = frozenset({"prod"})  # deletion protection and retained data
STREAM_DLQ_KIND = "stream-dlq"  # on-failure destination of every DynamoDB stream consumer

TABLE_DATA_ACTIONS = [
    "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
    "dynamodb:Query", "dynamodb:UpdateItem",
]
QUEUE_ACTIONS = [
    "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
    "sqs:ReceiveMessage", "sqs:SendMessage",
]
OBJECT_ACTIONS = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObject", "s3:PutObject"]
# Intake deletes every version of an uploaded original once its cleaned copy is stored.
BUCKET_ACTIONS = ["s3:ListBucketVersions"]
KEY_ACTIONS = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
STAFF_AUTHORIZER = "LaporStaffPool"
STAFF_API_ROUTES = ("/api/v1/staff/me",)
# The console's account administration (agency admins manage their liaison officers) and sign-out.
STAFF_POOL_ACTIONS = [
    "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminCreateUser", "cognito-idp:AdminDisableUser",
    "cognito-idp:AdminEnableUser", "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminUserGlobalSignOut",
]


def _camel(kind: str) -> str:
    return "".join(part.title() for part in kind.replace("_", "-").split("-"))


class LaporStack(Stack):
    """Construct id = the Chalice stage name (chalice.cdk reads the stage from its scope)."""

    def __init__(self, scope: Construct, stage: str, profile: Profile, **kwargs: Any) -> None:
        super().__init__(scope, stage, stack_name=f"lapor-{stage}",
                         description=f"Lapor (SP4N-LAPOR!) stage {stage}, scaling profile {profile.name}",
                         **kwargs)
        self.stage, self.profile = stage, profile
        self.protected = stage in PROTECTED_STAGES
        self.removal = RemovalPolicy.RETAIN if self.protected else RemovalPolicy.DESTROY
        Tags.of(self).add("project", "lapor")
        Tags.of(self).add("stage", stage)

        self.tables = {t.kind: self._table(t) for t in definitions.tables()}
        self.queues: dict[str, sqs.Queue] = {}
        self.dlqs: dict[str, sqs.Queue] = {}
        for spec in definitions.queues():
            self._queue(spec)
        self.stream_dlq = self._plain_dlq(STREAM_DLQ_KIND, "StreamFailures")
        self.buckets = {spec.kind: self._bucket(spec.kind) for spec in definitions.buckets()}
        self.webhook_key = self._webhook_key()
        self.messaging = Messaging(
            self, "Messaging", stage=stage, sms_queue=self.queues["sms"], removal=self.removal,
            email_domain=self.node.try_get_context("email_domain") or f"{stage}.lapor.go.id",
            site_url=self.node.try_get_context("site_url") or "https://lapor.go.id")
        self.identity = StaffIdentity(self, "StaffIdentity", stage=stage, removal=self.removal)
        self.outbox = TimelineOutbox(self, "TimelineOutbox", stage=stage, queues=self.queues,
                                     stream_arn=self.tables["timeline"].attr_stream_arn,
                                     stream_dlq=self.stream_dlq, removal=self.removal)
        self.role = self._function_role()
        self.messaging.attach(self.role)
        self.api_name: str | None = None

        self.chalice = self._chalice_app()
        self.function_names = self._complete_chalice_template()
        self.observability = Observability(self, "Observability", stage=stage, dlqs={
            **self.dlqs, STREAM_DLQ_KIND: self.stream_dlq}, queues=self.queues,
            function_names=self.function_names, api_name=self.api_name)

    # -- data --------------------------------------------------------------------------------

    def _table(self, table: definitions.TableDef) -> dynamodb.CfnTable:
        throughput = dynamodb.CfnTable.OnDemandThroughputProperty(
            max_read_request_units=self.profile.max_read_request_units,
            max_write_request_units=self.profile.max_write_request_units,
        )

        def keys(schema: list[dict[str, str]]) -> list[dynamodb.CfnTable.KeySchemaProperty]:
            return [dynamodb.CfnTable.KeySchemaProperty(attribute_name=k["AttributeName"], key_type=k["KeyType"])
                    for k in schema]

        def projection(raw: dict[str, Any]) -> dynamodb.CfnTable.ProjectionProperty:
            return dynamodb.CfnTable.ProjectionProperty(projection_type=raw["ProjectionType"],
                                                        non_key_attributes=raw.get("NonKeyAttributes"))

        resource = dynamodb.CfnTable(
            self, f"Table{_camel(table.kind)}",
            table_name=table.name(self.stage),
            billing_mode="PAY_PER_REQUEST",
            attribute_definitions=[dynamodb.CfnTable.AttributeDefinitionProperty(attribute_name=n, attribute_type=t)
                                   for n, t in sorted(table.attributes.items())],
            key_schema=keys(table.key_schema),
            global_secondary_indexes=[
                dynamodb.CfnTable.GlobalSecondaryIndexProperty(
                    index_name=i.name, key_schema=keys(i.key_schema), projection=projection(i.projection),
                    on_demand_throughput=throughput)
                for i in table.global_indexes] or None,
            local_secondary_indexes=[
                dynamodb.CfnTable.LocalSecondaryIndexProperty(
                    index_name=i.name, key_schema=keys(i.key_schema), projection=projection(i.projection))
                for i in table.local_indexes] or None,
            point_in_time_recovery_specification=dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
                point_in_time_recovery_enabled=True),
            deletion_protection_enabled=self.protected,
            sse_specification=dynamodb.CfnTable.SSESpecificationProperty(sse_enabled=True),
            stream_specification=dynamodb.CfnTable.StreamSpecificationProperty(
                stream_view_type=table.stream_view_type) if table.stream_view_type else None,
            time_to_live_specification=dynamodb.CfnTable.TimeToLiveSpecificationProperty(
                attribute_name=table.ttl_attribute, enabled=True) if table.ttl_attribute else None,
            on_demand_throughput=throughput,
        )
        resource.apply_removal_policy(self.removal)
        return resource

    def _queue(self, spec: Any) -> None:
        dlq = self._plain_dlq(f"{spec.kind}-dlq", f"{_camel(spec.kind)}Dlq",
                              retention=spec.dlq_retention_seconds)
        self.dlqs[spec.kind] = dlq
        self.queues[spec.kind] = sqs.Queue(
            self, f"{_camel(spec.kind)}Queue",
            queue_name=f"lapor-{self.stage}-{spec.kind}",
            visibility_timeout=Duration.seconds(spec.visibility_timeout),
            retention_period=Duration.seconds(spec.retention_seconds),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=spec.max_receive_count),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=self.removal,
        )

    def _plain_dlq(self, kind: str, construct_id: str, retention: int = 14 * 24 * 3600) -> sqs.Queue:
        queue = sqs.Queue(
            self, construct_id,
            queue_name=f"lapor-{self.stage}-{kind}",
            retention_period=Duration.seconds(retention),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            removal_policy=self.removal,
        )
        NagSuppressions.add_resource_suppressions(queue, [{
            "id": "AwsSolutions-SQS3",
            "reason": "This queue IS a dead-letter queue (or a stream on-failure destination); an alarm "
                      "fires on its first message and operators replay it with the ops CLI.",
        }])
        return queue

    def _bucket(self, kind: str) -> s3.Bucket:
        name = f"lapor-{self.stage}-{kind}"
        access_logs = s3.Bucket(
            self, f"{_camel(kind)}AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(365))],
            removal_policy=self.removal,
        )
        NagSuppressions.add_resource_suppressions(access_logs, [{
            "id": "AwsSolutions-S1",
            "reason": "This bucket receives the attachments bucket's access logs; logging it to itself "
                      "would loop.",
        }])
        bucket = s3.Bucket(
            self, f"{_camel(kind)}Bucket",
            bucket_name=name,  # the app derives it: config.resource_name(kind)
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix=f"{kind}/",
            cors=[s3.CorsRule(allowed_methods=[s3.HttpMethods.POST], allowed_origins=["https://*"],
                              allowed_headers=["*"], max_age=3600)],
            lifecycle_rules=[
                s3.LifecycleRule(id="abort-incomplete-uploads", abort_incomplete_multipart_upload_after=Duration.days(1)),
                # Uploaded originals (metadata and all) never outlive their claim window: a filed
                # report deletes its own at once, an abandoned upload goes after two days.
                s3.LifecycleRule(id="expire-uploaded-originals", prefix="uploads/", expiration=Duration.days(2),
                                 noncurrent_version_expiration=Duration.days(1)),
                s3.LifecycleRule(id="expire-old-versions", noncurrent_version_expiration=Duration.days(30)),
                s3.LifecycleRule(id="infrequent-access", transitions=[s3.Transition(
                    storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=Duration.days(90))]),
            ],
            removal_policy=self.removal,
        )
        return bucket

    def _webhook_key(self) -> kms.Key | None:
        kind = definitions.webhook_key_kind()
        if kind is None:
            return None
        key = kms.Key(self, "WebhookSecretsKey", alias=f"alias/lapor-{self.stage}-{kind}",
                      description="Encrypts agencies' webhook signing secrets", enable_key_rotation=True,
                      removal_policy=self.removal)
        return key

    # -- IAM ------------------------------------------------------------------------------------

    def _function_role(self) -> iam.Role:
        """One role for the app's functions, granting named actions on named resources only.
        Chalice's generator cannot see PynamoDB calls (autogen_policy is off): grants live here."""
        role = iam.Role(self, "FunctionRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                        description="Lapor Lambda functions")
        log_group_prefix = f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:/aws/lambda/lapor-{self.stage}-"
        statements = [
            iam.PolicyStatement(sid="Logs", actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                                resources=[f"{log_group_prefix}*:*"]),
            iam.PolicyStatement(sid="Tables", actions=TABLE_DATA_ACTIONS, resources=[
                arn for table in self.tables.values() for arn in (table.attr_arn, f"{table.attr_arn}/index/*")]),
            iam.PolicyStatement(sid="Queues", actions=QUEUE_ACTIONS,
                                resources=[q.queue_arn for q in self.queues.values()]),
            iam.PolicyStatement(sid="DeadLetter", actions=["sqs:SendMessage"],
                                resources=[q.queue_arn for q in self.dlqs.values()]),
        ]
        # Stream reads: only the timeline stream's reader, through its own role (outbox.py).
        if self.buckets:
            statements.append(iam.PolicyStatement(sid="Objects", actions=OBJECT_ACTIONS,
                                                  resources=[b.arn_for_objects("*") for b in self.buckets.values()]))
            statements.append(iam.PolicyStatement(sid="BucketVersions", actions=BUCKET_ACTIONS,
                                                  resources=[b.bucket_arn for b in self.buckets.values()]))
        if self.webhook_key is not None:
            statements.append(iam.PolicyStatement(sid="WebhookSecrets", actions=KEY_ACTIONS,
                                                  resources=[self.webhook_key.key_arn]))
        statements.append(iam.PolicyStatement(sid="StaffPool", actions=STAFF_POOL_ACTIONS,
                                              resources=[self.identity.pool.user_pool_arn]))
        policy = iam.Policy(self, "FunctionPolicy", statements=statements)
        policy.attach_to_role(role)
        NagSuppressions.add_resource_suppressions(policy, [{
            "id": "AwsSolutions-IAM5",
            "reason": "Actions are all named. Resource wildcards are only the suffixes AWS requires: a "
                      "table's indexes (<table>/index/*), objects of the attachments bucket (<bucket>/*), "
                      "and log streams of this stage's own function log groups.",
            "appliesTo": [
                {"regex": "/^Resource::<Table[A-Za-z]+\\.Arn>\\/index\\/\\*$/g"},
                {"regex": "/^Resource::<[A-Za-z0-9]+Bucket[A-Za-z0-9]*\\.Arn>\\/\\*$/g"},
                {"regex": "/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                          "\\/aws\\/lambda\\/lapor-.*$/g"},
            ],
        }], apply_to_children=True)
        return role

    def _has_stream(self, kind: str) -> bool:
        return any(t.kind == kind and t.stream_view_type for t in definitions.tables())

    # -- the Chalice app ---------------------------------------------------------------------------

    def _environment(self) -> dict[str, str]:
        """What the deployed functions read (and what app.py reads while it is packaged)."""
        env = {"LAPOR_STAGE": self.stage, "LAPOR_SCALING_PROFILE": self.profile.name}
        for kind, queue in self.queues.items():
            env[f"LAPOR_QUEUE_URL_{kind.upper()}"] = queue.queue_url
            env[f"LAPOR_QUEUE_ARN_{kind.upper()}"] = queue.queue_arn
            env[f"LAPOR_DLQ_URL_{kind.upper()}"] = self.dlqs[kind].queue_url
        for kind, table in self.tables.items():
            if self._has_stream(kind):
                env[f"LAPOR_{kind.upper()}_STREAM_ARN"] = table.attr_stream_arn
        env.update(self.profile.environment(self.queues))
        env.update(self.messaging.environment())
        env.update(self.outbox.environment())
        env.update(self.identity.environment)
        return env

    def _chalice_app(self) -> Any:

        from chalicelib.settings import settings

        environment = self._environment()
        stage_config = {
            "manage_iam_role": False,
            "iam_role_arn": self.role.role_arn,
            "autogen_policy": False,
            "environment_variables": environment,
            "tags": {"project": "lapor", "stage": self.stage},
        }
        # app.py is imported while it is packaged: its decorators read these (queue ARNs, batch
        # settings). `chalice.out` lands in the working directory, so package inside cdk.out.
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        os.environ.update(environment)
        settings.cache_clear()  # app.py reads the deployed environment, not what was cached before
        out_dir = Path(self.node.try_get_context("chalice_out") or PROJECT_DIR / "infra" / "cdk.out")
        out_dir.mkdir(parents=True, exist_ok=True)
        os.chdir(out_dir)
        for cache in (PROJECT_DIR / "chalicelib").rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)  # Chalice would zip a developer's bytecode too
        try:
            return _compiled_chalice()(self, "App", source_dir=str(PROJECT_DIR), stage_config=stage_config)
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
            settings.cache_clear()

    def _sam_resources(self) -> Iterator[tuple[str, dict[str, Any]]]:
        template = json.loads((Path(self.chalice._sam_package_dir) / "sam.json").read_text())
        yield from template["Resources"].items()

    def _queue_kind(self, queue_ref: Any) -> str:
        """Which of our queues an SQS event names: a token ARN (queue_arn=) or a name (queue=)."""
        resolved = self.resolve(queue_ref) if isinstance(queue_ref, str) else queue_ref
        for kind, queue in self.queues.items():
            if resolved == self.resolve(queue.queue_arn):
                return kind
        text = json.dumps(queue_ref)
        for kind in self.queues:
            if text.rstrip('"}').endswith(f":lapor-{self.stage}-{kind}"):
                return kind
        raise ValueError(f"an SQS handler listens to a queue infra does not create: {text}. "
                         "Add it to chalicelib.shared.queues.QUEUES.")

    def _complete_chalice_template(self) -> dict[str, str]:
        """Settings `chalice package` cannot express. Returns {logical id: function name}."""
        functions: dict[str, str] = {}
        for logical_id, resource in self._sam_resources():
            if resource["Type"] == "AWS::Serverless::Api":
                self.api_name = f"lapor-{self.stage}"
                self._configure_api(logical_id)
            if resource["Type"] != "AWS::Serverless::Function":
                continue
            function = self.chalice.get_resource(logical_id)
            name = f"lapor-{self.stage}-{logical_id}"
            functions[logical_id] = name
            function.add_property_override("FunctionName", name)
            log_group = logs.LogGroup(self, f"{logical_id}Logs", log_group_name=f"/aws/lambda/{name}",
                                      retention=logs.RetentionDays.THREE_MONTHS, removal_policy=self.removal)
            function.add_property_override("LoggingConfig", {"LogGroup": log_group.log_group_name,
                                                             "LogFormat": "JSON"})
            handler = resource["Properties"]["Handler"].split(".")[-1]
            if handler != "app":  # an event function: app.py loads only that function's code
                function.add_property_override("Environment.Variables.LAPOR_FUNCTION", handler)
            if handler == READER_FUNCTION:  # the timeline stream's one reader: a role of its own
                function.add_property_override("Role", self.outbox.reader_role.role_arn)
            if logical_id == "APIHandler" and self.profile.intake_reserved_concurrency:
                # Intake's share of the account's concurrency: a surge queues work behind it
                # instead of starving the consumers.
                function.add_property_override("ReservedConcurrentExecutions",
                                               self.profile.intake_reserved_concurrency)
            for event_id, event in (resource["Properties"].get("Events") or {}).items():
                path = f"Events.{event_id}.Properties"
                if event["Type"] == "SQS":
                    kind = self._queue_kind(event["Properties"]["Queue"])
                    scaling = self.profile.consumer(kind)
                    function.add_property_override(f"{path}.Queue", self.queues[kind].queue_arn)
                    # Without it Lambda deletes a partial batch's failed messages too (aws/chalice#2029).
                    function.add_property_override(f"{path}.FunctionResponseTypes", ["ReportBatchItemFailures"])
                    function.add_property_override(f"{path}.BatchSize", scaling.batch_size)
                    function.add_property_override(f"{path}.MaximumBatchingWindowInSeconds", scaling.batching_window)
                    if scaling.max_concurrency:
                        function.add_property_override(f"{path}.ScalingConfig",
                                                       {"MaximumConcurrency": scaling.max_concurrency})
                elif event["Type"] in ("DynamoDB", "Kinesis"):
                    function.add_property_override(f"{path}.FunctionResponseTypes", ["ReportBatchItemFailures"])
                    function.add_property_override(f"{path}.BisectBatchOnFunctionError", True)
                    function.add_property_override(f"{path}.MaximumRetryAttempts", 10)
                    function.add_property_override(f"{path}.MaximumRecordAgeInSeconds", 24 * 3600)
                    function.add_property_override(f"{path}.ParallelizationFactor", self.profile.stream_parallelization)
                    function.add_property_override(f"{path}.DestinationConfig", {
                        "OnFailure": {"Type": "SQS", "Destination": self.stream_dlq.queue_arn}})
        return functions

    def _configure_api(self, logical_id: str) -> None:
        api = self.chalice.get_resource(logical_id)
        ApiProtection(self, "ApiProtection", api_logical_id=logical_id, stage=self.stage, profile=self.profile)
        api.node.add_dependency(self._api_gateway_logging_role())
        access_logs = logs.LogGroup(self, "ApiAccessLogs", retention=logs.RetentionDays.THREE_MONTHS,
                                    removal_policy=self.removal)
        api.add_property_override("Name", self.api_name)
        # Staff JSON routes: API Gateway checks the user pool's ID token before the app does.
        api.add_property_override(f"DefinitionBody.securityDefinitions.{STAFF_AUTHORIZER}", {
            "type": "apiKey", "name": "Authorization", "in": "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
                                               "providerARNs": [self.identity.pool.user_pool_arn]},
        })
        for path in STAFF_API_ROUTES:
            api.add_property_override(f"DefinitionBody.paths.{path}.get.security", [{STAFF_AUTHORIZER: []}])
        api.add_property_override("MethodSettings", [{
            "ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True,
            "ThrottlingRateLimit": self.profile.throttle_rate,
            "ThrottlingBurstLimit": self.profile.throttle_burst,
        }])
        api.add_property_override("AccessLogSetting", {
            "DestinationArn": access_logs.log_group_arn,
            "Format": json.dumps({
                "requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
                "method": "$context.httpMethod", "path": "$context.resourcePath",
                "status": "$context.status", "latencyMs": "$context.responseLatency",
            }),
        })

    def _api_gateway_logging_role(self) -> apigateway.CfnAccount:
        """API Gateway writes access logs through one account-wide role; set it here so that the
        first deploy to a fresh account does not fail on AccessLogSetting."""
        role = iam.Role(self, "ApiGatewayLogsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                            "service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        NagSuppressions.add_resource_suppressions(role, [{
            "id": "AwsSolutions-IAM4",
            "reason": "AWS's own policy for API Gateway's account-wide logging role is the documented "
                      "least-privilege choice; it only writes CloudWatch Logs.",
            "appliesTo": ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
        }])
        account = apigateway.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=role.role_arn)
        account.apply_removal_policy(RemovalPolicy.RETAIN)
        return account


def _compiled_chalice() -> type:
    """chalice.cdk's construct, with bytecode added to the package it builds (bytecode.py says why)
    before the package becomes the functions' code asset."""
    from chalice.cdk import Chalice

    class CompiledChalice(Chalice):
        def _package_app(self) -> None:
            super()._package_app()
            add_bytecode(Path(self._sam_package_dir) / "deployment.zip")

    return CompiledChalice
