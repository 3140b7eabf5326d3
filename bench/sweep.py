"""Benchmark of the deadline sweep: read capacity consumed by one sweep over 1,000 and over
100,000 open reports with the same number due (target ratio <= 1.1), and the seconds it took.

Uses the shared metered moto server (bench.environment / bench.awsmeter: capacity priced by
DynamoDB's sizing rules from the real request and response bodies; moto's own
ReturnConsumedCapacity is a flat 1.0 per call). Reports are loaded with batch writes.
`run()` measures in a child process, because PynamoDB fixes its endpoint when its models are
imported and another section may already have started (and stopped) its own server.

    python -m bench.sweep            # 1,000 and 100,000 open reports
    python -m bench.sweep 1000 10000 # quicker
    python -m bench.sweep --quick    # 100 and 200, 20 due, part of the directory (a check, not the figure)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

SIZES = (1_000, 100_000)
DUE = 100  # the same in both runs: half overdue (breach + escalation), half warned
# `python -m bench --quick`: the section still works (a check, not the figure).
QUICK_SIZES, QUICK_DUE = (100, 200), 20
NOW = datetime(2026, 1, 14, 3, 0, tzinfo=UTC)  # Wednesday 10:00 WIB, an ordinary week


def _reports(total: int, due: int = DUE) -> list[Any]:
    from chalicelib.domain import lifecycle
    from chalicelib.domain.model import Channel, Classification, Report, Status
    from chalicelib.domain.tracking import new_tracking_id

    out = []
    for n in range(total):
        if n < due // 2:
            routed = NOW - timedelta(days=8)  # follow-up deadline passed yesterday
        elif n < due:
            routed = NOW - timedelta(days=6)  # deadline tomorrow: inside the warning window
        else:
            routed = NOW - timedelta(hours=1)  # deadline next week: nothing due
        out.append(Report(
            tracking_id=new_tracking_id(), classification=Classification.PENGADUAN,
            title=f"Laporan uji beban {n}", body="Jalan berlubang di depan sekolah, membahayakan murid.",
            incident_date=date(2026, 1, 1), region_code="62.01", category="jalan_rusak", channel=Channel.API,
            created_at=routed - timedelta(hours=2), updated_at=routed, status=Status.DITERUSKAN,
            agency_id="pemda-62.01", deadline=lifecycle.deadline_for(lifecycle.DeadlineKind.FOLLOW_UP, routed),
            deadline_kind="FOLLOW_UP", version=1, reporter_token_hash="0" * 64,
        ))
    return out


def _load(total: int, due: int = DUE) -> float:
    from chalicelib.store.models import ReportRecord
    from chalicelib.store.reports import to_record
    from laportools.provision import create_tables

    if ReportRecord.exists():
        ReportRecord.delete_table()
    create_tables()
    records = [to_record(r) for r in _reports(total, due)]
    started = time.perf_counter()

    def write(chunk: list[Any]) -> None:
        with ReportRecord.batch_write() as batch:
            for record in chunk:
                batch.save(record)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, [records[i:i + 2_500] for i in range(0, len(records), 2_500)]))
    return time.perf_counter() - started


def measure(sizes: tuple[int, ...], quick: bool = False) -> dict[int, dict[str, Any]]:
    from .environment import start

    server, meter, _ = start("bench", quick=quick)
    due = QUICK_DUE if quick else DUE
    try:
        from chalicelib.deadlines.sweep import run_sweep
        from chalicelib.store.due import ReadCapacity

        results = {}
        for total in sizes:
            load_seconds = _load(total, due)
            meter.reset()
            own = ReadCapacity()
            started = time.perf_counter()
            result = run_sweep(NOW, inline_budget=due * 2, capacity=own)
            seconds = time.perf_counter() - started
            assert (result["due"], result["warned"], result["escalated"], result["conflicts"]) == (
                due, due // 2, due // 2, 0), result
            find = own.units.get("Query", 0.0)
            results[total] = {"due": due, "rcu": meter.rcu, "requests": dict(meter.requests), "seconds": seconds,
                              "load_seconds": load_seconds, "query_calls": own.calls.get("Query", 0),
                              "endpoint_query_units": find}
    finally:
        server.stop()
    return results


def rows(results: dict[int, dict[str, Any]]) -> list[tuple[str, str]]:
    small, large = (results[s] for s in sorted(results))
    out = []
    for total in sorted(results):
        r = results[total]
        reads = sum(v for k, v in r["requests"].items() if k in ("GetItem", "Query", "BatchGetItem", "Scan"))
        out += [
            (f"sweep RCU, {total:,} open reports, {r['due']} due", f"{r['rcu']:.1f}"),
            (f"sweep read requests, {total:,} open reports", str(reads)),
            (f"sweep seconds, {total:,} open reports", f"{r['seconds']:.2f}"),
            (f"load seconds, {total:,} reports (batch writes)", f"{r['load_seconds']:.1f}"),
        ]
    ratio = large["rcu"] / small["rcu"] if small["rcu"] else float("nan")
    out.append((f"sweep RCU ratio {max(results):,}/{min(results):,} (target <= 1.1)", f"{ratio:.3f}"))
    return out


def run(quick: bool = False) -> list[tuple[str, str]]:
    """Rows for `make bench` (measured in a child process; see the module docstring)."""
    sizes = [str(size) for size in (QUICK_SIZES if quick else SIZES)]
    child = subprocess.run([sys.executable, "-m", "bench.sweep", "--json", *(["--quick"] if quick else []), *sizes],
                           capture_output=True, text=True,
                           cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))), check=False)
    if child.returncode != 0:
        raise RuntimeError(f"bench.sweep failed:\n{child.stderr[-4000:]}")
    return [tuple(row) for row in json.loads(child.stdout.strip().splitlines()[-1])]  # type: ignore[misc]


def main(argv: list[str]) -> None:
    as_json = "--json" in argv
    quick = "--quick" in argv
    sizes = tuple(int(a) for a in argv if a.isdigit()) or (QUICK_SIZES if quick else SIZES)
    table = rows(measure(sizes, quick))
    if as_json:
        print(json.dumps(table))
        return
    for name, value in table:
        print(f"{name:<55} {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
