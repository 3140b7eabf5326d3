"""The one place Lapor reads its environment: every `LAPOR_*` / `AWS_*` variable the runtime
honours, with its type, default and meaning, validated once.

Why one model: operators and infra set these variables (infra/lapor_infra, the README's
configuration table, which is generated from this model by `python -m laportools.settings_doc`),
and a typo such as `LAPOR_SWEEP_BATCH=2O` must stop the function at start with a message naming
the variable, not surface as a 500 on some later request. The packages' own `settings` modules
(deadlines, delivery, notify, opendata) keep their accessors and the rules that derive values
(stage-dependent defaults), but read the raw values only from here.

Usage::

    from chalicelib.settings import settings
    settings().stage            # "local" unless LAPOR_STAGE says otherwise

`settings()` is cached for the life of the process (a Lambda container's environment never
changes). Code that changes `os.environ` afterwards (tests, the local stack, provisioning, infra
while it packages the app) calls `settings.cache_clear()` so the next call reads it again.

Names: a field `sweep_batch` is the variable `LAPOR_SWEEP_BATCH`; a field with `env_family`
collects one variable per queue kind (`LAPOR_BATCH_SIZE_ROUTING` -> `batch_sizes["routing"]`);
the AWS fields keep the SDK's own names. Empty values count as unset, as they always have.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonDict
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

ENV_PREFIX = "LAPOR_"
_FAMILY = "env_family"  # json_schema_extra key: the variable prefix of a per-queue-kind field
_SHOWN = "doc_default"  # json_schema_extra key: the default as the README states it, when derived


class SettingsError(ValueError):
    """The environment holds a value Lapor cannot use; the message names each variable."""


def _family(prefix: str, description: str, shown: str) -> Any:
    """A per-queue-kind field: `<prefix><KIND>` variables, keyed by lower-case kind."""
    return Field(default_factory=dict, description=description, json_schema_extra={_FAMILY: prefix, _SHOWN: shown})


def _derived(shown: str) -> JsonDict:
    """For a field whose default the code derives (from the stage, a lookup): how to document it."""
    return {_SHOWN: shown}


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Everything the runtime reads from its environment. Descriptions feed the README table."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="ignore",
                                      frozen=True)

    # -- where and what --------------------------------------------------------------------------
    stage: str = Field("local", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
                       description="stage; resource names are `lapor-<stage>-<kind>`")
    function: str = Field("api", description="the Lambda function this container runs (set by infra); "
                                             "`api` registers the HTTP layer, other functions skip it")
    region: str = Field("ap-southeast-3", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION"),
                        description="AWS region (`AWS_REGION`, else `AWS_DEFAULT_REGION`)")
    endpoint_url: Optional[str] = Field(None, validation_alias="AWS_ENDPOINT_URL", json_schema_extra=_derived("unset (AWS)"),
                                        description="the local AWS endpoint (set by `make run` and the tests)")
    clock_offset_days: float = Field(0.0, allow_inf_nan=False,
                                     description="demo clock offset in days (local stage only): moves "
                                                 "deadlines and the sweep, never sessions, tokens or webhooks")
    extra_non_working_days: Optional[Path] = Field(None, json_schema_extra=_derived("`chalicelib/data/cuti_bersama.csv`"),
                                                   description="the collective-leave (cuti bersama) data file")
    crash_at: Optional[str] = Field(None, description="crash tests: the crash point to SIGKILL at "
                                                      "(`test` and `local` stages only)")
    crash_after: int = Field(1, ge=1, description="crash tests: die on the n-th time the point is reached")

    # -- queues (one variable per queue kind) ----------------------------------------------------
    queue_urls: dict[str, str] = _family("LAPOR_QUEUE_URL_", "queue URLs (set by infra and the local stack)",
                                         "looked up by name")
    dlq_urls: dict[str, str] = _family("LAPOR_DLQ_URL_", "dead-letter queue URLs (set by infra)", "looked up by name")
    queue_arns: dict[str, str] = _family("LAPOR_QUEUE_ARN_", "set by infra while packaging: consumers then "
                                                             "bind by `queue_arn=`", "unset (queue by name)")
    batch_sizes: dict[str, Annotated[int, Field(ge=1, le=10000)]] = _family(
        "LAPOR_BATCH_SIZE_", "SQS batch size of a consumer (infra sets it from the scaling profile)", "`10`")
    batching_windows: dict[str, Annotated[int, Field(ge=0, le=300)]] = _family(
        "LAPOR_BATCH_WINDOW_", "seconds an SQS consumer waits to fill a batch (scaling profile)", "`0`")
    max_concurrencies: dict[str, Annotated[int, Field(ge=1)]] = _family(
        "LAPOR_MAX_CONCURRENCY_", "most concurrent invocations of a consumer (AWS minimum 2; scaling profile)",
        "unbounded")

    # -- staff sign-in ---------------------------------------------------------------------------
    user_pool_id: Optional[str] = Field(None, json_schema_extra=_derived("looked up by name"),
                                        description="the staff user pool (set by infra and the local stack)")
    user_pool_client_id: Optional[str] = Field(None, json_schema_extra=_derived("looked up by name"),
                                               description="the console's app client (infra, local stack)")
    admin_mfa: Optional[bool] = Field(None, json_schema_extra=_derived("on, off on `local`"),
                                      description="`1`/`0`: require TOTP of national and agency admins")

    # -- public site -----------------------------------------------------------------------------
    site_url: str = Field("https://lapor.go.id", description="public base URL of the citizen site "
                                                             "(links in messages, Open311 discovery)")
    public_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="comma-separated extra origins accepted on form posts (a custom "
                                          "domain in front of a CDN)")

    # -- notifications and SMS 1708 --------------------------------------------------------------
    email_sender: Optional[str] = Field(None, json_schema_extra=_derived("`LAPOR! <noreply@<stage>.lapor.local>`"),
                                        description="the SES identity emails come from (infra sets it)")
    sms_number: str = Field("1708", description="SMS sender id reporters see and answer to")
    notify_sms_per_hour: int = Field(5, ge=0, description="SMS per reporter address per hour")
    notify_sms_per_day: int = Field(20, ge=0, description="SMS per reporter address per day")
    notify_email_per_hour: int = Field(10, ge=0, description="emails per reporter address per hour")
    notify_max_attempts: int = Field(5, ge=1, description="send attempts before a notification is dead-lettered")
    sms_join_seconds: int = Field(20, ge=0, description="how long inbound SMS parts wait for more parts")
    sms_flood_limit: int = Field(40, ge=1, description="inbound parts one number may send per flood window")
    sms_flood_window_seconds: int = Field(600, ge=1, description="the flood window")
    sms_repeat_window_seconds: int = Field(600, ge=0, description="a repeated text within this window files nothing")
    sms_classifier: bool = Field(True, description="`off` leaves SMS reports for the admins to classify")

    # -- webhooks --------------------------------------------------------------------------------
    timeline_stream_arn: Optional[str] = Field(None, description="the timeline table's stream (infra; "
                                                                 "locally set by provisioning)")
    topic_arn_timeline_events: Optional[str] = Field(
        None, json_schema_extra=_derived("looked up by name"),
        description="the timeline topic the stream's reader publishes to (set by infra; locally by provisioning)")
    webhook_timeout: float = Field(15.0, gt=0, allow_inf_nan=False, description="seconds per webhook POST")
    webhook_retry_schedule: Annotated[Optional[tuple[Annotated[int, Field(ge=0)], ...]], NoDecode] = Field(
        None, json_schema_extra=_derived("10 retries over about a day"),
        description="comma-separated seconds before each retry (tests use `0,0,0`)")
    webhook_allow_loopback: bool = Field(False, description="`1`: allow loopback receivers in the `test` stage "
                                                            "(always allowed on `local`, never elsewhere)")

    # -- open data -------------------------------------------------------------------------------
    open_data_minutes: Optional[int] = Field(None, ge=1, json_schema_extra=_derived("`1440` (daily), `2` on `local`"),
                                             description="open-data export schedule rate, in minutes")
    open_data_months: int = Field(3, ge=1, description="months of receipt each scheduled export re-writes")
    open_data_since: str = Field("2012-01", pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                                 description="first month (YYYY-MM) the statistics files cover")

    # -- deadline sweep --------------------------------------------------------------------------
    sweep_minutes: Optional[int] = Field(None, ge=1, json_schema_extra=_derived("`15`, `1` on `local`"),
                                         description="deadline sweep schedule rate, in minutes")
    sla_warning_days: int = Field(1, ge=0, description="warning window in working days")
    sweep_inline_budget: int = Field(200, ge=0, description="reports one run handles before fanning out")
    sweep_batch: int = Field(25, ge=1, description="tracking ids per fan-out message")
    sweep_max_due: int = Field(50_000, ge=1, description="due ids one run collects (the next run gets the rest)")
    sweep_margin_ms: int = Field(20_000, ge=0, description="Lambda time kept in reserve before fanning out the rest")

    _split_lists = field_validator("public_origins", "webhook_retry_schedule", mode="before")(_comma_list)

    @field_validator("site_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("public_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        return [origin.rstrip("/").lower() for origin in value]

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _schedule(cls, value: Optional[tuple[int, ...]]) -> Optional[tuple[int, ...]]:
        return value or None  # "" or "," means the default schedule, as before

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment only: no .env file, no secrets directory (a Lambda has neither).
        return init_settings, _PerKindSource(settings_cls), env_settings


class _PerKindSource(PydanticBaseSettingsSource):
    """Collects `LAPOR_BATCH_SIZE_ROUTING`-style variables into `{"routing": "10"}` per field."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # everything happens in __call__

    def __call__(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            prefix = family_prefix(field)
            if prefix:
                values = {key[len(prefix):].lower(): value for key, value in os.environ.items()
                          if key.startswith(prefix) and len(key) > len(prefix) and value.strip()}
                if values:
                    out[name] = values
        return out


def family_prefix(field: FieldInfo) -> Optional[str]:
    extra = field.json_schema_extra
    return str(extra[_FAMILY]) if isinstance(extra, dict) and _FAMILY in extra else None


def documented_default(field: FieldInfo) -> Optional[str]:
    """The default as the README states it, for a field whose default the code derives."""
    extra = field.json_schema_extra
    return str(extra[_SHOWN]) if isinstance(extra, dict) and _SHOWN in extra else None


def env_names(name: str) -> list[str]:
    """The variable(s) a field is read from (`<KIND>` stands for a queue kind)."""
    field = Settings.model_fields[name]
    prefix = family_prefix(field)
    if prefix:
        return [f"{prefix}<KIND>"]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    if isinstance(alias, str):
        return [alias]
    return [f"{ENV_PREFIX}{name.upper()}"]


def _variable(loc: tuple[Any, ...]) -> str:
    """The variable behind a validation error's location (a field name, an alias, or field + kind)."""
    head = str(loc[0]) if loc else "?"
    if head not in Settings.model_fields:
        return head  # already a variable name (an alias such as AWS_REGION)
    prefix = family_prefix(Settings.model_fields[head])
    if prefix and len(loc) > 1:
        return f"{prefix}{str(loc[1]).upper()}"
    return env_names(head)[0]


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        value = item.get("input")
        shown = f"={value!r}" if isinstance(value, (str, int, float)) and len(str(value)) <= 80 else ""
        problems.append(f"{_variable(tuple(item['loc']))}{shown}: {item['msg']}")
    return "invalid configuration: " + "; ".join(problems)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read and validated on first use. Raises SettingsError (naming each
    bad variable) when the environment holds an unusable value. `settings.cache_clear()` forgets
    them after `os.environ` changes."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(_describe(error)) from None
