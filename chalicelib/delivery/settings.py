"""Delivery settings (values from `chalicelib.settings`, the one environment reader)."""
from __future__ import annotations

from chalicelib.settings import settings
from chalicelib.shared import config
from chalicelib.shared.resources import WEBHOOK_KEY_ALIAS_KIND

STREAM_ARN_ENV = "LAPOR_TIMELINE_STREAM_ARN"
# Stages where a loopback http receiver may be registered when LAPOR_WEBHOOK_ALLOW_LOOPBACK=1.
# Any other stage (prod, staging...) ignores the flag, so it can never weaken a deployment.
_LOOPBACK_STAGES = frozenset({config.LOCAL_STAGE, "test"})
# Seconds before each retry: 10 retries over about a day (before jitter).
DEFAULT_SCHEDULE = (10, 60, 300, 1800, 3600, 7200, 14400, 21600, 21600, 21600)
PREVIOUS_SECRET_GRACE_SECONDS = 24 * 3600


def timeline_stream_arn() -> str:
    """The timeline table's stream, as infra (or provision, locally) sets it. The placeholder
    names the table only: the local runtime resolves the live stream from the table name."""
    return settings().timeline_stream_arn or (
        f"arn:aws:dynamodb:{config.region()}:123456789012:table/{config.resource_name('timeline')}/stream/unset"
    )


def kms_key_alias() -> str:
    return f"alias/{config.resource_name(WEBHOOK_KEY_ALIAS_KIND)}"


def timeout_seconds() -> float:
    return settings().webhook_timeout


def retry_schedule() -> tuple[int, ...]:
    """Delays before retries 1..n; `LAPOR_WEBHOOK_RETRY_SCHEDULE=0,0,0` for tests."""
    return settings().webhook_retry_schedule or DEFAULT_SCHEDULE


def allows_loopback() -> bool:
    """Loopback http receivers: always in the local stage; in `test` only when asked for."""
    if config.is_local():
        return True
    return config.stage() in _LOOPBACK_STAGES and settings().webhook_allow_loopback
