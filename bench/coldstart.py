"""Cold start per Lambda function, measured honestly.

Chalice makes `app.py` the handler module of every function, so a cold start is: a fresh
interpreter, `import app` (with the function's environment, as Lambda sets it), then the first
event handled against the real (local) endpoint. For each function this benchmark captures one
real event of its kind from a running pipeline, then times fresh interpreters from spawn to the
handler's return. Next to it, in the same run and on the same endpoint, the minimal boto3
function: a fresh interpreter that imports boto3 and makes one GetItem. Figures are ratios to it.

Every function `app.py` deploys is measured (FUNCTIONS must list them all: tests/bench checks it).
Deferring an import to the first call would not shrink these figures: the first event pays it.

Figures per function: medians over the interleaved repeats of the wall time (what the caller waits)
and of the child's CPU time (user + system, from wait4); the fastest CPU time; and the paired ratio:
every function run follows a baseline run of its own, and the median of those pairs' CPU ratios is
the figure that drift cannot move (see `table`). On a shared machine the wall time includes the time
spent waiting for a core, which hits every sample differently; the CPU time does not. The load
average is printed with the table.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
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
             "notify_reporters", "send_notifications", "count_statistics", "receive_sms",
             "sweep_deadlines", "sweep_due_batch", "export_open_data")
REPEATS = 9  # fresh interpreters per function in `make bench`
SHUFFLE_SEED = 9  # the interleaved runs' order is shuffled, the same way in every run
QUICK_REPEATS = 1  # `python -m bench --quick`: proves every function still cold-starts
SAMPLE = {
    "classification": "PENGADUAN", "title": "Jalan berlubang di depan pasar",
    "body": "Jalan di depan pasar berlubang besar dan membahayakan pengendara motor setiap malam.",
    "incident_date": "2026-11-01", "region_code": "62.01", "category": "jalan_rusak",
    "reporter": {"name": "Warga", "email": "warga@example.id"},  # so that notices are made and sent
}
SMS_TEXT = "Lampu jalan di Jl. Ahmad Yani depan masjid padam sejak seminggu, gelap dan rawan kecelakaan."
BASELINE = """
import sys, boto3
client = boto3.client("dynamodb")
client.get_item(TableName=sys.argv[1], Key={"tracking_id": {"S": "NONE"}})
"""
# The context is what Lambda's runtime passes (the attributes Powertools and Chalice read), made here
# rather than imported from the local runtime, whose modules a deployed function never loads.
CHILD = """
import json, sys, uuid
function, path = sys.argv[1], sys.argv[2]
class LambdaContext:
    function_version, memory_limit_in_mb, log_stream_name = "$LATEST", 512, "bench"
    def __init__(self, name):
        self.function_name, self.aws_request_id = name, str(uuid.uuid4())
        self.invoked_function_arn = "arn:aws:lambda:ap-southeast-3:123456789012:function:" + name
        self.log_group_name = "/aws/lambda/" + name
    def get_remaining_time_in_millis(self):
        return 60000
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
    events["count_statistics"] = sqs_events("statistics_events", repeats)
    events["receive_sms"] = _sms_events(repeats, sqs_events)
    routing = sqs_events("routing", 3 * repeats)
    events["route_reports"] = routing[:repeats]
    from chalicelib.delivery import subscriptions

    route = next(c for c in runtime.consumers() if c.name == "route_reports")
    for event in routing[repeats:]:  # routed here, as the routing stage would
        route.handler(event, LambdaContext("route_reports"))
    subscriptions.register(_routed_agency(tracking_ids), receiver_url)
    publish(stream_events(2 * repeats))  # DISPOSITION records: each makes a webhook delivery and a notice
    notices = sqs_events("notice_events", 2 * repeats)  # (SUBMIT makes no notice: the topic filters it out)
    events["notify_reporters"] = notices[:repeats]
    notify = next(c for c in runtime.consumers() if c.name == "notify_reporters")
    for event in notices[repeats:]:  # the notices the sender children send
        notify.handler(event, LambdaContext("notify_reporters"))
    events["send_notifications"] = sqs_events("notify", repeats)
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
    events["export_open_data"] = [{
        **event, "id": str(uuid.uuid4()),
        "resources": ["arn:aws:events:ap-southeast-3:123456789012:rule/open-data-export"]}
        for event in events["sweep_deadlines"]]
    return events


def _sms_events(count: int, sqs_events: Any) -> list[dict[str, Any]]:
    """Inbound SMS reports, each from its own number, as AWS two-way SMS publishes them."""
    from chalicelib.shared.aws import client as aws_client
    from chalicelib.shared.resources import SMS_INBOUND_TOPIC
    from chalicelib.sms.inbound import two_way_document

    sns = aws_client("sns")
    topic = sns.create_topic(Name=SMS_INBOUND_TOPIC.name)["TopicArn"]
    for _number in range(count):
        sender = f"+6281{uuid.uuid4().int % 10 ** 9:09d}"
        sns.publish(TopicArn=topic, Message=json.dumps(two_way_document(sender, SMS_TEXT, str(uuid.uuid4()))))
    return sqs_events("sms", count)


def _routed_agency(tracking_ids: list[str]) -> str:
    """The agency the sample reports were routed to (all go to the same one): the receiver of the
    deliveries the fan-out children make."""
    from chalicelib.store import reports as store

    agencies = {report.agency_id for report in map(store.get, tracking_ids) if report and report.agency_id}
    assert len(agencies) == 1, f"the sample reports were not routed to one agency: {agencies}"
    return agencies.pop()


def timed(argv: list[str], env: dict[str, str], cwd: Path = PROJECT) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh interpreter, from spawn to exit."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stderr_reader = _Drain(child.stderr)
    _Drain(child.stdout)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed:\n{stderr_reader.text()[-3000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


class _Drain:
    """Reads a child's pipe in a thread, so a chatty child never blocks on a full pipe."""

    def __init__(self, pipe: Any) -> None:
        import threading

        self._chunks: list[str] = []
        self._thread = threading.Thread(target=lambda: self._chunks.extend(pipe), daemon=True)
        self._thread.start()

    def text(self) -> str:
        self._thread.join(timeout=5)
        return "".join(self._chunks)


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
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in ("baseline", *FUNCTIONS)}
        pairs: dict[str, list[float]] = {name: [] for name in FUNCTIONS}  # CPU time / its baseline run's
        # LAPOR_BENCH_EVENTS_DIR keeps the captured events, to profile one function by hand.
        keep = os.environ.get("LAPOR_BENCH_EVENTS_DIR")
        load_before = os.getloadavg()[0]
        with (tempfile.TemporaryDirectory() if not keep else _existing(keep)) as folder:
            order = random.Random(SHUFFLE_SEED)
            for repeat in range(repeats):  # interleaved, so drift on a busy machine hits all alike
                # ...and shuffled, so no function always runs right after the heavy export (whose
                # endpoint work can still be settling) or always first; each function right after a
                # baseline run of its own, the pair's ratio taken within seconds
                for name in order.sample(FUNCTIONS, len(FUNCTIONS)):
                    samples["baseline"].append(timed(base_argv, env))
                    path = Path(folder) / f"{name}-{repeat}.json"
                    path.write_text(json.dumps(events[name][repeat]))
                    function_env = {**env, "LAPOR_FUNCTION": name}
                    samples[name].append(timed([sys.executable, "-c", CHILD, name, str(path)], function_env))
                    pairs[name].append(samples[name][-1][1] / samples["baseline"][-1][1])
        load_after = os.getloadavg()[0]
    finally:
        receiver.stop()
        server.stop()
    return table(samples, pairs, repeats, (load_before, load_after))


def table(samples: dict[str, list[tuple[float, float]]], pairs: dict[str, list[float]], repeats: int,
          load: tuple[float, float]) -> list[tuple[str, str]]:
    """Rows: each function's median wall and CPU time and their ratios to the baseline's, the ratio of the
    fastest CPU times, and the median of the paired ratios (each run's CPU time over the baseline run just
    before it). Another process on the machine only ever adds time to a run, so the fastest of the
    interleaved runs is the least disturbed figure of each (what `timeit` recommends); but this machine
    also drifts for tens of seconds at a time (the baseline alone read 243 to 491 ms within a minute), and
    a pair run seconds apart shares the drift, so the paired ratio is the one that holds still from run
    to run. The medians show how much the machine moved."""
    def medians(name: str) -> tuple[float, float]:
        return (statistics.median(wall for wall, _ in samples[name]),
                statistics.median(cpu for _, cpu in samples[name]))

    def fastest(name: str) -> float:
        return min(cpu for _, cpu in samples[name])

    wall0, cpu0 = medians("baseline")
    least0 = fastest("baseline")
    rows = [("cold start: load average (1 min) before / after", f"{load[0]:.2f} / {load[1]:.2f} on "
             f"{os.cpu_count()} cores; medians (and the fastest CPU time) of {repeats} interleaved runs, "
             "each after a baseline run"),
            ("cold start: minimal boto3 function (import + GetItem)",
             f"{wall0 * 1000:.0f} ms (1.00x); CPU {cpu0 * 1000:.0f} ms (1.00x); fastest CPU {least0 * 1000:.0f} ms")]
    for name in FUNCTIONS:
        wall, cpu = medians(name)
        least = fastest(name)
        rows.append((f"cold start: {name} (fresh process -> first event)",
                     f"{wall * 1000:.0f} ms ({wall / wall0:.2f}x); CPU {cpu * 1000:.0f} ms ({cpu / cpu0:.2f}x); "
                     f"fastest CPU {least * 1000:.0f} ms ({least / least0:.2f}x); "
                     f"paired CPU {statistics.median(pairs[name]):.2f}x"))
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
        def do_POST(self) -> None:
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
