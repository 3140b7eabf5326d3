"""The garbage collector during a cold start: rare collections while the function starts, then what
started frozen and Python's own thresholds back once the first event has been handled."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import gc, json, os, sys
default = gc.get_threshold()
import app
from chalicelib.shared import cold_start
starting = gc.get_threshold()
if os.environ.get("LAPOR_FUNCTION"):
    from laportools.local.runtime import LambdaContext
    result = getattr(app, os.environ["LAPOR_FUNCTION"])({"Records": []}, LambdaContext("count_statistics"))
    status = 200 if result == {"batchItemFailures": []} else 500
else:
    from chalice.test import Client
    with Client(app.app) as client:
        status = client.http.get("/api/v1/categories").status_code
first = (gc.get_threshold(), gc.get_freeze_count())
gc.collect()
print(json.dumps({"default": default, "starting": starting, "after": first[0], "frozen": first[1],
                  "status": status, "threshold": cold_start.COLD_START_THRESHOLD,
                  "frozen_after_a_collection": gc.get_freeze_count()}))
"""


@pytest.mark.parametrize("function", [None, "count_statistics"])
def test_the_start_collects_rarely_and_its_objects_are_frozen_after_the_first_event(function: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LAPOR_FUNCTION"}
    if function:
        env["LAPOR_FUNCTION"] = function
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert seen["starting"][0] == seen["threshold"] > seen["default"][0]  # while starting: rarely
    assert seen["after"] == seen["default"]  # after the first event: as Python does by default
    assert seen["frozen"] > 10_000  # the modules, models and indexes of the start
    assert seen["frozen_after_a_collection"] == seen["frozen"]  # a full collection leaves them be
