"""The synthesized CloudFormation (CDK app in infra/) is what AWS would run: assert on it.
Stages are synthesized once per session by the fixtures in conftest.py."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[2]
INFRA_DIR = PROJECT_DIR / "infra"
DATA_SERVICES = ("dynamodb:", "sqs:", "s3:", "kms:")


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def events(template: dict[str, Any], event_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, function in resources(template, "AWS::Serverless::Function").items():
        for event_id, event in (function["Properties"].get("Events") or {}).items():
            if event["Type"] == event_type:
                yield f"{name}.{event_id}", event["Properties"]


def arn_ref(value: Any) -> str:
    """Logical id of a `Fn::GetAtt [X, Arn]`."""
    return value["Fn::GetAtt"][0]


# -- queues and event sources ---------------------------------------------------------------------

def test_every_queue_has_a_dead_letter_queue_or_is_one(prod: dict[str, Any]) -> None:
    from chalicelib.shared.queues import QUEUES

    queues = resources(prod, "AWS::SQS::Queue")
    targets = {arn_ref(json.loads(json.dumps(q["Properties"]["RedrivePolicy"]))["deadLetterTargetArn"])
               for q in queues.values() if "RedrivePolicy" in q["Properties"]}
    targets |= {arn_ref(e["DestinationConfig"]["OnFailure"]["Destination"]) for _, e in events(prod, "DynamoDB")}
    for logical_id, queue in queues.items():
        assert "RedrivePolicy" in queue["Properties"] or logical_id in targets, f"{logical_id} has no DLQ"
        assert queue["Properties"].get("SqsManagedSseEnabled") is True
    by_name = {q["Properties"]["QueueName"]: q["Properties"] for q in queues.values()}
    for spec in QUEUES:
        queue = by_name[f"lapor-prod-{spec.kind}"]
        assert queue["RedrivePolicy"]["maxReceiveCount"] == spec.max_receive_count
        assert queue["VisibilityTimeout"] == spec.visibility_timeout
        assert f"lapor-prod-{spec.kind}-dlq" in by_name


def test_every_sqs_source_reports_batch_item_failures(prod: dict[str, Any]) -> None:
    sources = list(events(prod, "SQS"))
    assert len(sources) >= 1
    queue_ids = set(resources(prod, "AWS::SQS::Queue"))
    for name, source in sources:
        assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name
        assert arn_ref(source["Queue"]) in queue_ids, f"{name} must use the CDK queue's ARN"


def test_every_event_source_mapping_after_the_sam_transform(prod: dict[str, Any]) -> None:
    """What Lambda gets: expand the SAM template (offline) and check each EventSourceMapping."""
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    expanded = transform(json.loads(json.dumps(prod)), {}, NoManagedPolicies())
    mappings = resources(expanded, "AWS::Lambda::EventSourceMapping")
    assert mappings
    for name, mapping in mappings.items():
        assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name


def test_stream_sources_retry_bisect_and_keep_failures(prod: dict[str, Any]) -> None:
    for name, source in events(prod, "DynamoDB"):
        assert source["BisectBatchOnFunctionError"] is True, name
        assert source["MaximumRetryAttempts"] > 0
        assert source["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][1] == "Arn"
        assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


# -- tables ---------------------------------------------------------------------------------------

def _tables(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    stage = template["Description"].split("stage ")[1].split(",")[0]
    return {r["Properties"]["TableName"][len(f"lapor-{stage}-"):]: r
            for r in resources(template, "AWS::DynamoDB::Table").values()}


def test_the_timeline_stream_has_one_reader_and_the_topic_feeds_every_consumer(prod: dict[str, Any]) -> None:
    """DynamoDB Streams throttles more than two readers of a shard: one event source mapping reads
    the timeline stream, and every consumer reads its own queue subscribed to the timeline topic."""
    from samtranslator.translator.transform import transform

    from chalicelib.outbox.topic import SUBSCRIBERS

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    (timeline,) = [k for k, t in resources(prod, "AWS::DynamoDB::Table").items()
                   if t["Properties"]["TableName"] == "lapor-prod-timeline"]
    expanded = transform(json.loads(json.dumps(prod)), {}, NoManagedPolicies())
    readers = [m["Properties"] for m in resources(expanded, "AWS::Lambda::EventSourceMapping").values()
               if m["Properties"]["EventSourceArn"] == {"Fn::GetAtt": [timeline, "StreamArn"]}]
    assert len(readers) == 1 and readers[0]["FunctionName"] == {"Ref": "PublishTimelineEvents"}
    (topic,) = [k for k, t in resources(prod, "AWS::SNS::Topic").items()
                if t["Properties"]["TopicName"] == "lapor-prod-timeline-events"]
    queue_names = {k: q["Properties"]["QueueName"] for k, q in resources(prod, "AWS::SQS::Queue").items()}
    subscriptions = {queue_names[arn_ref(s["Properties"]["Endpoint"])]: s["Properties"]
                     for s in resources(prod, "AWS::SNS::Subscription").values()
                     if s["Properties"]["TopicArn"] == {"Ref": topic}}
    assert set(subscriptions) == {f"lapor-prod-{s.queue_kind}" for s in SUBSCRIBERS}
    readers_of = {queue_names[arn_ref(source["Queue"])]: name.split(".")[0] for name, source in events(prod, "SQS")}
    for subscriber in SUBSCRIBERS:
        subscription = subscriptions[f"lapor-prod-{subscriber.queue_kind}"]
        assert subscription["RawMessageDelivery"] is True and subscription["Protocol"] == "sqs"
        assert subscription.get("FilterPolicy") == subscriber.filter_policy(), subscriber
        reader = readers_of[f"lapor-prod-{subscriber.queue_kind}"]  # a consumer of its own, with a DLQ
        handler = resources(prod, "AWS::Serverless::Function")[reader]["Properties"]["Handler"]
        assert handler == f"app.{subscriber.function}"
    assert subscriptions["lapor-prod-routing"]["FilterPolicy"] == {"action": ["SUBMIT"]}


def test_only_the_reader_reads_the_stream_and_publishes_to_the_timeline_topic(prod: dict[str, Any]) -> None:
    functions = resources(prod, "AWS::Serverless::Function")
    reader_role = arn_ref(functions["PublishTimelineEvents"]["Properties"]["Role"])
    assert all(arn_ref(f["Properties"]["Role"]) != reader_role for k, f in functions.items()
               if k != "PublishTimelineEvents")
    (topic,) = [k for k, t in resources(prod, "AWS::SNS::Topic").items()
                if t["Properties"]["TopicName"] == "lapor-prod-timeline-events"]
    for policy in resources(prod, "AWS::IAM::Policy").values():
        roles = [r["Ref"] for r in policy["Properties"].get("Roles", [])]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            allowed = statement.get("Effect", "Allow") == "Allow"
            if allowed and "dynamodb:GetRecords" in actions:
                assert roles == [reader_role], statement
            if allowed and statement.get("Resource") == {"Ref": topic}:
                assert roles == [reader_role] and actions == ["sns:Publish"], statement


def test_tables_and_indexes_match_the_models(prod: dict[str, Any]) -> None:
    """One source of truth: the template's tables are exactly what PynamoDB creates locally."""
    from chalicelib.shared import config
    from chalicelib.store.models import ALL_MODELS

    deployed = _tables(prod)
    expected = {}
    for model in ALL_MODELS:
        schema = model._get_schema()
        kind = model.Meta.table_name[len(config.resource_name("")):]
        expected[kind] = {
            "keys": sorted((k["AttributeName"], k["KeyType"]) for k in schema["key_schema"]),
            "attributes": sorted((a["AttributeName"], a["AttributeType"]) for a in schema["attribute_definitions"]),
            "indexes": sorted((i["index_name"], tuple(sorted((k["AttributeName"], k["KeyType"]) for k in i["key_schema"])),
                               i["projection"]["ProjectionType"]) for i in schema["global_secondary_indexes"]),
            "stream": getattr(model.Meta, "stream_view_type", None),
        }
    assert set(deployed) == set(expected)
    for kind, table in deployed.items():
        props = table["Properties"]
        assert sorted((k["AttributeName"], k["KeyType"]) for k in props["KeySchema"]) == expected[kind]["keys"], kind
        assert props["KeySchema"][0]["KeyType"] == "HASH"
        assert sorted((a["AttributeName"], a["AttributeType"]) for a in props["AttributeDefinitions"]) == \
            expected[kind]["attributes"], kind
        indexes = sorted((i["IndexName"], tuple(sorted((k["AttributeName"], k["KeyType"]) for k in i["KeySchema"])),
                          i["Projection"]["ProjectionType"]) for i in props.get("GlobalSecondaryIndexes", []))
        assert indexes == expected[kind]["indexes"], kind
        assert props.get("StreamSpecification", {}).get("StreamViewType") == expected[kind]["stream"], kind
        assert props["BillingMode"] == "PAY_PER_REQUEST"


def test_ttl_on_idempotency_records(prod: dict[str, Any]) -> None:
    ttl = _tables(prod)["idempotency"]["Properties"]["TimeToLiveSpecification"]
    assert ttl == {"AttributeName": "expiration", "Enabled": True}


def test_tables_have_pitr_encryption_and_prod_deletion_protection(prod: dict[str, Any],
                                                                  staging: dict[str, Any]) -> None:
    for template, protected in ((prod, True), (staging, False)):
        for kind, table in _tables(template).items():
            props = table["Properties"]
            assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, kind
            assert props["SSESpecification"]["SSEEnabled"] is True
            assert props["DeletionProtectionEnabled"] is protected, kind
            assert table["DeletionPolicy"] == ("Retain" if protected else "Delete")


# -- bucket, IAM ----------------------------------------------------------------------------------

def test_attachment_bucket_is_private_encrypted_tls_only_with_lifecycle(prod: dict[str, Any]) -> None:
    buckets = resources(prod, "AWS::S3::Bucket")
    attachments = [b for b in buckets.values() if b["Properties"].get("BucketName") == "lapor-prod-attachments"]
    assert len(attachments) == 1
    for logical_id, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True}, logical_id
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    rules = attachments[0]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert any("AbortIncompleteMultipartUpload" in r for r in rules)
    tls_only = [s for p in resources(prod, "AWS::S3::BucketPolicy").values()
                for s in p["Properties"]["PolicyDocument"]["Statement"]
                if s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"]
    assert len(tls_only) == len(buckets)


def test_no_iam_wildcards_on_data_actions(prod: dict[str, Any]) -> None:
    statements = [s for p in resources(prod, "AWS::IAM::Policy").values()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]]
    assert statements
    for statement in statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        data = [a for a in actions if a.startswith(DATA_SERVICES)]
        assert all("*" not in a for a in data), statement
        targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if data:
            assert "*" not in targets, statement


def test_functions_use_the_cdk_role_and_autogen_is_off(prod: dict[str, Any]) -> None:
    chalice_config = json.loads((PROJECT_DIR / ".chalice" / "config.json").read_text())
    assert chalice_config["autogen_policy"] is False
    roles = resources(prod, "AWS::IAM::Role")
    for name, function in resources(prod, "AWS::Serverless::Function").items():
        assert arn_ref(function["Properties"]["Role"]) in roles, name


# -- scaling profile, observability ---------------------------------------------------------------

def test_active_profile_reaches_the_template(staging: dict[str, Any]) -> None:
    from infra.lapor_infra import profiles

    campaign = profiles.get("campaign")
    api = next(iter(resources(staging, "AWS::Serverless::Api").values()))["Properties"]
    assert api["MethodSettings"][0]["ThrottlingRateLimit"] == campaign.throttle_rate
    assert api["MethodSettings"][0]["ThrottlingBurstLimit"] == campaign.throttle_burst
    for name, source in events(staging, "SQS"):
        queue = next(r for k, r in staging["Resources"].items() if k == arn_ref(source["Queue"]))
        kind = queue["Properties"]["QueueName"][len("lapor-staging-"):]
        assert source["BatchSize"] == campaign.consumer(kind).batch_size, name
        assert source["ScalingConfig"]["MaximumConcurrency"] == campaign.consumer(kind).max_concurrency
    api_function = resources(staging, "AWS::Serverless::Function")["APIHandler"]["Properties"]
    assert api_function["ReservedConcurrentExecutions"] == campaign.intake_reserved_concurrency
    for table in _tables(staging).values():
        assert table["Properties"]["OnDemandThroughput"]["MaxWriteRequestUnits"] == campaign.max_write_request_units


def test_alarms_cover_dead_letters_functions_api_sla_and_webhooks(prod: dict[str, Any]) -> None:
    alarms = {a["Properties"]["AlarmName"]: a["Properties"] for a in resources(prod, "AWS::CloudWatch::Alarm").values()}
    topic = next(k for k, t in resources(prod, "AWS::SNS::Topic").items()
                 if t["Properties"]["TopicName"] == "lapor-prod-alarms")
    for props in alarms.values():
        assert props["AlarmActions"] == [{"Ref": topic}]
    dlqs = [q for q in resources(prod, "AWS::SQS::Queue").values() if "RedrivePolicy" not in q["Properties"]]
    assert sum(name.endswith("-dead-letters") for name in alarms) == len(dlqs)
    for function in resources(prod, "AWS::Serverless::Function"):
        assert f"lapor-prod-{function}-errors" in alarms and f"lapor-prod-{function}-throttles" in alarms
    for name in ("api-5xx-rate", "sla-breaches", "webhook-failures-per-agency"):
        assert f"lapor-prod-{name}" in alarms
    assert resources(prod, "AWS::CloudWatch::Dashboard")


# -- linters --------------------------------------------------------------------------------------

def test_cfn_lint_is_clean(prod_out: Path) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "cfn-lint"), str(prod_out / "prod.template.json")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cdk_nag_aws_solutions_is_clean_or_justified(prod_out: Path) -> None:
    with open(prod_out / "AwsSolutions--lapor-prod-NagReport.csv") as report:
        rows = list(csv.DictReader(report))
    assert rows
    failing = [r for r in rows if r["Compliance"] not in ("Compliant", "Suppressed")]
    assert not failing, failing
    for row in rows:
        if row["Compliance"] == "Suppressed":
            assert len(row["Exception Reason"]) >= 40, row


def test_staff_pool_mfa_password_policy_groups_client_and_authorizer(prod: dict[str, Any]) -> None:
    from chalicelib.shared import identity

    pools = resources(prod, "AWS::Cognito::UserPool")
    assert len(pools) == 1
    pool = next(iter(pools.values()))["Properties"]
    assert pool["MfaConfiguration"] == "ON" and pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == identity.PASSWORD_POLICY.minimum_length >= 12
    assert policy["RequireSymbols"] and policy["RequireNumbers"] and policy["RequireUppercase"]
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    assert any(a["Name"] == identity.AGENCY_ATTRIBUTE for a in pool["Schema"])
    groups = {g["Properties"]["GroupName"] for g in resources(prod, "AWS::Cognito::UserPoolGroup").values()}
    assert groups == {r.value for r in identity.StaffRole}
    client = next(iter(resources(prod, "AWS::Cognito::UserPoolClient").values()))["Properties"]
    assert client["GenerateSecret"] is False and client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["IdTokenValidity"] == identity.TOKEN_MINUTES and client["TokenValidityUnits"]["IdToken"] == "minutes"
    assert identity.AGENCY_CLAIM not in client.get("WriteAttributes", [])  # nobody moves themselves
    api = next(iter(resources(prod, "AWS::Serverless::Api").values()))["Properties"]["DefinitionBody"]
    authorizer = api["securityDefinitions"]["LaporStaffPool"]
    assert authorizer["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    assert api["paths"]["/api/v1/staff/me"]["get"]["security"] == [{"LaporStaffPool": []}]
    policy_docs = [p["Properties"]["PolicyDocument"]["Statement"] for p in resources(prod, "AWS::IAM::Policy").values()]
    staff = [s for statements in policy_docs for s in statements if s.get("Sid") == "StaffPool"]
    assert staff and "cognito-idp:AdminCreateUser" in staff[0]["Action"]


def test_each_event_function_loads_only_its_own_code(prod: dict[str, Any]) -> None:
    """app.py reads LAPOR_FUNCTION to skip the HTTP layer and other stages' code (cold start)."""
    functions = resources(prod, "AWS::Serverless::Function")
    seen = {}
    for function in functions.values():
        handler = function["Properties"]["Handler"].split(".")[-1]
        seen[handler] = function["Properties"].get("Environment", {}).get("Variables", {}).get("LAPOR_FUNCTION")
    assert seen.pop("app") is None  # the API function serves HTTP: everything is registered
    assert seen and all(name == handler for handler, name in seen.items()), seen
    assert all("LAPOR_STAGE" in f["Properties"]["Environment"]["Variables"] for f in functions.values())


# -- abuse limits and gateway errors (issue 10) ----------------------------------------------------

def _web_acl(template: dict[str, Any]) -> dict[str, Any]:
    (acl,) = resources(template, "AWS::WAFv2::WebACL").values()
    return acl["Properties"]


def _rule(acl: dict[str, Any], suffix: str) -> dict[str, Any]:
    return next(r for r in acl["Rules"] if r["Name"].endswith(suffix))["Statement"]["RateBasedStatement"]


def test_waf_rate_limits_per_ip_stricter_on_intake_and_support(prod: dict[str, Any]) -> None:
    from infra.lapor_infra import profiles

    limits = profiles.active("prod").abuse
    acl = _web_acl(prod)
    assert acl["Scope"] == "REGIONAL" and acl["DefaultAction"] == {"Allow": {}}
    everything, intake, support = _rule(acl, "all-per-ip"), _rule(acl, "intake-per-ip"), _rule(acl, "support-per-device")
    assert everything["AggregateKeyType"] == intake["AggregateKeyType"] == "IP"
    # Issue 23 item 6: the support limit counts a browser behind an address, not the address
    # (carrier-grade NAT puts thousands of phones behind one).
    assert support["AggregateKeyType"] == "CUSTOM_KEYS"
    from chalicelib.web.support_form import SUPPORTER_COOKIE
    assert support["CustomKeys"] == [{"IP": {}}, {"Cookie": {"Name": SUPPORTER_COOKIE,
                                                             "TextTransformations": [{"Priority": 0, "Type": "NONE"}]}}]
    assert "ScopeDownStatement" not in everything
    assert intake["Limit"] == limits["intake_per_ip"] < everything["Limit"] == limits["per_ip"]
    assert support["Limit"] == limits["support_per_device"] < everything["Limit"]
    scope = json.dumps(intake["ScopeDownStatement"])
    assert '"/v1/reports"' in scope and '"POST"' in scope and '"/lapor"' in scope
    assert "dukung" in support["ScopeDownStatement"]["RegexMatchStatement"]["RegexString"]
    keyed = _rule(acl, "api-key-clients")
    assert keyed["CustomKeys"][0]["Header"]["Name"] == "authorization"
    for rule in acl["Rules"]:  # blocked requests get the API's error format, status 429
        assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
    body = json.loads(acl["CustomResponseBodies"]["rate-limited"]["Content"])
    assert body["error"]["code"] == "rate_limited"
    (association,) = resources(prod, "AWS::WAFv2::WebACLAssociation").values()
    assert "/stages/" in association["Properties"]["ResourceArn"]["Fn::Sub"][0]


def test_usage_plan_for_api_key_clients(prod: dict[str, Any], staging: dict[str, Any]) -> None:
    from infra.lapor_infra import profiles

    (plan,) = resources(prod, "AWS::ApiGateway::UsagePlan").values()
    normal = profiles.active("prod").abuse
    assert plan["Properties"]["Throttle"]["RateLimit"] == normal["usage_plan_rate"]
    assert plan["Properties"]["Quota"]["Period"] == "DAY"


def test_campaign_profile_raises_the_abuse_limits(prod: dict[str, Any], staging: dict[str, Any]) -> None:
    normal, campaign = _web_acl(prod), _web_acl(staging)
    for suffix in ("all-per-ip", "intake-per-ip", "support-per-device", "api-key-clients"):
        assert _rule(campaign, suffix)["Limit"] > _rule(normal, suffix)["Limit"], suffix
    (plan,) = resources(staging, "AWS::ApiGateway::UsagePlan").values()
    (normal_plan,) = resources(prod, "AWS::ApiGateway::UsagePlan").values()
    assert plan["Properties"]["Quota"]["Limit"] > normal_plan["Properties"]["Quota"]["Limit"]


def test_gateway_errors_follow_the_contract(prod: dict[str, Any]) -> None:
    responses = {r["Properties"]["ResponseType"]: r["Properties"]
                 for r in resources(prod, "AWS::ApiGateway::GatewayResponse").values()}
    missing = responses["MISSING_AUTHENTICATION_TOKEN"]  # what API Gateway answers for unknown paths/methods
    assert missing["StatusCode"] == "404"
    assert json.loads(missing["ResponseTemplates"]["application/json"])["error"]["code"] == "route_not_found"
    assert "$context" not in json.dumps(missing) and "authorization" not in json.dumps(missing).lower()
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "WAF_FILTERED"):
        assert "error" in json.loads(responses[kind]["ResponseTemplates"]["application/json"]), kind

# -- SMS 1708 and notifications (issue 13) -------------------------------------------------------

def test_inbound_sms_topic_feeds_the_sms_queue_and_its_consumer(prod: dict[str, Any]) -> None:
    topics = {k: t for k, t in resources(prod, "AWS::SNS::Topic").items()
              if t["Properties"]["TopicName"] == "lapor-prod-sms-inbound"}
    (topic_id,) = topics
    assert topics[topic_id]["Properties"]["KmsMasterKeyId"]
    queues = {k: q for k, q in resources(prod, "AWS::SQS::Queue").items()}
    sms_queue = next(k for k, q in queues.items() if q["Properties"].get("QueueName") == "lapor-prod-sms")
    assert "RedrivePolicy" in queues[sms_queue]["Properties"]  # with its DLQ (alarmed like every DLQ)
    (subscription,) = [s["Properties"] for s in resources(prod, "AWS::SNS::Subscription").values()
                       if s["Properties"]["TopicArn"] == {"Ref": topic_id}]
    assert subscription["Protocol"] == "sqs" and arn_ref(subscription["Endpoint"]) == sms_queue
    consumers = [arn_ref(source["Queue"]) for _, source in events(prod, "SQS")]
    assert sms_queue in consumers
    notify_queue = next(k for k, q in queues.items() if q["Properties"].get("QueueName") == "lapor-prod-notify")
    assert notify_queue in consumers
    streams = [name for name, _ in events(prod, "DynamoDB")]
    assert len(streams) == 1  # the timeline stream's one reader (the outbox); consumers read queues


def test_functions_may_send_email_sms_and_sign_unsubscribe_links_only(prod: dict[str, Any]) -> None:
    statements = {s.get("Sid"): s for p in resources(prod, "AWS::IAM::Policy").values()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]}
    assert statements["SendEmail"]["Action"] == "ses:SendRawEmail"
    assert statements["SendSms"]["Action"] == "sns:Publish"
    assert statements["NoTopicPublish"]["Effect"] == "Deny"
    assert statements["UnsubscribeLinks"]["Action"] == "kms:GenerateMac"
    assert resources(prod, "AWS::SES::EmailIdentity")
    hmac_keys = [k for k in resources(prod, "AWS::KMS::Key").values() if k["Properties"].get("KeySpec") == "HMAC_256"]
    assert len(hmac_keys) == 1
    env = next(iter(resources(prod, "AWS::Serverless::Function").values()))["Properties"]["Environment"]["Variables"]
    assert {"LAPOR_TOPIC_ARN_SMS_INBOUND", "LAPOR_EMAIL_SENDER", "LAPOR_SITE_URL", "LAPOR_DLQ_URL_NOTIFY"} <= set(env)
