"""The one place Lapor reads its environment: every `LAPOR_*` / `AWS_*` variable the runtime
honours, with its type, default and meaning, validated once.

Why one model: operators and infra set these variables (infra/lapor_infra, the README's
configuration table, which is generated from this model by `python -m laportools.settings_doc`),
and a typo such as `LAPOR_SWEEP_BATCH=2O` must stop the function at start with a message naming
the variable, not surface as a 500 on some later request. The packages' own `settings` modules
(deadlines, delivery, notify, opendata) keep their accessors and the rules that derive values
(stage-dependent defaults), but read the raw values only from here.

Why no pydantic here: every Lambda function imports this module on its cold start, and a settings
model built with pydantic-settings cost the event functions 150-350 ms of import (pydantic,
pydantic-settings, asyncio and the model's schema build) for some forty scalar variables. The
parsers below are a few lines each and say in their errors what a value must be.

Usage::

    from chalicelib.settings import settings
    settings().stage            # "local" unless LAPOR_STAGE says otherwise

`settings()` is cached for the life of the process (a Lambda container's environment never
changes). Code that changes `os.environ` afterwards (tests, the local stack, provisioning, infra
while it packages the app) calls `settings.cache_clear()` so the next call reads it again.

Names: a field `sweep_batch` is the variable `LAPOR_SWEEP_BATCH`; a field with a `family`
collects one variable per queue kind (`LAPOR_BATCH_SIZE_ROUTING` -> `batch_sizes["routing"]`);
the AWS fields keep the SDK's own names. Empty values count as unset, as they always have.
"""
from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

ENV_PREFIX = "LAPOR_"
Parser = Callable[[str], Any]
T = TypeVar("T")


class SettingsError(ValueError):
    """The environment holds a value Lapor cannot use; the message names each variable."""


class Field(Generic[T]):
    """One setting: how its variable(s) are named and parsed, its default, how the README shows it.
    `T` is the type of the value a Settings instance holds under the field's name."""

    __slots__ = ("aliases", "default", "description", "factory", "family", "name", "parse", "shown")

    def __init__(self, parse: Parser, default: Any = None, *, description: str,
                 factory: Callable[[], Any] | None = None, shown: str | None = None,
                 family: str | None = None, aliases: tuple[str, ...] = ()) -> None:
        self.name = ""  # set by Settings when the class is built
        self.parse, self.default, self.factory = parse, default, factory
        self.description, self.shown, self.family, self.aliases = description, shown, family, aliases

    def variables(self) -> list[str]:
        """The variable(s) this field is read from (`<KIND>` stands for a queue kind)."""
        if self.family:
            return [f"{self.family}<KIND>"]
        return list(self.aliases) or [f"{ENV_PREFIX}{self.name.upper()}"]

    def read(self, environ: dict[str, str], problems: list[str]) -> Any:
        """The parsed value from `environ` (the default when unset or empty); a problem naming the
        variable is appended when a value is unusable."""
        if self.family:
            values = {}
            for key, raw in environ.items():
                if key.startswith(self.family) and len(key) > len(self.family) and raw.strip():
                    value = _parsed(self.parse, key, raw, problems)
                    if value is not _BAD:
                        values[key[len(self.family):].lower()] = value
            return values
        for variable in self.variables():
            raw = environ.get(variable, "")
            if raw.strip():
                value = _parsed(self.parse, variable, raw, problems)
                return self._fallback() if value is _BAD else value
        return self._fallback()

    def _fallback(self) -> Any:
        return self.factory() if self.factory else self.default

    if TYPE_CHECKING:  # for mypy only: Settings.__init__ stores each value in the instance, which
        # hides the class's Field, so an instance's attribute is the value and the class's the Field
        @overload
        def __get__(self, instance: None, owner: type[Any]) -> Field[T]: ...
        @overload
        def __get__(self, instance: object, owner: type[Any]) -> T: ...
        def __get__(self, instance: object, owner: type[Any]) -> Field[T] | T: ...


_BAD = object()


def _parsed(parse: Parser, variable: str, raw: str, problems: list[str]) -> Any:
    try:
        return parse(raw)
    except ValueError as error:
        shown = f"={raw!r}" if len(raw) <= 80 else ""
        problems.append(f"{variable}{shown}: {error}")
        return _BAD


# -- parsers: each turns the variable's text into the value or raises ValueError saying what it must be


def _bounded(value: Any, ge: float | None, le: float | None, gt: float | None) -> Any:
    if ge is not None and value < ge:
        raise ValueError(f"must be at least {ge:g}")
    if le is not None and value > le:
        raise ValueError(f"must be at most {le:g}")
    if gt is not None and value <= gt:
        raise ValueError(f"must be greater than {gt:g}")
    return value


def integer(ge: int | None = None, le: int | None = None) -> Parser:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
        return _bounded(value, ge, le, None)
    return parse


def number(gt: float | None = None) -> Parser:
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError("must be a number") from None
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return _bounded(value, None, None, gt)
    return parse


_TRUE = {"1", "on", "true", "t", "yes", "y"}
_FALSE = {"0", "off", "false", "f", "no", "n"}


def flag(raw: str) -> bool:
    word = raw.strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError("must be 1/0, on/off, true/false or yes/no")


def text(pattern: str | None = None, strip_slash: bool = False) -> Parser:
    compiled = re.compile(pattern) if pattern else None

    def parse(raw: str) -> str:
        if compiled and not compiled.match(raw):
            raise ValueError(f"must match {pattern}")
        return raw.rstrip("/") if strip_slash else raw
    return parse


def path(raw: str) -> Path:
    return Path(raw)


def origins(raw: str) -> list[str]:
    """Comma-separated origins, compared without a trailing slash and case."""
    return [part.strip().rstrip("/").lower() for part in raw.split(",") if part.strip()]


def seconds_list(raw: str) -> tuple[int, ...] | None:
    """Comma-separated whole seconds; "" or "," means unset (the default schedule), as before."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValueError("must be comma-separated whole seconds (0 or more)")
    return tuple(int(part) for part in parts) or None


# -- the model -----------------------------------------------------------------------------------


class Settings:
    """Everything the runtime reads from its environment. Descriptions feed the README table.
    Instances are frozen; `Settings.model_fields` lists the fields in the README's order."""

    model_fields: dict[str, Field[Any]]

    # -- where and what --------------------------------------------------------------------------
    stage: Field[str] = Field(text(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"), "local",
                       description="stage; resource names are `lapor-<stage>-<kind>`")
    function: Field[str] = Field(text(), "api", description="the Lambda function this container runs (set by infra); "
                                                     "`api` registers the HTTP layer, other functions skip it")
    region: Field[str] = Field(text(), "ap-southeast-3", aliases=("AWS_REGION", "AWS_DEFAULT_REGION"),
                        description="AWS region (`AWS_REGION`, else `AWS_DEFAULT_REGION`)")
    endpoint_url: Field[str | None] = Field(text(), aliases=("AWS_ENDPOINT_URL",), shown="unset (AWS)",
                                        description="the local AWS endpoint (set by `make run` and the tests)")
    clock_offset_days: Field[float] = Field(number(), 0.0,
                                     description="demo clock offset in days (local stage only): moves "
                                                 "deadlines and the sweep, never sessions, tokens or webhooks")
    extra_non_working_days: Field[Path | None] = Field(path, shown="`chalicelib/data/cuti_bersama.csv`",
                                                   description="the collective-leave (cuti bersama) data file")
    crash_at: Field[str | None] = Field(text(), description="crash tests: the crash point to SIGKILL at "
                                                        "(`test` and `local` stages only)")
    crash_after: Field[int] = Field(integer(ge=1), 1, description="crash tests: die on the n-th time the point is reached")

    # -- queues (one variable per queue kind) ----------------------------------------------------
    queue_urls: Field[dict[str, str]] = Field(text(), factory=dict, family="LAPOR_QUEUE_URL_", shown="looked up by name",
                                       description="queue URLs (set by infra and the local stack)")
    dlq_urls: Field[dict[str, str]] = Field(text(), factory=dict, family="LAPOR_DLQ_URL_", shown="looked up by name",
                                     description="dead-letter queue URLs (set by infra)")
    queue_arns: Field[dict[str, str]] = Field(text(), factory=dict, family="LAPOR_QUEUE_ARN_", shown="unset (queue by name)",
                                       description="set by infra while packaging: consumers then bind by `queue_arn=`")
    batch_sizes: Field[dict[str, int]] = Field(
        integer(ge=1, le=10000), factory=dict, family="LAPOR_BATCH_SIZE_", shown="`10`",
        description="SQS batch size of a consumer (infra sets it from the scaling profile)")
    batching_windows: Field[dict[str, int]] = Field(
        integer(ge=0, le=300), factory=dict, family="LAPOR_BATCH_WINDOW_", shown="`0`",
        description="seconds an SQS consumer waits to fill a batch (scaling profile)")
    max_concurrencies: Field[dict[str, int]] = Field(
        integer(ge=1), factory=dict, family="LAPOR_MAX_CONCURRENCY_", shown="unbounded",
        description="most concurrent invocations of a consumer (AWS minimum 2; scaling profile)")

    # -- staff sign-in ---------------------------------------------------------------------------
    user_pool_id: Field[str | None] = Field(text(), shown="looked up by name",
                                        description="the staff user pool (set by infra and the local stack)")
    user_pool_client_id: Field[str | None] = Field(text(), shown="looked up by name",
                                               description="the console's app client (infra, local stack)")
    admin_mfa: Field[bool | None] = Field(flag, shown="on, off on `local`",
                                      description="`1`/`0`: require TOTP of national and agency admins")

    # -- public site -----------------------------------------------------------------------------
    site_url: Field[str] = Field(text(strip_slash=True), "https://lapor.go.id",
                          description="public base URL of the citizen site (links in messages, Open311 discovery)")
    public_origins: Field[list[str]] = Field(
        origins, factory=list, description="comma-separated extra origins accepted on form posts (a custom "
                                           "domain in front of a CDN)")
    map_tile_url: Field[str] = Field(text(), "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                              description="map tiles of the report form and the public map (an XYZ URL "
                                          "template; the page still files without tiles)")
    map_tile_attribution: Field[str] = Field(text(), "© OpenStreetMap contributors",
                                      description="the credit shown on the map, as the tile provider requires")

    # -- notifications and SMS 1708 --------------------------------------------------------------
    email_sender: Field[str | None] = Field(text(), shown="`LAPOR! <noreply@<stage>.lapor.local>`",
                                        description="the SES identity emails come from (infra sets it)")
    sms_number: Field[str] = Field(text(), "1708", description="SMS sender id reporters see and answer to")
    notify_sms_per_hour: Field[int] = Field(integer(ge=0), 5, description="SMS per reporter address per hour")
    notify_sms_per_day: Field[int] = Field(integer(ge=0), 20, description="SMS per reporter address per day")
    notify_email_per_hour: Field[int] = Field(integer(ge=0), 10, description="emails per reporter address per hour")
    notify_max_attempts: Field[int] = Field(integer(ge=1), 5,
                                     description="send attempts before a notification is dead-lettered")
    notify_retry_schedule: Field[tuple[int, ...] | None] = Field(
        seconds_list, shown="`60,300,900,3600`",
        description="comma-separated seconds before each notification retry, the last repeated (tests use `0`)")
    sms_join_seconds: Field[int] = Field(integer(ge=0), 20, description="how long inbound SMS parts wait for more parts")
    sms_flood_limit: Field[int] = Field(integer(ge=1), 40, description="inbound parts one number may send per flood window")
    sms_flood_window_seconds: Field[int] = Field(integer(ge=1), 600, description="the flood window")
    sms_repeat_window_seconds: Field[int] = Field(integer(ge=0), 600,
                                           description="a repeated text within this window files nothing")
    sms_classifier: Field[bool] = Field(flag, True, description="`off` leaves SMS reports for the admins to classify")

    # -- webhooks --------------------------------------------------------------------------------
    timeline_stream_arn: Field[str | None] = Field(text(), description="the timeline table's stream (infra; "
                                                                   "locally set by provisioning)")
    topic_arn_timeline_events: Field[str | None] = Field(
        text(), shown="looked up by name",
        description="the timeline topic the stream's reader publishes to (set by infra; locally by provisioning)")
    webhook_timeout: Field[float] = Field(number(gt=0), 15.0, description="seconds per webhook POST")
    webhook_retry_schedule: Field[tuple[int, ...] | None] = Field(
        seconds_list, shown="10 retries over about a day",
        description="comma-separated seconds before each retry (tests use `0,0,0`)")
    webhook_allow_loopback: Field[bool] = Field(flag, False, description="`1`: allow loopback receivers in the `test` stage "
                                                                  "(always allowed on `local`, never elsewhere)")

    # -- open data -------------------------------------------------------------------------------
    open_data_minutes: Field[int | None] = Field(integer(ge=1), shown="`1440` (daily), `2` on `local`",
                                             description="open-data export schedule rate, in minutes")
    open_data_months: Field[int] = Field(integer(ge=1), 3, description="months of receipt each scheduled export re-writes")
    open_data_since: Field[str] = Field(text(r"^\d{4}-(0[1-9]|1[0-2])$"), "2012-01",
                                 description="first month (YYYY-MM) the statistics files cover")

    # -- deadline sweep --------------------------------------------------------------------------
    sweep_minutes: Field[int | None] = Field(integer(ge=1), shown="`15`, `1` on `local`",
                                         description="deadline sweep schedule rate, in minutes")
    sla_warning_days: Field[int] = Field(integer(ge=0), 1, description="warning window in working days")
    sweep_inline_budget: Field[int] = Field(integer(ge=0), 200, description="reports one run handles before fanning out")
    sweep_batch: Field[int] = Field(integer(ge=1), 25, description="tracking ids per fan-out message")
    sweep_max_due: Field[int] = Field(integer(ge=1), 50_000,
                               description="due ids one run collects (the next run gets the rest)")
    sweep_margin_ms: Field[int] = Field(integer(ge=0), 20_000,
                                 description="Lambda time kept in reserve before fanning out the rest")

    def __init__(self, environ: dict[str, str] | None = None) -> None:
        """Reads and validates every field from `environ` (the process's environment by default);
        raises SettingsError naming each unusable variable."""
        source = dict(os.environ if environ is None else environ)
        problems: list[str] = []
        for name, field in self.model_fields.items():
            object.__setattr__(self, name, field.read(source, problems))
        if problems:
            raise SettingsError("invalid configuration: " + "; ".join(problems))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("settings are read once and frozen; change os.environ and call settings.cache_clear()")

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.model_fields) + ")"


Settings.model_fields = {name: value for name, value in vars(Settings).items() if isinstance(value, Field)}
for _name, _field in Settings.model_fields.items():
    _field.name = _name


def env_names(name: str) -> list[str]:
    """The variable(s) a field is read from (`<KIND>` stands for a queue kind)."""
    return Settings.model_fields[name].variables()


def documented_default(field: Field[Any]) -> str | None:
    """The default as the README states it, for a field whose default the code derives."""
    return field.shown


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read and validated on first use. Raises SettingsError (naming each
    bad variable) when the environment holds an unusable value. `settings.cache_clear()` forgets
    them after `os.environ` changes."""
    return Settings()
