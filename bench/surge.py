"""Surge test (`make surge N=10000`): a campaign's burst of reports against the whole local stack.

Starts the local stack (the AWS endpoint in its own process; the Chalice API over HTTP and the
event runtime with the `campaign` profile's consumer scaling in this one) on free ports, measures
the raw boto3 put_item + send_message rate on that endpoint, posts N reports as fast as a bounded
pool of HTTP clients can, waits until the pipeline drains, and checks every accepted report: none
lost, none stored twice, nothing on a dead-letter queue. Prints the throughput against the raw
rate and the submit-to-disposition latency. Not part of `make test` (a small run is)."""
from __future__ import annotations

import argparse
import json
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
from pathlib import Path
from typing import Any

RETRIES = 3
PROGRESS_EVERY = 1000


def free_port() -> int:
    """A port the OS says is free now (two surges or a test running at once never collide)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _mix() -> tuple[list[str], list[str]]:
    """Every regency and every category of the built-in catalogue, for a nationwide mix."""
    import csv
    import json as json_module

    data = Path(__file__).resolve().parents[1] / "chalicelib" / "data"
    with (data / "regions" / "regencies.csv").open(encoding="utf-8") as rows:
        regions = [row["code"] for row in csv.DictReader(rows)]
    categories = [c["code"] for c in json_module.loads((data / "categories.json").read_text(encoding="utf-8"))]
    return regions, categories


WEBHOOK_SHARE = 20  # every 20th report goes to the demo agency, whose system receives webhooks


def payload(run: str, index: int) -> dict[str, Any]:
    """A campaign brings reports from everywhere about everything: regions and categories cycle
    through the catalogue, and one report in WEBHOOK_SHARE concerns the demo agency (62.01,
    jalan_rusak), so its webhook integration carries a share of the surge, as integrated
    agencies would."""
    regions, categories = _MIX
    if index % WEBHOOK_SHARE == 0:
        region, category = "62.01", "jalan_rusak"
    else:
        region, category = regions[index % len(regions)], categories[index % len(categories)]
    return {
        "classification": "PENGADUAN",
        "title": f"Surge {run} #{index}: laporan warga",
        "body": f"Laporan uji lonjakan {run} nomor {index}: masalah layanan publik yang membahayakan warga.",
        "incident_date": (date.today() - timedelta(days=1)).isoformat(),
        "region_code": region,
        "category": category,
    }


_MIX = _mix()


class Client(threading.local):
    def __init__(self) -> None:
        import requests

        self.session = requests.Session()


def submit_all(api_url: str, run: str, total: int, clients: int) -> tuple[list[dict[str, Any]], float]:
    local = Client()

    def one(index: int) -> dict[str, Any]:
        """A well-behaved client: on 5xx, 409 or a transport error it retries with the SAME
        Idempotency-Key (so a retry can never file a second report), at most RETRIES times."""
        started, retries, posted_at = time.perf_counter(), 0, time.time()
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
            if index and index % PROGRESS_EVERY == 0:
                print(f"  ... {index} posted", flush=True)
            return {"index": index, "status": status, "latency": time.perf_counter() - started,
                    "posted_at": posted_at,
                    "retries": retries, "tracking_id": body.get("tracking_id") if status == 201 else None}

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(total)))
    return results, time.perf_counter() - started


def submit_in_own_process(api_url: str, run: str, total: int, clients: int) -> tuple[list[dict[str, Any]], float]:
    """The clients run in a process of their own (as real clients would), so their HTTP work
    does not take the interpreter lock from the API and the pollers they are measuring."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(submit_all, (api_url, run, total, clients))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def pipeline_busy() -> int:
    from laportools.ops import queues

    return sum(d.visible + d.in_flight + d.delayed for d in (queues.depth(queues.queue_url(k)) for k in queues.kinds()))


def wait_for_drain(timeout: float, runtime: Any = None) -> float:
    """Until every queue is empty and every stream consumer has read its stream to the end (the
    timeline stream is what asks routing, webhooks, notifications and statistics)."""
    started = time.perf_counter()
    quiet = 0
    while time.perf_counter() - started < timeout:
        idle = pipeline_busy() == 0 and (runtime is None or runtime.streams_caught_up())
        quiet = quiet + 1 if idle else 0
        if quiet >= 3:  # three empty looks in a row: in-flight batches have finished too
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def account(results: list[dict[str, Any]], stored: dict[int, list[Any]], dead: int) -> dict[str, Any]:
    """The surge's verdict from what clients were told and what the tables hold. `stored` maps a
    report's index to the stored records carrying it (`.status`, `.updated_at`): lost = accepted
    but not stored, duplicated = stored more than once; a routed report's disposition moment (its
    `updated_at`) minus the moment its client posted it is its submit-to-disposition latency."""
    accepted = [r for r in results if r["status"] == 201]
    posted = {r["index"]: r["posted_at"] for r in accepted}
    routed = [record for records in stored.values() for record in records if record.status != "DITERIMA"]
    latencies = [max(0.0, record.updated_at.timestamp() - posted[index])
                 for index, records in stored.items() if index in posted
                 for record in records if record.status != "DITERIMA" and record.updated_at is not None]
    return {
        "accepted": len(accepted),
        "lost": sum(1 for r in accepted if r["index"] not in stored),
        "duplicated": sum(len(v) - 1 for v in stored.values()),
        "routed": len(routed),
        "left_for_admins": sum(1 for v in stored.values() for record in v if record.status == "DITERIMA"),
        "on_dlq": dead,
        "disposition_latencies": latencies,
    }


def audit(run: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Reads back this run's reports by their index (a Scan of the local table: a benchmark may;
    the app never does) and every dead-letter queue's depth."""
    from chalicelib.store.models import ReportRecord
    from laportools.ops import queues

    marker = f"Surge {run} #"
    stored: dict[int, list[Any]] = {}
    for record in ReportRecord.scan(ReportRecord.title.startswith(marker),
                                    attributes_to_get=["title", "status", "updated_at"]):
        index = int(record.title[len(marker):].split(":", 1)[0])
        stored.setdefault(index, []).append(record)
    per_queue = {k: queues.depth(queues.dlq_url(k)).visible for k in queues.kinds()}
    dead = sum(per_queue.values())
    if dead:
        print(f"dead letters by queue: {per_queue}", file=sys.stderr, flush=True)
    return account(results, stored, dead)


def raw_rate(seconds: float = 10.0, clients: int = 1) -> float:
    """put_item + send_message pairs per second through plain boto3 on the same endpoint, on a
    scratch table and queue (deleted afterwards) shaped like the smallest useful write."""
    import boto3

    dynamodb, sqs = boto3.client("dynamodb"), boto3.client("sqs")
    name = f"lapor-local-rawrate-{uuid.uuid4().hex[:6]}"
    dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]
    ends = time.perf_counter() + seconds
    counts = [0] * clients

    def loop(slot: int) -> None:
        table, queue_client = boto3.client("dynamodb"), boto3.client("sqs")
        while time.perf_counter() < ends:
            key = f"{slot}-{counts[slot]}"
            table.put_item(TableName=name, Item={"id": {"S": key}, "body": {"S": "x" * 200}})
            queue_client.send_message(QueueUrl=queue, MessageBody=json.dumps({"id": key}))
            counts[slot] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(loop, range(clients)))
    rate = sum(counts) / (time.perf_counter() - started)
    dynamodb.delete_table(TableName=name)
    sqs.delete_queue(QueueUrl=queue)
    return rate


class _WithoutMetrics:
    """stdout minus Powertools' metric documents (EMF JSON, one per handler call or per 100
    values): thousands of them would bury the figures. Everything else passes through."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return len(text) if text.startswith('{"_aws"') else self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run(total: int, clients: int, drain_timeout: float, profile: str = "campaign",
        raw_seconds: float = 10.0) -> dict[str, Any]:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    logging.basicConfig(level=logging.ERROR)
    for noisy in ("werkzeug", "botocore", "urllib3", "lapor", "chalice"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    sys.stdout = _WithoutMetrics(sys.stdout)
    from chalice.local import ChaliceRequestHandler

    from laportools.local.stack import LocalStack

    ChaliceRequestHandler.log_message = lambda *args, **kwargs: None  # one line per POST is noise here

    stack = LocalStack(api_port=free_port(), aws_port=0, profile=profile)
    info = stack.start()
    run_id = uuid.uuid4().hex[:8]
    try:
        raw_before = raw_rate(raw_seconds)
        print(f"Local stack up (API {info['api_url']}, AWS {info['aws_endpoint']} in process {info['aws_pid']}, "
              f"profile {profile}); raw boto3 put_item+send_message: {raw_before:.0f}/s; posting {total} reports "
              f"with {clients} clients...", flush=True)
        cpu_before = (cpu_seconds(info["aws_pid"]), cpu_seconds(os.getpid()))
        results, submit_seconds = submit_in_own_process(info["api_url"], run_id, total, clients)
        drain_seconds = wait_for_drain(drain_timeout, stack.runtime)
        cpu = (cpu_seconds(info["aws_pid"]) - cpu_before[0], cpu_seconds(os.getpid()) - cpu_before[1])
        counts = audit(run_id, results)
        pollers = {g.consumer.name: g.peak for g in stack.runtime.poller_groups}
        # Measured again after the surge: the machine's load changes during a long run, and the
        # target compares with what the endpoint did on average.
        raw_after = raw_rate(raw_seconds)
        raw = (raw_before + raw_after) / 2
    finally:
        stack.stop()
    accepted = counts["accepted"]
    latencies = [r["latency"] * 1000 for r in results if r["status"] == 201]
    disposition = counts.pop("disposition_latencies")
    rejected = len(results) - accepted
    codes = statistics.multimode([r["status"] for r in results if r["status"] != 201]) if rejected else []
    total_seconds = submit_seconds + drain_seconds
    end_to_end = accepted / total_seconds if total_seconds else 0.0
    ratio = end_to_end / raw if raw else 0.0
    ok = counts["lost"] == 0 and counts["duplicated"] == 0 and counts["on_dlq"] == 0 and accepted == total

    def mark(good: bool) -> str:
        return "ok" if good else "MISSED"

    latency = (f"p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
               f"p99 {percentile(latencies, 99):.0f} ms")
    to_disposition = (f"p50 {percentile(disposition, 50):.2f} s, p95 {percentile(disposition, 95):.2f} s, "
                      f"max {max(disposition, default=float('nan')):.2f} s")
    raw_line = (f"{raw:.1f} put_item+send_message/s (1 client, same endpoint: {raw_before:.1f} before, "
                f"{raw_after:.1f} after the surge)")
    cpu_per_report = (f"endpoint {cpu[0] / max(accepted, 1) * 1000:.1f} ms, "
                      f"API + pollers {cpu[1] / max(accepted, 1) * 1000:.1f} ms"
                      f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"""
Surge of {total} reports, {clients} clients (run {run_id}, profile {profile})
  accepted            {accepted}
  rejected            {rejected}{f'  (most common status: {codes})' if codes else ''}
  client retries      {sum(r['retries'] for r in results)}  (5xx retried with the same Idempotency-Key)
  routed              {counts['routed']}  (+{counts['left_for_admins']} left for national admins: no rule matched)
  on dead-letter qs   {counts['on_dlq']}
  lost                {counts['lost']}
  duplicated          {counts['duplicated']}
  pollers (peak)      {', '.join(f'{k} {v}' for k, v in pollers.items())}
  intake latency      {latency}
  submit->disposition {to_disposition}
  submit time         {submit_seconds:.1f} s  ({accepted / submit_seconds:.1f} reports/s accepted)
  drain time          {drain_seconds:.1f} s after the last post
  end to end          {end_to_end:.1f} reports/s (submit + drain)
  raw boto3 rate      {raw_line}
  CPU per report      {cpu_per_report}
Targets
  0 lost, 0 duplicated, 0 on DLQs       {mark(ok)}
  end to end >= 0.5x raw                {ratio:.2f}x  {mark(ratio >= 0.5)}
""", flush=True)
    if not ok:
        print("FAILED: reports were rejected, lost, duplicated or dead-lettered", file=sys.stderr)
    return {**counts, "rejected": rejected, "end_to_end": end_to_end, "raw_rate": raw, "ratio": ratio,
            "disposition_p50": percentile(disposition, 50), "disposition_p95": percentile(disposition, 95),
            "pollers": pollers, "ok": ok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000, help="how many reports to post (default 10000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients (default 16)")
    parser.add_argument("--drain-timeout", type=float, default=1800, help="seconds to wait for the pipeline")
    parser.add_argument("--profile", default="campaign", help="scaling profile of the consumers (default campaign)")
    parser.add_argument("--raw-seconds", type=float, default=10.0, help="how long to measure the raw boto3 rate")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures = run(args.reports, args.clients, args.drain_timeout, args.profile, args.raw_seconds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
