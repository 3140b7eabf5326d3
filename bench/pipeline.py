"""Issue-2 figures: cold-start imports, AWS requests and capacity per report, local throughput."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import consumer_costs

PROJECT = Path(__file__).resolve().parents[1]
IMPORTS = ["boto3", "chalicelib.api.filing", "chalicelib.routing.handler", "app"]
SAMPLE = {
    "classification": "PENGADUAN", "title": "Jalan berlubang di depan pasar",
    "body": "Jalan di depan pasar berlubang besar dan membahayakan pengendara motor setiap malam.",
    "incident_date": "2026-11-01", "region_code": "62.01", "category": "jalan_rusak",
    "reporter": {"name": "Warga", "email": "warga@example.id"},
}
# What a campaign's complaints look like: several paragraphs (about 1.5 KB), an address.
TYPICAL = {
    **SAMPLE,
    "title": "Jalan berlubang besar di depan Pasar Kahayan membahayakan pengendara",
    "body": ("Sejak awal bulan jalan di depan Pasar Kahayan berlubang besar dengan diameter sekitar satu meter "
             "dan kedalaman hampir tiga puluh sentimeter. Saat hujan lubang tertutup genangan air sehingga "
             "tidak terlihat oleh pengendara motor. Minggu lalu dua pengendara terjatuh di lokasi ini dan salah "
             "satunya dibawa ke rumah sakit. Warga sudah menandai lubang dengan ranting dan ban bekas, tetapi "
             "tanda itu sering hilang terbawa arus kendaraan. ") * 3,
    "address": "Jl. Tjilik Riwut km 1, depan Pasar Kahayan, Palangka Raya",
}


def import_seconds(module: str, repeats: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    env = {**os.environ, "LAPOR_STAGE": "bench"}
    runs = [float(subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True,
                                 text=True, check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


FULL = {"import_repeats": 5, "samples": 20, "throughput_reports": 200}
# `python -m bench --quick`: a handful of reports, to prove the section still produces its figures.
QUICK = {"import_repeats": 1, "samples": 2, "throughput_reports": 5}


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Rows for `make bench`. Only a full run rewrites laportools/ops/measured-per-report.json (the
    figures `lapor-ops plan` prices): a quick run's handful of samples must not replace them."""
    size = QUICK if quick else FULL
    throughput_reports = size["throughput_reports"]
    rows = [(f"cold import {m}", f"{import_seconds(m, size['import_repeats']) * 1000:.0f} ms") for m in IMPORTS]
    from .environment import start

    server, meter, queues = start(quick=quick)
    try:
        from chalice.test import Client

        import app as app_module
        from laportools.local.runtime import EventRuntime

        runtime = EventRuntime(app_module.app, app_module, poll_seconds=0)
        consumers = runtime.consumers()
        client = Client(app_module.app)
        headers = {"Content-Type": "application/json"}

        def submit(body: dict[str, Any] = SAMPLE) -> str:
            response = client.http.post("/api/v1/reports", body=json.dumps(body), headers=headers)
            assert response.status_code == 201, response.body
            return json.loads(response.body)["tracking_id"]

        def drain() -> None:
            # The timeline stream (the outbox) first: it enqueues routing for each new report.
            while runtime.poll_streams() + sum(runtime.poll_once(c, wait_seconds=0) for c in consumers):
                pass

        drain()
        runtime.poll_streams()
        samples = size["samples"]
        measured: dict[str, Any] = {}
        for label, body in (("", SAMPLE), (" (1.5 KB report)", TYPICAL)):
            marker = meter.image_count()
            stages: dict[str, list[tuple[dict[str, int], float, float, float, float]]] = {
                "intake": [], "routing": [], "fanout": []}
            for _ in range(samples):
                for stage_name, step in (("intake", lambda body=body: submit(body)), ("routing", drain),
                                         ("fanout", runtime.poll_streams)):
                    meter.reset()
                    started = time.perf_counter()
                    step()
                    stages[stage_name].append((dict(meter.requests), meter.rcu, meter.wcu, meter.minimum_wcu,
                                               time.perf_counter() - started))
            for stage_name in ("intake", "routing"):
                stage = stages[stage_name]
                if not label:
                    rows.append((f"{stage_name}: AWS requests per report",
                                 ", ".join(f"{k} {v}" for k, v in sorted(stage[-1][0].items()))))
                rows.append((f"{stage_name}: RCU / WCU per report{label}",
                             f"{statistics.mean(s[1] for s in stage):.1f} / {statistics.mean(s[2] for s in stage):.1f}"))
            wcu = sum(statistics.mean(s[2] for s in stages[k]) for k in ("intake", "routing"))
            floor = sum(statistics.mean(s[3] for s in stages[k]) for k in ("intake", "routing"))
            rows.append((f"intake+routing WCU vs minimum{label}",
                         f"{wcu:.1f} / {floor:.1f} = {wcu / floor:.2f}x (minimum: same items, no indexes)"))
            measured["typical" if label else "short"] = {
                name: {"requests": _mean_requests([s[0] for s in stage]),
                       "rcu": round(statistics.mean(s[1] for s in stage), 3),
                       "wcu": round(statistics.mean(s[2] for s in stage), 3),
                       "minimum_wcu": round(statistics.mean(s[3] for s in stage), 3),
                       "local_seconds": round(statistics.median(s[4] for s in stage), 4)}
                for name, stage in stages.items()}
            measured["typical" if label else "short"]["stored_bytes"] = meter.stored_bytes_per_report(marker)
            # Per function, with the reports filed together (consumers then see real batches).
            per_function = consumer_costs.measure(runtime, meter, lambda body=body: submit(body), samples)
            measured["typical" if label else "short"]["consumers"] = per_function
            if label:
                rows += consumer_costs.rows(per_function, label)
        if not quick:
            write_measurements(measured)
        started = time.perf_counter()
        for _ in range(throughput_reports):
            submit()
        drain()
        pipeline_rate = throughput_reports / (time.perf_counter() - started)
        rows.append(("local pipeline, submit->routed (1 client)", f"{pipeline_rate:.0f} reports/s"))
        rows.append(("raw boto3 put_item+send_message", f"{raw_rate(queues, throughput_reports):.0f} writes/s"))
    finally:
        server.stop()
    return rows


MEASURED_FILE = PROJECT / "laportools" / "ops" / "measured-per-report.json"


def _mean_requests(samples: list[dict[str, int]]) -> dict[str, float]:
    names = sorted({name for sample in samples for name in sample})
    return {name: round(sum(s.get(name, 0) for s in samples) / len(samples), 3) for name in names}


def write_measurements(measured: dict[str, Any]) -> None:
    """The per-report figures `lapor-ops plan` prices (checked in, so the plan works anywhere)."""
    from datetime import date

    document = {
        "_comment": "Written by `make bench` (bench/pipeline.py): AWS requests, capacity units and local "
                    "seconds per report and stage, metered on the local stack by DynamoDB's sizing rules. "
                    "`short` is a 100-byte complaint, `typical` a 1.5 KB one. `fanout` is the timeline "
                    "stream's handler for the report's events (no agency webhook registered). `consumers`: per "
                    "function, what one report costs it when reports are filed together and drained "
                    "function by function (bench/consumer_costs.py).",
        "measured_on": date.today().isoformat(),
        **measured,
    }
    MEASURED_FILE.write_text(json.dumps(document, indent=2) + "\n")


def raw_rate(queues: dict[str, Any], count: int) -> float:
    import boto3

    from chalicelib.shared import config

    table = boto3.client("dynamodb")
    sqs = boto3.client("sqs")
    started = time.perf_counter()
    for i in range(count):
        table.put_item(TableName=config.resource_name("contacts"), Item={"tracking_id": {"S": f"RAW{i}"}})
        sqs.send_message(QueueUrl=queues["routing"]["dlq_url"], MessageBody="{}")
    return count / (time.perf_counter() - started)


if __name__ == "__main__":
    for name, value in run():
        print(f"{name:<45} {value}")
