"""What one report costs each function of the pipeline, metered on the local stack.

Reports are filed together (as a campaign files them), then the pipeline is drained one function
at a time: the timeline stream's reader, then each queue consumer, one batch per metered poll, until
nothing is left. Every poll that handled messages is metered alone, so its AWS requests, read and
write units land on the function that made them; polls that found nothing are left out (Lambda's
own pollers make those whatever the traffic). Time is kept twice: wall seconds, and the CPU
seconds of the thread that ran the handler (the local AWS endpoint runs in other threads), which
a machine shared with other work inflates far less. Divided by the reports filed, these are the
per-report figures `lapor-ops plan` prices per consumer (measured-per-report.json, `consumers`),
for the part of a lifecycle the local pipeline runs on its own: the submission and its routing
(a report's SUBMIT and DISPOSITION events through every consumer).
"""
from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from .awsmeter import Meter

API = "api (submission)"
READER = "publish_timeline_events"


class Tally:
    """One function's metered totals over the measured reports."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.rcu = self.wcu = self.minimum_wcu = self.seconds = self.cpu_seconds = 0.0
        self.invocations = 0
        self.records = 0

    def add(self, meter: Meter, seconds: float, cpu_seconds: float, records: int) -> None:
        self.requests.update(meter.requests)
        self.rcu += meter.rcu
        self.wcu += meter.wcu
        self.minimum_wcu += meter.minimum_wcu
        self.seconds += seconds
        self.cpu_seconds += cpu_seconds
        self.invocations += 1
        self.records += records

    def per_report(self, reports: int) -> dict[str, Any]:
        return {"requests": {name: round(count / reports, 3) for name, count in sorted(self.requests.items())},
                "rcu": round(self.rcu / reports, 3), "wcu": round(self.wcu / reports, 3),
                "minimum_wcu": round(self.minimum_wcu / reports, 3),
                "invocations": round(self.invocations / reports, 3), "records": round(self.records / reports, 3),
                "local_seconds": round(self.seconds / reports, 4),
                "cpu_seconds": round(self.cpu_seconds / reports, 4)}


def _metered(meter: Meter, tally: Tally, step: Callable[[], int]) -> int:
    meter.reset()
    started, cpu_started = time.perf_counter(), time.thread_time()
    handled = step()
    if handled:
        tally.add(meter, time.perf_counter() - started, time.thread_time() - cpu_started, handled)
    return handled


def measure(runtime: Any, meter: Meter, submit: Callable[[], str], reports: int) -> dict[str, dict[str, Any]]:
    """Per function: requests, RCU, WCU, invocations and local seconds one report costs."""
    consumers = runtime.consumers()
    readers = runtime.stream_consumers()
    tallies: dict[str, Tally] = {API: Tally(), **{r.name: Tally() for r in readers},
                                 **{c.name: Tally() for c in consumers}}
    for _ in range(reports):
        _metered(meter, tallies[API], lambda: submit() and 1)
    for _ in range(1000):  # rounds until a whole round finds nothing
        seen = 0
        for reader in readers:
            while _metered(meter, tallies[reader.name], lambda r=reader: runtime.poll_stream_once(r)):
                seen += 1
        for consumer in consumers:
            while _metered(meter, tallies[consumer.name], lambda c=consumer: runtime.poll_once(c, wait_seconds=0)):
                seen += 1
        if not seen:
            break
    return {name: tally.per_report(reports) for name, tally in tallies.items() if tally.invocations}


def rows(consumers: dict[str, dict[str, Any]], label: str = "") -> list[tuple[str, str]]:
    """`make bench` rows: per function, the requests and units one report costs."""
    out = []
    for name, figures in consumers.items():
        requests = figures["requests"]
        dynamodb = sum(v for k, v in requests.items() if "." not in k)
        queue = sum(v for k, v in requests.items() if k.startswith("SQS."))
        published = requests.get("SNS.messages", 0)
        out.append((f"per report{label}: {name}",
                    f"{dynamodb:.1f} DynamoDB + {queue:.1f} SQS + {published:.1f} SNS requests, "
                    f"{figures['wcu']:.1f} WCU, {figures['rcu']:.1f} RCU"))
    total_wcu = sum(f["wcu"] for f in consumers.values())
    out.append((f"per report{label}: all functions", f"{total_wcu:.1f} WCU, "
                f"{sum(f['rcu'] for f in consumers.values()):.1f} RCU, "
                f"{statistics.fsum(f['invocations'] for f in consumers.values()):.2f} invocations"))
    return out
