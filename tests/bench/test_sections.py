"""Every `make bench` section, in its quick mode, still produces its figures: a benchmark that
stops working (as coldstart did when routing moved to the timeline outbox) fails `make test`.

Each section runs as `python -m bench --quick --only <section>` in its own interpreter, with
`make bench`'s environment rather than the test session's (its endpoint, stage and 1-second
redelivery). The figures themselves come from the full `make bench`; these only check their shape:
a row per figure, each carrying numbers, and the numbers in their possible range."""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import real_routing
from bench.__main__ import SECTIONS
from bench.coldstart import FUNCTIONS
from laportools import realdata

PROJECT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?|\bnan\b|\binf\b", re.IGNORECASE)


def bench_environment() -> dict[str, str]:
    """What `make bench` runs with: none of the test session's LAPOR_/AWS_ settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("LAPOR_", "AWS_"))}


def numbers(value: str) -> list[float]:
    """The numbers a row's value shows ("1,234 ms (1.05x)" -> [1234.0, 1.05]); nan stays nan."""
    return [float(match.replace(",", "")) for match in NUMBER.findall(value)]


def quick_rows(section: str, tmp_path: Path) -> dict[str, list[float]]:
    out = tmp_path / "rows.json"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--only", section, "--json", str(out)],
                          cwd=PROJECT, env=bench_environment(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = json.loads(out.read_text())
    assert rows, f"{section} produced no rows"
    figures = {metric: numbers(value) for metric, value in rows}
    for metric, values in figures.items():
        assert values and all(math.isfinite(v) for v in values), f"{section}: {metric} has no finite figure"
    return figures


def row(figures: dict[str, list[float]], starts: str) -> list[float]:
    [values] = [v for metric, v in figures.items() if metric.startswith(starts)]
    return values


def positive(values: list[float]) -> bool:
    return bool(values) and all(v > 0 for v in values)


def check_coldstart(figures: dict[str, list[float]]) -> None:
    milliseconds, ratio, cpu, cpu_ratio, fastest = row(figures, "cold start: minimal boto3 function")
    assert milliseconds > 0 and ratio == 1.0 and cpu > 0 and cpu_ratio == 1.0 and 0 < fastest <= cpu
    for function in FUNCTIONS:
        milliseconds, ratio, cpu, cpu_ratio, fastest, fastest_ratio, paired = row(figures, f"cold start: {function} ")
        assert milliseconds > 0 and ratio > 0 and cpu > 0 and cpu_ratio > 0, function
        assert 0 < fastest <= cpu and fastest_ratio > 0 and paired > 0, function
    load_before, load_after, cores, repeats = row(figures, "cold start: load average")
    assert load_before >= 0 and load_after >= 0 and cores >= 1 and repeats >= 1


def check_package_imports(figures: dict[str, list[float]]) -> None:
    [compiled] = row(figures, "package imports: bytecode files in the package")
    assert compiled > 1000  # every module of the package, botocore's and Chalice's too
    for function in ("api", "route_reports"):
        source, bytecode, ratio = row(figures, f"package imports: {function} ")
        assert source > 0 and bytecode > 0 and ratio > 0, function


def check_pipeline(figures: dict[str, list[float]]) -> None:
    for stage in ("intake", "routing"):
        assert positive(row(figures, f"{stage}: AWS requests per report"))
        rcu, wcu = figures[f"{stage}: RCU / WCU per report"]
        assert wcu > 0 and rcu >= 0, stage
    assert positive(row(figures, "local pipeline, submit->routed"))
    assert positive(row(figures, "raw boto3 put_item+send_message"))
    assert positive(row(figures, "cold import boto3")) and positive(row(figures, "cold import app"))
    # What one report costs each function (lapor-ops plan prices these per consumer).
    for function in ("api (submission)", "publish_timeline_events", "route_reports", "count_statistics"):
        dynamodb, sqs, sns, wcu, rcu = row(figures, f"per report (1.5 KB report): {function}")
        assert min(dynamodb, sqs, sns, wcu, rcu) >= 0 and dynamodb + sqs + sns > 0, function
    assert row(figures, "per report (1.5 KB report): publish_timeline_events")[2] > 0  # it publishes


def check_sweep(figures: dict[str, list[float]]) -> None:
    rcu = [v[-1] for metric, v in figures.items() if metric.startswith("sweep RCU,")]
    assert len(rcu) == 2 and all(units > 0 for units in rcu)
    assert row(figures, "sweep RCU ratio")[-1] > 0


def check_classifier(figures: dict[str, list[float]]) -> None:
    top1, top3, texts = row(figures, "classifier held-out top-1 / top-3")
    assert 0 < top1 <= top3 <= 1 and texts > 0
    assert positive(row(figures, "classifier latency p50 / p99"))
    assert positive(row(figures, "classifier model load"))
    precision, recall, threshold = row(figures, "duplicates precision / recall")
    assert 0 <= precision <= 1 and 0 <= recall <= 1 and 0 < threshold <= 1


def check_emulator(figures: dict[str, list[float]]) -> None:
    assert len(figures) == 4
    for metric, values in figures.items():
        before, after = values[-2:]
        assert before > 0 and after > 0, metric


def check_real_routing(figures: dict[str, list[float]]) -> None:
    if "real routing" in figures:  # no ../shared/data here: the section says so and measures nothing
        return
    right, left, wrong = row(figures, "real routing quick: right / left / wrong")[-3:]
    assert all(0 <= share <= 1 for share in (right, left, wrong)) and abs(right + left + wrong - 1) < 0.01


CHECKS = {"bench.real_routing": check_real_routing, "bench.coldstart": check_coldstart, "bench.pipeline": check_pipeline,
          "bench.package_imports": check_package_imports,
          "bench.sweep": check_sweep, "bench.classifier": check_classifier, "bench.emulator": check_emulator}


def test_every_section_has_its_check():
    assert set(CHECKS) == set(SECTIONS)


@pytest.mark.parametrize("section", SECTIONS)
def test_quick_section_produces_its_figures(section: str, tmp_path: Path) -> None:
    if section == "bench.real_routing" and not realdata.available():
        pytest.skip(real_routing.SKIP_MESSAGE)
    CHECKS[section](quick_rows(section, tmp_path))


def test_coldstart_measures_every_function_app_py_deploys(app) -> None:
    """A function added to app.py and left out of the benchmark would never show its cold start."""
    deployed = {"api"} | {source.handler_string.split(".")[-1] for source in app.app.event_sources}
    assert set(FUNCTIONS) == deployed
