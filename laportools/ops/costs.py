"""What a report costs on AWS over its whole lifecycle, from measured figures and dated prices.

The measured part comes from `make bench` (`measured-per-report.json`: requests, capacity units
and seconds per report for intake, routing and the timeline stream's fan-out, metered on the
local stack by DynamoDB's sizing rules). The rest of the lifecycle is modelled from it and
stated as assumptions an operator can change: every later change of a report (an agency's
acknowledgement and follow-up, the reporter's confirmation and rating) writes like the measured
disposition; webhooks, e-mails and SMS happen for a share of reports. Prices are the dated
ap-southeast-3 list prices in `prices-ap-southeast-3.json`.
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


def lifecycle(measured: dict[str, Any], a: Assumptions) -> Lifecycle:
    a.validate()
    if a.report_size not in measured:
        raise CostError(f"no measured figures for report size {a.report_size!r}; "
                        f"known: {', '.join(k for k in measured if isinstance(measured[k], dict))}")
    m = measured[a.report_size]
    intake, routing, fanout = m["intake"], m["routing"], m["fanout"]
    changes = a.changes_after_routing
    events = 2 + changes  # submit, disposition, then each later change: one timeline event each
    webhooks = a.webhook_share * (1 + changes)  # the agency hears of the disposition and each later change
    api_requests = 1 + a.api_reads_per_report + changes
    api_seconds = max(a.api_seconds, intake["local_seconds"])
    routing_seconds = routing["local_seconds"]
    fanout_seconds = fanout["local_seconds"] * events / 2  # measured over a report's two first events
    seconds = {
        "api": api_requests * api_seconds,
        "routing": routing_seconds,
        "fanout": fanout_seconds,
        "delivery": webhooks * WEBHOOK_SECONDS,
    }
    gb = a.lambda_memory_mb / 1024
    wcu = intake["wcu"] + IDEMPOTENCY_WCU + routing["wcu"] * (1 + changes) + webhooks * WEBHOOK_WCU
    rcu = (routing["rcu"] * (1 + changes) + fanout["rcu"] * events / 2 + a.api_reads_per_report * API_READ_RCU
           + webhooks * WEBHOOK_RCU)
    sqs = intake["requests"].get("SQS.SendMessage", 1) + 2 / a.routing_batch + webhooks * WEBHOOK_SQS
    stored = sum(m.get("stored_bytes", {}).values()) + changes * (m.get("stored_bytes", {}).get("timeline", 0) / 2)
    notices = a.notices_per_report
    return Lifecycle(
        api_requests=api_requests,
        lambda_invocations=api_requests + 1 / a.routing_batch + events / 10 + webhooks,
        lambda_gb_seconds=sum(seconds.values()) * gb,
        wcu=wcu,
        rcu=rcu,
        stored_bytes=stored,
        sqs_requests=sqs,
        emails=a.email_share * notices,
        sms=a.sms_share * notices,
        kms_requests=webhooks,
        stage_seconds=seconds,
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
        "SES e-mail": life.emails * MILLION / 1000 * p["ses_per_thousand_emails"],
        "SNS SMS": life.sms * MILLION * p["sns_sms_indonesia_per_message"],
        "KMS": life.kms_requests * MILLION / 10_000 * p["kms_per_10000_requests"],
    }


def round_up(value: float, step: int = 1) -> int:
    return int(math.ceil(value / step) * step)
