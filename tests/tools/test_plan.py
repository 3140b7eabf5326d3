"""`lapor-ops plan`: capacity, profile, quotas and cost of a campaign, from the measured figures
and the dated prices (no AWS needed)."""
from __future__ import annotations

import json

import pytest

from laportools.ops import costs, plan
from laportools.ops.cli import main


def run_plan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, _ = run_plan(capsys, *args, "--json")
    assert code == 0
    return json.loads(out)


def test_a_small_campaign_fits_the_normal_profile_and_prints_its_queue_settings(capsys):
    code, out, _ = run_plan(capsys, "--reports-per-hour", "2000", "--sms-share", "0")
    assert code == 0
    assert "Profile: normal covers it" in out
    assert "routing  batch 10, window 1 s, max concurrency 2" in out
    assert "WOULD HIT" not in out  # nothing near a quota without SMS
    assert "Cost per million reports" in out and "Monthly at 2,000 reports/hour" in out


def test_a_bigger_campaign_needs_the_campaign_profile(capsys):
    result = as_json(capsys, "--reports-per-hour", "20000", "--sms-share", "0")
    assert result["profile"] == "campaign"
    assert result["profile_gaps"]["normal"]  # says why normal is not enough
    assert any("throttle_rate" in gap for gap in result["profile_gaps"]["normal"])
    assert result["queue_settings"]["routing"]["max_concurrency"] == 20


def test_beyond_every_profile_it_suggests_settings(capsys):
    code, out, _ = run_plan(capsys, "--reports-per-hour", "200000", "--sms-share", "0")
    assert code == 0
    assert "none of the profiles covers it" in out
    assert "api.throttle_rate" in out and "suggested settings" in out


def test_names_the_quotas_a_national_surge_would_hit(capsys):
    result = as_json(capsys, "--reports-per-hour", "5000000", "--sms-share", "0")
    hit = {q["quota"] for q in result["quotas"] if q["would_hit"]}
    assert any(q.startswith("API Gateway requests/s") for q in hit)
    assert any(q.startswith("Lambda concurrent executions") for q in hit)
    assert any(q.startswith("SES sending rate") for q in hit)


def test_sms_notices_hit_the_default_spend_limit(capsys):
    code, out, _ = run_plan(capsys, "--reports-per-hour", "100", "--sms-share", "0.2")
    assert code == 0
    sms = next(line for line in out.splitlines() if line.strip().startswith("SNS SMS spend"))
    assert "WOULD HIT" in sms


def test_costs_add_up_and_scale_with_the_rate(capsys):
    one = as_json(capsys, "--reports-per-hour", "1000")
    two = as_json(capsys, "--reports-per-hour", "2000")
    assert one["cost_per_million_total"] == pytest.approx(sum(one["cost_per_million_reports"].values()), abs=0.05)
    assert one["monthly_reports"] == 1000 * plan.HOURS_PER_MONTH
    assert one["monthly_total"] == pytest.approx(one["cost_per_million_total"] * one["monthly_reports"] / 1e6, rel=1e-3)
    assert two["monthly_total"] == pytest.approx(2 * one["monthly_total"], rel=1e-3)
    assert one["prices"] == {"region": "ap-southeast-3", "as_of": costs.load_prices()["as_of"]}


def test_every_service_of_the_lifecycle_is_priced():
    result = plan.plan(1000)
    services = result["cost_per_million_reports"]
    for service in ("API Gateway", "Lambda compute", "DynamoDB writes", "DynamoDB reads",
                    "DynamoDB storage (per month kept)", "SQS", "SES e-mail", "SNS SMS"):
        assert services[service] > 0, service


def test_write_cost_follows_the_measured_figures():
    measured = costs.load_measured()
    cheaper = json.loads(json.dumps(measured))
    cheaper["typical"]["consumers"]["route_reports"]["wcu"] /= 2
    base = plan.plan(1000, measured=measured)["cost_per_million_reports"]["DynamoDB writes"]
    halved = plan.plan(1000, measured=cheaper)["cost_per_million_reports"]["DynamoDB writes"]
    assert halved < base


@pytest.mark.parametrize("args, message", [
    (["--reports-per-hour", "0"], "positive"),
    (["--reports-per-hour", "1000", "--webhook-share", "2"], "share"),
    (["--reports-per-hour", "1000", "--peak-factor", "0.5"], "peak"),
])
def test_bad_input_is_a_clear_error(capsys, args, message):
    code, _, err = run_plan(capsys, *args)
    assert code == 2
    assert message in err


TIMELINE_CONSUMERS = ("publish_timeline_events", "fan_out_webhooks", "notify_reporters", "count_statistics")


def test_prints_what_one_report_costs_each_function(capsys):
    code, out, _ = run_plan(capsys, "--reports-per-hour", "1000")
    assert code == 0
    section = out.split("Per function")[1].split("Cost per million")[0]
    rows = {line[:32].strip(): line[32:].split() for line in section.splitlines()[2:] if line.strip()}
    for function in ("api (submission)", "route_reports", *TIMELINE_CONSUMERS, "api (later changes)"):
        assert function in rows, function
        dynamodb, sqs, sns, wcu, rcu, usd = map(float, rows[function])
        assert min(dynamodb, sqs, sns, wcu, rcu) >= 0 and usd > 0, function
    assert float(rows["publish_timeline_events"][2]) > 0  # the stream's reader publishes every event
    result = as_json(capsys, "--reports-per-hour", "1000")
    wcu = sum(f["wcu"] for f in result["per_function"])
    prices = costs.load_prices()
    assert result["cost_per_million_reports"]["DynamoDB writes"] == pytest.approx(
        wcu * prices["dynamodb_per_million_write_request_units"], abs=0.05)
    assert result["cost_per_million_before_messaging"] == pytest.approx(
        result["cost_per_million_total"] - result["cost_per_million_reports"]["SES e-mail"]
        - result["cost_per_million_reports"]["SNS SMS"], abs=0.05)


def test_a_timeline_consumer_is_paid_once_per_event_of_the_lifecycle():
    """Measured over a report's first two events; a lifecycle with more changes has more events."""
    measured = costs.load_measured()
    few = {f["function"]: f for f in plan.plan(1000, measured=measured,
                                               assumptions=costs.Assumptions(changes_after_routing=0))["per_function"]}
    more = {f["function"]: f for f in plan.plan(1000, measured=measured,
                                                assumptions=costs.Assumptions(changes_after_routing=4))["per_function"]}
    statistics = measured["typical"]["consumers"]["count_statistics"]
    assert few["count_statistics"]["wcu"] == pytest.approx(statistics["wcu"], abs=0.01)
    assert more["count_statistics"]["wcu"] == pytest.approx(statistics["wcu"] * 3, abs=0.01)  # 6 events, not 2
    assert more["route_reports"]["wcu"] == few["route_reports"]["wcu"]  # routed once whatever follows


def test_figures_measured_before_per_function_metering_are_refused(capsys, tmp_path):
    old = costs.load_measured()
    for size in ("short", "typical"):
        del old[size]["consumers"]
    with pytest.raises(costs.CostError, match="make bench"):
        plan.plan(1000, measured=old)
