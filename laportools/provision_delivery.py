"""Local and test provisioning of what deliveries need beyond tables and queues: the KMS key for
webhook secrets, TTL on the delivery log, and the timeline stream ARN the app registers."""
from __future__ import annotations

import os

from chalicelib.delivery import settings
from chalicelib.settings import settings as runtime_settings
from chalicelib.shared.aws import client
from chalicelib.store.models import DeliveryRecord, TimelineRecord


def ensure_kms_key() -> str:
    kms = client("kms")
    alias = settings.kms_key_alias()
    try:
        return kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]
    except kms.exceptions.NotFoundException:
        key_id = kms.create_key(Description="Lapor webhook signing secrets")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=alias, TargetKeyId=key_id)
        return key_id


def provision_delivery() -> None:
    dynamodb = client("dynamodb")
    dynamodb.update_time_to_live(
        TableName=DeliveryRecord.Meta.table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"},
    )
    ensure_kms_key()
    stream_arn = dynamodb.describe_table(TableName=TimelineRecord.Meta.table_name)["Table"]["LatestStreamArn"]
    os.environ[settings.STREAM_ARN_ENV] = stream_arn
    runtime_settings.cache_clear()
