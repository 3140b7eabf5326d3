"""`make load`: the Locust scenario runs headless against a local stack it starts, mixes what a
campaign brings, and leaves its CSV and HTML reports."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_load_runs_the_campaign_scenario_and_saves_its_reports(tmp_path):
    env = {**os.environ, "LAPOR_STATE_FILE": str(tmp_path / "no-running-stack.json")}
    done = subprocess.run([sys.executable, "-m", "bench.load", "--users", "4", "--spawn-rate", "4",
                           "--duration", "15s", "--out", str(tmp_path / "load")],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with (tmp_path / "load" / "lapor_stats.csv").open() as rows:
        stats = {row["Name"]: row for row in csv.DictReader(rows)}
    assert int(stats["file report"]["Request Count"]) > 0
    assert int(stats["Aggregated"]["Failure Count"]) == 0
    assert (tmp_path / "load" / "lapor.html").stat().st_size > 0
