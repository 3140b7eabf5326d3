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

PROJECT = Path(__file__).resolve().parents[1]
IMPORTS = ["boto3", "chalicelib.api.citizen", "chalicelib.routing.handler", "app"]
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


def run(throughput_reports: int = 200) -> list[tuple[str, str]]:
    rows = [(f"cold import {m}", f"{import_seconds(m) * 1000:.0f} ms") for m in IMPORTS]
    from .environment import start

    server, meter, queues = start()
    try:
        import app as app_module
        from chalice.test import Client

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
            while sum(runtime.poll_once(c, wait_seconds=0) for c in consumers):
                pass

        drain()
        samples = 20
        for label, body in (("", SAMPLE), (" (1.5 KB report)", TYPICAL)):
            intake: list[tuple[dict[str, int], float, float, float]] = []
            routing: list[tuple[dict[str, int], float, float, float]] = []
            for _ in range(samples):
                meter.reset()
                submit(body)
                intake.append((dict(meter.requests), meter.rcu, meter.wcu, meter.minimum_wcu))
                meter.reset()
                drain()
                routing.append((dict(meter.requests), meter.rcu, meter.wcu, meter.minimum_wcu))
            for stage_name, stage in (("intake", intake), ("routing", routing)):
                if not label:
                    requests = stage[-1][0]
                    rows.append((f"{stage_name}: AWS requests per report",
                                 ", ".join(f"{k} {v}" for k, v in sorted(requests.items()))))
                rows.append((f"{stage_name}: RCU / WCU per report{label}",
                             f"{statistics.mean(s[1] for s in stage):.1f} / {statistics.mean(s[2] for s in stage):.1f}"))
            wcu = statistics.mean(s[2] for s in intake) + statistics.mean(s[2] for s in routing)
            floor = statistics.mean(s[3] for s in intake) + statistics.mean(s[3] for s in routing)
            rows.append((f"intake+routing WCU vs minimum{label}",
                         f"{wcu:.1f} / {floor:.1f} = {wcu / floor:.2f}x (minimum: same items, no indexes)"))
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
