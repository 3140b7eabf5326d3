"""Surge test (`make surge N=10000`): a campaign's burst of reports against the whole local stack.

Starts the local stack in-process (moto server, Chalice API over HTTP, event runtime) on free
ports, posts N reports as fast as a bounded pool of HTTP clients can, waits until the pipeline
drains, and checks every accepted report: none lost, none stored twice. Not part of `make test`."""
from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any, Optional

PORT_RANGE = range(8400, 8500)
RETRIES = 3  # ports this project's hand-started stacks may use


def free_port(taken: set[int]) -> int:
    for port in PORT_RANGE:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    raise SystemExit("no free port in 8400-8499")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def payload(run: str, index: int) -> dict[str, Any]:
    return {
        "classification": "PENGADUAN",
        "title": f"Surge {run} #{index}: jalan berlubang",
        "body": f"Laporan uji lonjakan {run} nomor {index}: jalan berlubang besar dan membahayakan warga.",
        "incident_date": (date.today() - timedelta(days=1)).isoformat(),
        "region_code": "62.01",
        "category": "jalan_rusak",
    }


class Client(threading.local):
    def __init__(self) -> None:
        import requests

        self.session = requests.Session()


def submit_all(api_url: str, run: str, total: int, clients: int) -> tuple[list[dict[str, Any]], float]:
    local = Client()

    def one(index: int) -> dict[str, Any]:
        """A well-behaved client: on 5xx, 409 or a transport error it retries with the SAME
        Idempotency-Key (so a retry can never file a second report), at most RETRIES times."""
        started, retries = time.perf_counter(), 0
        key = str(uuid.uuid4())  # random: a guessable key is refused (intake/idempotency_keys.py)
        while True:
            try:
                response = local.session.post(f"{api_url}/api/v1/reports", json=payload(run, index), timeout=60,
                                              headers={"Idempotency-Key": key})
                status, body = response.status_code, (response.json() if response.content else {})
            except Exception as error:  # noqa: BLE001 - a transport failure counts as rejected
                status, body = 0, {"error": str(error)}
            if (status == 0 or status == 409 or status >= 500) and retries < RETRIES:
                retries += 1
                time.sleep(0.2 * retries)
                continue
            return {"index": index, "status": status, "latency": time.perf_counter() - started,
                    "retries": retries, "tracking_id": body.get("tracking_id") if status == 201 else None}

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(total)))
    return results, time.perf_counter() - started


def pipeline_busy() -> int:
    from laportools.ops import queues

    return sum(d.visible + d.in_flight + d.delayed for d in (queues.depth(queues.queue_url(k)) for k in queues.kinds()))


def wait_for_drain(timeout: float) -> float:
    started = time.perf_counter()
    quiet = 0
    while time.perf_counter() - started < timeout:
        quiet = quiet + 1 if pipeline_busy() == 0 else 0
        if quiet >= 3:  # three empty looks in a row: in-flight batches have finished too
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def audit(run: str, results: list[dict[str, Any]]) -> dict[str, int]:
    """Count stored reports of this run by their index: lost = accepted but not stored, duplicated
    = stored more than once. Scans the local table (a benchmark may; the app never does)."""
    from laportools.ops import queues
    from chalicelib.store.models import ReportRecord

    marker = f"Surge {run} #"
    stored: dict[int, list[Any]] = {}
    for record in ReportRecord.scan(ReportRecord.title.startswith(marker)):
        index = int(record.title[len(marker):].split(":", 1)[0])
        stored.setdefault(index, []).append(record)
    accepted = [r for r in results if r["status"] == 201]
    lost = sum(1 for r in accepted if r["index"] not in stored)
    duplicated = sum(len(v) - 1 for v in stored.values())
    routed = sum(1 for v in stored.values() for record in v if record.status != "DITERIMA")
    waiting = sum(1 for v in stored.values() for record in v if record.status == "DITERIMA")
    dead = sum(queues.depth(queues.dlq_url(k)).visible for k in queues.kinds())
    return {"lost": lost, "duplicated": duplicated, "routed": routed, "left_for_admins": waiting,
            "on_dlq": dead}


def run(total: int, clients: int, drain_timeout: float) -> int:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("werkzeug", "botocore", "urllib3", "lapor", "chalice"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    from laportools.local.stack import LocalStack

    taken: set[int] = set()
    stack = LocalStack(api_port=free_port(taken), aws_port=free_port(taken))
    info = stack.start()
    run_id = uuid.uuid4().hex[:8]
    print(f"Local stack up (API {info['api_url']}, AWS {info['aws_endpoint']}); posting {total} reports "
          f"with {clients} clients...", flush=True)
    try:
        results, submit_seconds = submit_all(info["api_url"], run_id, total, clients)
        drain_seconds = wait_for_drain(drain_timeout)
        counts = audit(run_id, results)
    finally:
        stack.stop()
    accepted = [r for r in results if r["status"] == 201]
    latencies = [r["latency"] * 1000 for r in accepted]
    rejected = len(results) - len(accepted)
    codes = statistics.multimode([r["status"] for r in results if r["status"] != 201]) if rejected else []
    total_seconds = submit_seconds + drain_seconds
    print(f"""
Surge of {total} reports, {clients} clients (run {run_id})
  accepted            {len(accepted)}
  rejected            {rejected}{f'  (most common status: {codes})' if codes else ''}
  client retries      {sum(r['retries'] for r in results)}  (5xx retried with the same Idempotency-Key)
  routed              {counts['routed']}  (+{counts['left_for_admins']} left for national admins: no rule matched)
  on dead-letter qs   {counts['on_dlq']}
  lost                {counts['lost']}
  duplicated          {counts['duplicated']}
  intake latency      p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, p99 {percentile(latencies, 99):.0f} ms
  submit time         {submit_seconds:.1f} s  ({len(accepted) / submit_seconds:.1f} reports/s accepted)
  drain time          {drain_seconds:.1f} s after the last post
  end to end          {len(accepted) / total_seconds:.1f} reports/s (submit + drain)
""", flush=True)
    ok = counts["lost"] == 0 and counts["duplicated"] == 0
    if not ok:
        print("FAILED: reports were lost or duplicated", file=sys.stderr)
    return 0 if ok else 1


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000, help="how many reports to post (default 10000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--drain-timeout", type=float, default=1800, help="seconds to wait for the pipeline")
    args = parser.parse_args(argv)
    return run(args.reports, args.clients, args.drain_timeout)


if __name__ == "__main__":
    sys.exit(main())
