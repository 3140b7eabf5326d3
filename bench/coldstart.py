"""Cold start per Lambda function, measured honestly.

Chalice makes `app.py` the handler module of every function, so a cold start is: a fresh
interpreter, `import app` (with the function's environment, as Lambda sets it), then the first
event handled against the real (local) endpoint. For each function this benchmark captures one
real event of its kind from a running pipeline, then times fresh interpreters from spawn to the
handler's return. Next to it, in the same run and on the same endpoint, the minimal boto3
function: a fresh interpreter that imports boto3 and makes one GetItem. Figures are ratios to it.

Deferring an import to the first call would not shrink these figures: the first event pays it.
"""
from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
FUNCTIONS = ("api", "publish_timeline_events", "route_reports", "fan_out_webhooks", "deliver_webhooks",
             "sweep_deadlines", "sweep_due_batch")
REPEATS = 5  # fresh interpreters per function in `make bench`
QUICK_REPEATS = 1  # `python -m bench --quick`: proves every function still cold-starts
SAMPLE = {
    "classification": "PENGADUAN", "title": "Jalan berlubang di depan pasar",
    "body": "Jalan di depan pasar berlubang besar dan membahayakan pengendara motor setiap malam.",
    "incident_date": "2026-11-01", "region_code": "62.01", "category": "jalan_rusak",
}
BASELINE = """
import sys, boto3
client = boto3.client("dynamodb")
client.get_item(TableName=sys.argv[1], Key={"tracking_id": {"S": "NONE"}})
"""
CHILD = """
import json, sys
from laportools.local.runtime import LambdaContext
function, path = sys.argv[1], sys.argv[2]
event = json.loads(open(path).read())
import app
handler = app.app if function == "api" else getattr(app, function)
result = handler(event, LambdaContext(function))
if function == "api":
    assert result["statusCode"] == 200, result
elif isinstance(result, dict) and result.get("batchItemFailures"):
    raise SystemExit(f"{function} failed: {result}")
"""


def api_event(tracking_id: str) -> dict[str, Any]:
    """An API Gateway (REST, proxy) request for the public view of one report."""
    template, path = "/api/v1/reports/{tracking_id}", f"/api/v1/reports/{tracking_id}"
    headers = {"Accept": "application/json", "Host": "localhost"}
    return {
        "resource": template, "path": path, "httpMethod": "GET", "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()}, "queryStringParameters": None,
        "multiValueQueryStringParameters": None, "pathParameters": {"tracking_id": tracking_id},
        "stageVariables": None, "body": None, "isBase64Encoded": False,
        "requestContext": {"resourcePath": template, "httpMethod": "GET", "path": f"/api{path}", "stage": "api",
                           "requestId": str(uuid.uuid4()), "identity": {"sourceIp": "127.0.0.1"}},
    }


def capture_events(app_module: Any, runtime: Any, client: Any, receiver_url: str,
                   repeats: int = REPEATS) -> dict[str, list[dict[str, Any]]]:
    """`repeats` real events per function, taken from the pipeline as Lambda would see it."""
    from chalicelib.shared import config, queues
    from chalicelib.shared.aws import client as aws_client
    from laportools.local.runtime import LambdaContext, StreamConsumer, sqs_record

    events: dict[str, list[dict[str, Any]]] = {name: [] for name in FUNCTIONS}
    headers = {"Content-Type": "application/json"}
    tracking_ids = []
    # Reports for: the routing children (left unrouted), the fan-out children, the deliveries.
    for _ in range(3 * repeats):
        response = client.http.post("/api/v1/reports", body=json.dumps(SAMPLE), headers=headers)
        assert response.status_code == 201, response.body
        tracking_ids.append(json.loads(response.body)["tracking_id"])
    events["api"] = [api_event(t) for t in tracking_ids[:repeats]]

    def sqs_events(kind: str, count: int, action: str | None = None) -> list[dict[str, Any]]:
        """The queue's next messages (of timeline events with `action`, when given), one per event."""
        sqs = aws_client("sqs")
        url = queues.url(kind)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        out: list[dict[str, Any]] = []
        while len(out) < count:
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                           VisibilityTimeout=600).get("Messages", [])
            assert messages, f"no {kind} message to capture"
            out += [{"Records": [sqs_record(m, arn)]} for m in messages
                    if action is None or json.loads(m["Body"]).get("action") == action]
        return out[:count]

    reader = next(c for c in runtime.stream_consumers() if c.name == "publish_timeline_events")

    def publish(records: list[dict[str, Any]]) -> None:
        """What the timeline stream's reader does with them: each event to the consumers' queues."""
        for event in records:
            reader.handler(event, LambdaContext("publish_timeline_events"))

    def stream_events(count: int) -> list[dict[str, Any]]:
        """The timeline stream's next records, one per event, left unhandled by the runtime."""
        captured: list[dict[str, Any]] = []
        for consumer in runtime.stream_consumers():
            capture = StreamConsumer(consumer.name, consumer.stream_arn, 1,
                                     lambda event, _context: captured.append(event) or {})
            while len(captured) < count and runtime.poll_stream_once(capture):
                pass
        return captured

    submits = stream_events(3 * repeats)  # the SUBMIT records: routing hears them through the topic
    events["publish_timeline_events"] = submits[:repeats]
    publish(submits)
    routing = sqs_events("routing", 3 * repeats)
    events["route_reports"] = routing[:repeats]
    from chalicelib.delivery import subscriptions

    route = next(c for c in runtime.consumers() if c.name == "route_reports")
    for event in routing[repeats:]:  # routed here, as the routing stage would
        route.handler(event, LambdaContext("route_reports"))
    subscriptions.register(_routed_agency(tracking_ids), receiver_url)
    publish(stream_events(2 * repeats))  # DISPOSITION records: each makes a webhook delivery
    dispositions = sqs_events("webhook_events", 2 * repeats, action="DISPOSITION")
    events["fan_out_webhooks"] = dispositions[:repeats]
    fan_out = next(c for c in runtime.consumers() if c.name == "fan_out_webhooks")
    for event in dispositions[repeats:]:
        fan_out.handler(event, LambdaContext("fan_out_webhooks"))
    events["deliver_webhooks"] = sqs_events("delivery", repeats)
    events["sweep_deadlines"] = [{
        "version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": config.region(), "resources": ["arn:aws:events:ap-southeast-3:123456789012:rule/deadline-sweep"],
        "detail": {}} for _ in range(repeats)]
    from chalicelib.deadlines.sweep import fan_out
    from chalicelib.shared import clock

    fan_out(tracking_ids, clock.now(), uuid.uuid4().hex)
    events["sweep_due_batch"] = sqs_events("sweep", 1) * repeats
    return events


def _routed_agency(tracking_ids: list[str]) -> str:
    """The agency the sample reports were routed to (all go to the same one): the receiver of the
    deliveries the fan-out children make."""
    from chalicelib.store import reports as store

    agencies = {report.agency_id for report in map(store.get, tracking_ids) if report and report.agency_id}
    assert len(agencies) == 1, f"the sample reports were not routed to one agency: {agencies}"
    return agencies.pop()


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=PROJECT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed:\n{result.stderr[-3000:]}")
    return elapsed


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Rows for `make bench`; `quick` takes one sample per function (a check that each still
    cold-starts and handles its event, not a figure to quote)."""
    from .environment import start

    repeats = QUICK_REPEATS if quick else REPEATS
    # A stage where loopback receivers may be allowed, and allowed: the deliveries go to this machine.
    os.environ["LAPOR_WEBHOOK_ALLOW_LOOPBACK"] = "1"
    server, _meter, _queues = start(stage="test", quick=quick)
    receiver = _start_receiver()
    try:
        from chalice.test import Client

        import app as app_module
        from chalicelib.shared import config
        from laportools.local.runtime import EventRuntime

        runtime = EventRuntime(app_module.app, app_module, poll_seconds=0)
        with Client(app_module.app) as client:
            events = capture_events(app_module, runtime, client, receiver.url, repeats)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        base_argv = [sys.executable, "-c", BASELINE, config.resource_name("contacts")]
        samples: dict[str, list[float]] = {name: [] for name in ("baseline", *FUNCTIONS)}
        # LAPOR_BENCH_EVENTS_DIR keeps the captured events, to profile one function by hand.
        keep = os.environ.get("LAPOR_BENCH_EVENTS_DIR")
        with (tempfile.TemporaryDirectory() if not keep else _existing(keep)) as folder:
            for repeat in range(repeats):  # interleaved, so drift on a busy machine hits all alike
                samples["baseline"].append(timed(base_argv, env))
                for name in FUNCTIONS:
                    path = Path(folder) / f"{name}-{repeat}.json"
                    path.write_text(json.dumps(events[name][repeat]))
                    function_env = {**env, "LAPOR_FUNCTION": name}
                    samples[name].append(timed([sys.executable, "-c", CHILD, name, str(path)], function_env))
    finally:
        receiver.stop()
        server.stop()
    baseline = statistics.median(samples["baseline"])
    rows = [("cold start: minimal boto3 function (import + GetItem)", f"{baseline * 1000:.0f} ms (1.00x)")]
    for name in FUNCTIONS:
        value = statistics.median(samples[name])
        rows.append((f"cold start: {name} (fresh process -> first event)",
                     f"{value * 1000:.0f} ms ({value / baseline:.2f}x)"))
    return rows


@contextlib.contextmanager
def _existing(folder: str) -> Iterator[str]:
    Path(folder).mkdir(parents=True, exist_ok=True)
    yield folder


def _start_receiver() -> Any:
    """A loopback agency endpoint that answers 204 (what the deliveries are sent to)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server's name
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Receiver:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"

        @staticmethod
        def stop() -> None:
            server.shutdown()

    return Receiver()


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric:<60} {value}")
