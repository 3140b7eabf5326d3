"""`lapor-ops plan --reports-per-hour N`: what a campaign of N reports an hour needs.

From the lifecycle model (`costs`) it derives, at the peak hour: API requests per second, the
concurrency each function needs (Little's law: arrivals per second x seconds per arrival), the
DynamoDB request units per second and the e-mail/SMS rates; picks the smallest scaling profile
of `infra/scaling.json` that covers them (or says which settings none covers); checks the
account quotas a stage would hit first; and prices the month.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from infra.lapor_infra import profiles
from laportools.ops import costs

HOURS_PER_MONTH = 730
# Account and service quotas a campaign meets first (defaults of a new account; most can be
# raised through Service Quotas or a support case, which takes days: ask before the campaign).
QUOTAS = {
    "lambda_concurrency": (1000, "Lambda concurrent executions per region (account default)"),
    "api_rps": (10_000, "API Gateway requests/s per region (account throttle)"),
    "dynamodb_table_units": (40_000, "DynamoDB on-demand request units/s per table (default)"),
    "ses_rate": (14, "SES sending rate, e-mails/s (production access default; sandbox is 1/s)"),
    "sns_sms_spend": (1.0, "SNS SMS spend per month, USD (account default limit)"),
    "kms_rate": (5_500, "KMS symmetric cryptographic requests/s (regional quota)"),
}
UNRESERVED_MINIMUM = 100
# Priced per message the reporters chose to receive, not by Lapor's shape: left out of the
# "before e-mail and SMS" total that the architecture is judged by.
MESSAGING = ("SES e-mail", "SNS SMS")  # Lambda keeps at least this much concurrency unreserved


@dataclass(frozen=True)
class Need:
    reports_per_second: float
    api_rps: float
    intake_concurrency: float
    routing_concurrency: float
    fanout_concurrency: float
    delivery_concurrency: float
    lambda_concurrency: float
    write_units_per_second: float
    read_units_per_second: float
    emails_per_second: float
    sms_per_month: float
    kms_per_second: float


def need(reports_per_hour: float, peak_factor: float, life: costs.Lifecycle) -> Need:
    """Capacity at the peak hour (`peak_factor` x the hourly average given)."""
    rate = reports_per_hour / 3600 * peak_factor
    s = life.stage_seconds
    intake = rate * s["api"]
    routing, fanout, delivery = rate * s["routing"], rate * s["fanout"], rate * s["delivery"]
    return Need(
        reports_per_second=rate,
        api_rps=rate * life.api_requests,
        intake_concurrency=intake,
        routing_concurrency=routing,
        fanout_concurrency=fanout,
        delivery_concurrency=delivery,
        lambda_concurrency=intake + routing + fanout + delivery,
        write_units_per_second=rate * life.wcu,
        read_units_per_second=rate * life.rcu,
        emails_per_second=rate * life.emails,
        sms_per_month=reports_per_hour * HOURS_PER_MONTH * life.sms,
        kms_per_second=rate * life.kms_requests,
    )


def _headroom(value: float, factor: float = 1.5, floor: int = 2) -> int:
    return max(floor, math.ceil(value * factor))


def fits(profile: profiles.Profile, n: Need) -> list[str]:
    """What `profile` does not cover (empty: it fits)."""
    gaps = []
    if profile.throttle_rate < n.api_rps:
        gaps.append(f"api.throttle_rate {profile.throttle_rate:g} < {n.api_rps:.0f} requests/s")
    reserved = profile.intake_reserved_concurrency
    if reserved is not None and reserved < n.intake_concurrency:
        gaps.append(f"intake.reserved_concurrency {reserved} < {n.intake_concurrency:.0f}")
    routing = profile.consumer("routing").max_concurrency
    if routing is not None and routing < n.routing_concurrency:
        gaps.append(f"consumers.routing.max_concurrency {routing} < {n.routing_concurrency:.1f}")
    if profile.max_write_request_units < n.write_units_per_second:
        gaps.append(f"dynamodb.max_write_request_units {profile.max_write_request_units} < "
                    f"{n.write_units_per_second:.0f}/s")
    if profile.max_read_request_units < n.read_units_per_second:
        gaps.append(f"dynamodb.max_read_request_units {profile.max_read_request_units} < "
                    f"{n.read_units_per_second:.0f}/s")
    return gaps


def choose_profile(n: Need) -> tuple[profiles.Profile | None, dict[str, list[str]]]:
    """The smallest fitting profile (by API throttle rate), and every profile's gaps."""
    candidates = sorted((profiles.get(name) for name in profiles.names()), key=lambda p: p.throttle_rate)
    gaps = {p.name: fits(p, n) for p in candidates}
    return next((p for p in candidates if not gaps[p.name]), None), gaps


def suggested_settings(n: Need) -> dict[str, Any]:
    """Settings that would cover the peak with headroom (for a new or edited profile)."""
    return {
        "api": {"throttle_rate": _headroom(n.api_rps, 2, 10), "throttle_burst": _headroom(n.api_rps, 4, 20)},
        "intake": {"reserved_concurrency": _headroom(n.intake_concurrency, 2, 5)},
        "consumers.routing.max_concurrency": _headroom(n.routing_concurrency),
        "consumers.delivery.max_concurrency": _headroom(n.delivery_concurrency),
        "dynamodb": {"max_write_request_units": _headroom(n.write_units_per_second, 2, 100),
                     "max_read_request_units": _headroom(n.read_units_per_second, 2, 100)},
    }


def quota_checks(n: Need, reserved: int | None, sms_spend: float) -> list[tuple[str, float, float, bool]]:
    """(quota, needed, limit, would hit) for each quota in QUOTAS."""
    lambda_needed = max(n.lambda_concurrency, (reserved or 0) + UNRESERVED_MINIMUM)
    values = {
        "lambda_concurrency": lambda_needed,
        "api_rps": n.api_rps,
        "dynamodb_table_units": max(n.write_units_per_second, n.read_units_per_second),
        "ses_rate": n.emails_per_second,
        "sns_sms_spend": sms_spend,
        "kms_rate": n.kms_per_second,
    }
    return [(QUOTAS[k][1], values[k], QUOTAS[k][0], values[k] > QUOTAS[k][0]) for k in QUOTAS]


def plan(reports_per_hour: float, peak_factor: float = 3.0, assumptions: costs.Assumptions = costs.Assumptions(),
         measured: dict[str, Any] | None = None, prices: dict[str, Any] | None = None) -> dict[str, Any]:
    if reports_per_hour <= 0:
        raise costs.CostError("--reports-per-hour must be a positive number")
    if peak_factor < 1:
        raise costs.CostError("--peak-factor must be at least 1 (the peak hour is never below the average)")
    measured = measured if measured is not None else costs.load_measured()
    prices = prices if prices is not None else costs.load_prices()
    life = costs.lifecycle(measured, assumptions)
    n = need(reports_per_hour, peak_factor, life)
    per_million = costs.cost_per_million(life, prices)
    monthly_reports = reports_per_hour * HOURS_PER_MONTH
    monthly = {k: v * monthly_reports / costs.MILLION for k, v in per_million.items()}
    chosen, gaps = choose_profile(n)
    reserved = chosen.intake_reserved_concurrency if chosen else suggested_settings(n)["intake"]["reserved_concurrency"]
    return {
        "reports_per_hour": reports_per_hour,
        "peak_factor": peak_factor,
        "assumptions": asdict(assumptions),
        "measured_on": measured.get("measured_on"),
        "prices": {"region": prices.get("region"), "as_of": prices.get("as_of")},
        "need": asdict(n),
        "profile": chosen.name if chosen else None,
        "profile_gaps": gaps,
        "queue_settings": ({kind: asdict(chosen.consumer(kind)) for kind in ("routing", "delivery", "sweep")}
                           if chosen else None),
        "stream_parallelization": chosen.stream_parallelization if chosen else None,
        "suggested_settings": None if chosen else suggested_settings(n),
        "quotas": [{"quota": q, "needed": round(v, 2), "limit": lim, "would_hit": hit}
                   for q, v, lim, hit in quota_checks(n, reserved, monthly["SNS SMS"])],
        "per_function": [{"function": f.name, "dynamodb_requests": round(f.dynamodb_requests, 2),
                          "sqs_requests": round(f.sqs_requests, 2), "sns_messages": round(f.sns_messages, 2),
                          "wcu": round(f.wcu, 2), "rcu": round(f.rcu, 2), "invocations": round(f.invocations, 2),
                          "usd_per_million": round(f.usd_per_million(prices, assumptions.lambda_memory_mb), 2)}
                         for f in life.functions],
        "cost_per_million_reports": {k: round(v, 2) for k, v in per_million.items()},
        "cost_per_million_total": round(sum(per_million.values()), 2),
        "cost_per_million_before_messaging": round(sum(v for k, v in per_million.items() if k not in MESSAGING), 2),
        "monthly_reports": monthly_reports,
        "monthly_cost": {k: round(v, 2) for k, v in monthly.items()},
        "monthly_total": round(sum(monthly.values()), 2),
    }


def render(p: dict[str, Any]) -> str:
    n = p["need"]
    a = p["assumptions"]
    lines = [
        f"Plan for {p['reports_per_hour']:,.0f} reports/hour; peak hour x{p['peak_factor']:g} = "
        f"{n['reports_per_second']:.2f} reports/s ({a['report_size']} reports; figures measured "
        f"{p['measured_on']}, prices {p['prices']['region']} as of {p['prices']['as_of']})",
        "",
        "Capacity at the peak",
        f"  API Gateway           {n['api_rps']:10.1f} requests/s  "
        f"({1 + a['api_reads_per_report'] + a['changes_after_routing']:g} API calls per report)",
        f"  intake/API Lambdas    {n['intake_concurrency']:10.1f} concurrent",
        f"  routing consumer      {n['routing_concurrency']:10.1f} concurrent",
        f"  stream fan-out        {n['fanout_concurrency']:10.1f} concurrent",
        f"  webhook delivery      {n['delivery_concurrency']:10.1f} concurrent",
        f"  DynamoDB              {n['write_units_per_second']:10.0f} WRU/s, {n['read_units_per_second']:.0f} RRU/s",
        f"  e-mail                {n['emails_per_second']:10.2f} /s;  SMS {n['sms_per_month']:,.0f} a month",
        "",
    ]
    if p["profile"]:
        lines.append(f"Profile: {p['profile']} covers it (lapor-ops profile switch {p['profile']} --stage <stage>)")
        for kind, q in p["queue_settings"].items():
            lines.append(f"  {kind:<8} batch {q['batch_size']}, window {q['batching_window']} s, "
                         f"max concurrency {q['max_concurrency']}")
        lines.append(f"  streams  parallelization factor {p['stream_parallelization']}")
    else:
        lines.append("Profile: none of the profiles covers it:")
        for name, gaps in p["profile_gaps"].items():
            lines.append(f"  {name}: " + "; ".join(gaps))
        lines.append("  suggested settings for a new profile in infra/scaling.json:")
        for key, value in p["suggested_settings"].items():
            lines.append(f"    {key}: {value}")
    lines += ["", "Quotas"]
    for q in p["quotas"]:
        verdict = "WOULD HIT: raise it before the campaign" if q["would_hit"] else "ok"
        lines.append(f"  {q['quota']:<78} {q['needed']:>12,.2f} of {q['limit']:>8,g}  {verdict}")
    lines += ["", "Per function, one report's whole lifecycle (requests, DynamoDB units; USD per million reports "
              "for its units, requests and compute)"]
    lines.append(f"  {'function':<30} {'DynamoDB':>9} {'SQS':>6} {'SNS':>5} {'WCU':>7} {'RCU':>6} {'USD/M':>8}")
    for f in p["per_function"]:
        lines.append(f"  {f['function']:<30} {f['dynamodb_requests']:>9.1f} {f['sqs_requests']:>6.1f} "
                     f"{f['sns_messages']:>5.1f} {f['wcu']:>7.1f} {f['rcu']:>6.1f} {f['usd_per_million']:>8.2f}")
    lines.append(f"  {'total':<30} {sum(f['dynamodb_requests'] for f in p['per_function']):>9.1f} "
                 f"{sum(f['sqs_requests'] for f in p['per_function']):>6.1f} "
                 f"{sum(f['sns_messages'] for f in p['per_function']):>5.1f} "
                 f"{sum(f['wcu'] for f in p['per_function']):>7.1f} {sum(f['rcu'] for f in p['per_function']):>6.1f} "
                 f"{sum(f['usd_per_million'] for f in p['per_function']):>8.2f}")
    lines += ["", f"Cost per million reports, whole lifecycle (USD, {p['prices']['region']} list prices)"]
    for service, usd in p["cost_per_million_reports"].items():
        lines.append(f"  {service:<36} {usd:>12,.2f}")
    lines.append(f"  {'total':<36} {p['cost_per_million_total']:>12,.2f}")
    lines.append(f"  {'total before e-mail and SMS':<36} {p['cost_per_million_before_messaging']:>12,.2f}")
    lines += ["", f"Monthly at {p['reports_per_hour']:,.0f} reports/hour sustained ({p['monthly_reports']:,.0f} reports): "
              f"USD {p['monthly_total']:,.2f}  (storage: each further month those reports are kept adds "
              f"USD {p['monthly_cost']['DynamoDB storage (per month kept)']:,.2f})"]
    lines.append("Assumptions (change with options): " + ", ".join(f"{k}={v}" for k, v in a.items()))
    return "\n".join(lines)
