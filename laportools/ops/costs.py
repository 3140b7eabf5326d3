"""What a report costs on AWS over its whole lifecycle, from measured figures and dated prices.

The measured part comes from `make bench` (`measured-per-report.json`: per function of the
pipeline, the AWS requests, capacity units, invocations and seconds one report costs from its
submission through its routing, metered on the local stack by DynamoDB's sizing rules). The rest
of the lifecycle is modelled from it and stated as assumptions an operator can change: every
later change of a report (an agency's acknowledgement and follow-up, the reporter's confirmation
and rating) writes like the measured disposition and, as one more timeline event, costs each
consumer of the timeline topic what a measured event did; webhooks, e-mails and SMS happen for a
share of reports. Prices are the dated ap-southeast-3 list prices in `prices-ap-southeast-3.json`.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MEASURED_FILE = HERE / "measured-per-report.json"
PRICES_FILE = HERE / "prices-ap-southeast-3.json"
MILLION = 1_000_000

# Counted from the code, not metered (the bench registers no webhook endpoint): one delivery is
# a queue message sent, received and deleted, the log entry written (the rendered report as
# payload, ~3 KB) and updated, the subscription and log entry read, one KMS Decrypt of the
# signing secret, and about WEBHOOK_SECONDS of Lambda time including the agency's answer.
WEBHOOK_WCU = 3 + 3
WEBHOOK_RCU = 0.5 + 1.5
WEBHOOK_SQS = 3
WEBHOOK_SECONDS = 0.3
# Powertools idempotency for a submission with Idempotency-Key: a conditional put of the
# in-progress record and an update with the stored response (both under 1 KB).
IDEMPOTENCY_WCU = 2
# An API read (tracking page, report JSON, a public feed page's share): a report and its timeline.
API_READ_RCU = 1.0
# A later change through the API reads the report it changes (strongly consistent, under 4 KB).
CHANGE_RCU = 1.0
# Lambda bills wall time: a function's own CPU time (measured) plus the wait for each AWS request
# it makes (DynamoDB, SQS and SNS answer within about 10 ms in the region).
AWS_REQUEST_SECONDS = 0.01


class CostError(ValueError):
    """A missing or malformed figures/prices file, or an impossible assumption."""


@dataclass(frozen=True)
class Assumptions:
    report_size: str = "typical"  # which measured report: "short" (100 B body) or "typical" (1.5 KB)
    api_reads_per_report: float = 3.0  # tracking-page, report and feed reads each report draws
    changes_after_routing: int = 4  # acknowledge, follow up, reporter confirms, rates
    webhook_share: float = 0.3  # share of reports whose agency takes webhooks
    email_share: float = 0.5  # reporters who gave an e-mail address
    sms_share: float = 0.2  # reporters who gave only a phone number
    notices_per_report: float = 3.0  # status notices each such reporter receives
    lambda_memory_mb: int = 512  # .chalice/config.json
    api_seconds: float = 0.1  # floor for one API Lambda invocation (cold paths and AWS latency)
    routing_batch: int = 10

    def validate(self) -> None:
        for name in ("api_reads_per_report", "changes_after_routing", "notices_per_report", "api_seconds"):
            if getattr(self, name) < 0:
                raise CostError(f"{name} must not be negative")
        for name in ("webhook_share", "email_share", "sms_share"):
            if not 0 <= getattr(self, name) <= 1:
                raise CostError(f"{name} is a share: between 0 and 1")
        if self.routing_batch < 1 or self.lambda_memory_mb < 128:
            raise CostError("routing batch must be at least 1 and Lambda memory at least 128 MB")


@dataclass(frozen=True)
class Lifecycle:
    """Per-report usage over the whole lifecycle."""
    api_requests: float
    lambda_invocations: float
    lambda_gb_seconds: float
    wcu: float
    rcu: float
    stored_bytes: float
    sqs_requests: float
    emails: float
    sms: float
    kms_requests: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    sns_messages: float = 0.0
    functions: list[FunctionCost] = field(default_factory=list)


@dataclass(frozen=True)
class FunctionCost:
    """What one function does for one report over its whole lifecycle (the measured figures
    scaled by how often the lifecycle invokes it)."""
    name: str
    scale: float  # lifecycle units per measured unit (events / 2 for the timeline consumers)
    dynamodb_requests: float
    sqs_requests: float
    sns_messages: float
    wcu: float
    rcu: float
    invocations: float
    seconds: float

    def usd_per_million(self, prices: dict[str, Any], memory_mb: int) -> float:
        """Its share of the bill per million reports: request units, queue and topic requests,
        invocations and compute."""
        p = prices
        return (self.wcu * p["dynamodb_per_million_write_request_units"]
                + self.rcu * p["dynamodb_per_million_read_request_units"]
                + self.sqs_requests * p["sqs_per_million_requests"]
                + self.sns_messages * p.get("sns_per_million_publishes", 0.0)
                + self.invocations * p["lambda_per_million_requests"]
                + self.seconds * memory_mb / 1024 * MILLION * p["lambda_per_gb_second"])


def _load(path: Path, what: str) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise CostError(f"{path} is missing: it holds the {what}") from None
    except json.JSONDecodeError as error:
        raise CostError(f"{path} is not valid JSON ({error})") from None


def load_measured(path: Path = MEASURED_FILE) -> dict[str, Any]:
    return _load(path, "per-report figures `make bench` measures")


def load_prices(path: Path = PRICES_FILE) -> dict[str, Any]:
    return _load(path, "dated AWS prices")


# How the measured functions scale over a lifecycle. The measurement covers a report's submission
# and routing: its SUBMIT and DISPOSITION events, each handed by the stream's reader to the
# timeline topic and by the topic to every consumer's queue.
API_FUNCTION = "api (submission)"
ROUTING_FUNCTION = "route_reports"
SENDER_FUNCTION = "send_notifications"
MEASURED_EVENTS = 2
TOPIC_CONSUMERS = ("route_reports", "fan_out_webhooks", "notify_reporters", "count_statistics")


def _function_cost(name: str, figures: dict[str, Any], scale: float) -> FunctionCost:
    requests = figures.get("requests", {})
    return FunctionCost(
        name=name, scale=scale,
        dynamodb_requests=scale * sum(v for k, v in requests.items() if "." not in k),
        # Each message a topic consumer received was also sent to its queue by SNS.
        sqs_requests=scale * (sum(v for k, v in requests.items() if k.startswith("SQS."))
                              + (figures.get("records", 0) if name in TOPIC_CONSUMERS else 0)),
        sns_messages=scale * requests.get("SNS.messages", 0),
        wcu=scale * figures.get("wcu", 0), rcu=scale * figures.get("rcu", 0),
        invocations=scale * figures.get("invocations", 0), seconds=scale * _seconds(figures))


def _seconds(figures: dict[str, Any]) -> float:
    """Billed seconds from the figures: CPU time plus the AWS requests' latency when the CPU time
    was measured (the local wall time counts the waits of a shared machine), else the wall time."""
    if "cpu_seconds" not in figures:
        return float(figures.get("local_seconds", 0))
    requests = sum(v for k, v in figures.get("requests", {}).items() if k != "SNS.messages")
    return float(figures["cpu_seconds"]) + AWS_REQUEST_SECONDS * requests


def functions(m: dict[str, Any], a: Assumptions) -> list[FunctionCost]:
    """Per function, what one report costs it over its whole lifecycle: the submission once, the
    routing once, each timeline consumer once per event (two measured, 2 + changes in all), the
    sender once per notice."""
    consumers = m.get("consumers")
    if not consumers:
        raise CostError("the measured figures predate per-function metering: run `make bench`")
    events = 2 + a.changes_after_routing
    notices = (a.email_share + a.sms_share) * a.notices_per_report
    out = []
    for name, figures in consumers.items():
        if name in (API_FUNCTION, ROUTING_FUNCTION):
            scale = 1.0
        elif name == SENDER_FUNCTION:
            scale = notices / figures["records"] if figures.get("records") else 0.0
        else:
            scale = events / MEASURED_EVENTS
        out.append(_function_cost(name, figures, scale))
    return out


def lifecycle(measured: dict[str, Any], a: Assumptions) -> Lifecycle:
    a.validate()
    if a.report_size not in measured:
        raise CostError(f"no measured figures for report size {a.report_size!r}; "
                        f"known: {', '.join(k for k in measured if isinstance(measured[k], dict))}")
    m = measured[a.report_size]
    per_function = functions(m, a)
    by_name = {f.name: f for f in per_function}
    routing = by_name.get(ROUTING_FUNCTION)
    if routing is None or API_FUNCTION not in by_name:
        raise CostError("the measured figures hold no submission or routing: run `make bench`")
    changes = a.changes_after_routing
    webhooks = a.webhook_share * (1 + changes)  # the agency hears of the disposition and each later change
    api_requests = 1 + a.api_reads_per_report + changes
    intake = by_name[API_FUNCTION]
    api_seconds = max(a.api_seconds, intake.seconds)
    # A later change is an API request that writes like the disposition the routing measured.
    later = FunctionCost("api (later changes)", changes, 0, 0, 0, routing.wcu * changes, CHANGE_RCU * changes,
                         changes, changes * api_seconds)
    reads = FunctionCost("api (reads)", a.api_reads_per_report, 0, 0, 0, 0, a.api_reads_per_report * API_READ_RCU,
                         a.api_reads_per_report, a.api_reads_per_report * api_seconds)
    hooks = FunctionCost("deliver_webhooks (modelled)", webhooks, 0, webhooks * WEBHOOK_SQS, 0, webhooks * WEBHOOK_WCU,
                         webhooks * WEBHOOK_RCU, webhooks, webhooks * WEBHOOK_SECONDS)
    submission = FunctionCost(API_FUNCTION, 1, intake.dynamodb_requests, intake.sqs_requests, intake.sns_messages,
                              intake.wcu + IDEMPOTENCY_WCU, intake.rcu, 1, api_seconds)
    everything = [submission, *[f for f in per_function if f.name != API_FUNCTION], later, reads, hooks]
    timeline_consumers = [f for f in per_function if f.name not in (API_FUNCTION, ROUTING_FUNCTION, SENDER_FUNCTION)]
    seconds = {
        "api": submission.seconds + later.seconds + reads.seconds,
        "routing": routing.seconds,
        "fanout": sum(f.seconds for f in timeline_consumers),
        "delivery": hooks.seconds,
    }
    gb = a.lambda_memory_mb / 1024
    stored = sum(m.get("stored_bytes", {}).values()) + changes * (m.get("stored_bytes", {}).get("timeline", 0) / 2)
    notices = a.notices_per_report
    return Lifecycle(
        api_requests=api_requests,
        lambda_invocations=sum(f.invocations for f in everything),
        lambda_gb_seconds=sum(f.seconds for f in everything) * gb,
        wcu=sum(f.wcu for f in everything),
        rcu=sum(f.rcu for f in everything),
        stored_bytes=stored,
        sqs_requests=sum(f.sqs_requests for f in everything),
        emails=a.email_share * notices,
        sms=a.sms_share * notices,
        kms_requests=webhooks,
        stage_seconds=seconds,
        sns_messages=sum(f.sns_messages for f in everything),
        functions=everything,
    )


def cost_per_million(life: Lifecycle, prices: dict[str, Any]) -> dict[str, float]:
    """USD per million reports, by service (storage: per month the million reports are kept)."""
    p = prices
    return {
        "API Gateway": life.api_requests * p["api_gateway_rest_per_million_requests"],
        "Lambda requests": life.lambda_invocations * p["lambda_per_million_requests"],
        "Lambda compute": life.lambda_gb_seconds * MILLION * p["lambda_per_gb_second"],
        "DynamoDB writes": life.wcu * p["dynamodb_per_million_write_request_units"],
        "DynamoDB reads": life.rcu * p["dynamodb_per_million_read_request_units"],
        "DynamoDB storage (per month kept)": life.stored_bytes * MILLION / 1024 ** 3 * p["dynamodb_storage_per_gb_month"],
        "SQS": life.sqs_requests * p["sqs_per_million_requests"],
        "SNS (timeline topic)": life.sns_messages * p.get("sns_per_million_publishes", 0.0),
        "SES e-mail": life.emails * MILLION / 1000 * p["ses_per_thousand_emails"],
        "SNS SMS": life.sms * MILLION * p["sns_sms_indonesia_per_message"],
        "KMS": life.kms_requests * MILLION / 10_000 * p["kms_per_10000_requests"],
    }


def round_up(value: float, step: int = 1) -> int:
    return int(math.ceil(value / step) * step)
