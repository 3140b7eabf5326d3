"""The surge tool's accounting (`make surge`): it must notice a lost, a duplicated or a
dead-lettered report, and a small real surge through the whole local stack must come out clean."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from bench.surge import account, percentile

PROJECT = Path(__file__).resolve().parents[2]


def stored(status: str = "DITERUSKAN", at: float = 110.0) -> SimpleNamespace:
    return SimpleNamespace(status=status, updated_at=datetime.fromtimestamp(at, UTC))


def posted(index: int, status: int = 201, at: float = 100.0) -> dict:
    return {"index": index, "status": status, "posted_at": at, "latency": 0.1, "retries": 0}


def test_counts_lost_duplicated_and_dead_lettered_reports():
    results = [posted(0), posted(1), posted(2), posted(3, status=503)]
    counts = account(results, {0: [stored()], 2: [stored(), stored()]}, dead=1)
    assert counts["accepted"] == 3
    assert counts["lost"] == 1  # #1 was accepted and never stored; #3 was refused, so not lost
    assert counts["duplicated"] == 1  # #2 stored twice
    assert counts["on_dlq"] == 1
    assert counts["routed"] == 3


def test_disposition_latency_runs_from_the_post_to_the_routing_write():
    counts = account([posted(0, at=100.0), posted(1, at=100.0)],
                     {0: [stored(at=101.5)], 1: [stored(status="DITERIMA", at=100.2)]}, dead=0)
    assert counts["disposition_latencies"] == [1.5]  # a report left for admins has no disposition
    assert counts["left_for_admins"] == 1
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) in (2.0, 3.0)


def surge_environment() -> dict[str, str]:
    """What `make surge` runs with: not the test session's endpoint, stage or 1-second redelivery
    (under load a slow consumer would see its messages redelivered and dead-lettered)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("LAPOR_", "AWS_"))}


def test_a_small_surge_through_the_whole_local_stack_loses_nothing(tmp_path):
    figures = tmp_path / "surge.json"
    done = subprocess.run([sys.executable, "-m", "bench.surge", "--reports", "50", "--clients", "4",
                           "--raw-seconds", "1", "--drain-timeout", "300", "--json", str(figures)],
                          cwd=PROJECT, env=surge_environment(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(figures.read_text())
    assert result["accepted"] == 50 and result["rejected"] == 0
    assert (result["lost"], result["duplicated"], result["on_dlq"]) == (0, 0, 0)
    assert result["routed"] + result["left_for_admins"] == 50
    assert result["raw_rate"] > 0 and result["end_to_end"] > 0
    assert "submit->disposition p50" in done.stdout and "end to end >= 0.5x raw" in done.stdout
