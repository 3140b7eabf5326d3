"""`make run`'s stack as a subprocess, driven over HTTP like a person with curl would."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.conftest import free_port, report_payload

pytestmark = pytest.mark.e2e
PROJECT = Path(__file__).resolve().parents[2]


def start_stack(tmp_path: Path) -> tuple[subprocess.Popen, dict]:
    state = tmp_path / "local-stack.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LAPOR_"))}
    env.update(LAPOR_STATE_FILE=str(state), LAPOR_API_PORT=str(free_port()), LAPOR_AWS_PORT=str(free_port()),
               PYTHONUNBUFFERED="1")
    log = open(tmp_path / "stack.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "laportools.local.stack"], cwd=PROJECT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):  # bounded wait for start-up (seeding ~5,000 agencies)
        if state.exists():
            return process, json.loads(state.read_text())
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise AssertionError("local stack did not start:\n" + (tmp_path / "stack.log").read_text()[-3000:])


def stop_stack(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=180)  # generous: a loaded CI machine stops slower


@pytest.fixture()
def stack(tmp_path: Path) -> Iterator[dict]:
    process, info = start_stack(tmp_path)
    try:
        yield info
    finally:
        if process.poll() is None:
            stop_stack(process)


def wait_for_status(url: str, status: str, headers: dict | None = None) -> dict:
    for _ in range(150):
        view = requests.get(url, headers=headers, timeout=10).json()
        if view["status"] == status:
            return view
        time.sleep(0.2)
    raise AssertionError(f"never reached {status}: {view}")


def test_submit_see_it_routed_and_track_it(stack):
    api = stack["api_url"]
    assert stack["admin_api_key"].startswith("lpa_")
    response = requests.post(f"{api}/api/v1/reports", json=report_payload(
        region_code="62.01", category="jalan_rusak", anonim=True, reporter={"name": "Rahmat", "phone": "081234567890"}),
        timeout=10)
    assert response.status_code == 201, response.text
    receipt = response.json()
    public = wait_for_status(f"{api}/api/v1/reports/{receipt['tracking_id']}", "DITERUSKAN")
    assert public["agency"]["id"] == "dinas-62.01-public_works"
    assert "Rahmat" not in json.dumps(public)
    own = requests.get(f"{api}/api/v1/reports/{receipt['tracking_id']}",
                       headers={"Authorization": f"Bearer {receipt['reporter_token']}"}, timeout=10).json()
    assert own["reporter"]["name"] == "Rahmat"
    assert [e["to_status"] for e in own["timeline"]] == ["DITERIMA", "DITERUSKAN"]
    english = requests.post(f"{api}/api/v1/reports", json={"title": 1}, headers={"Accept-Language": "en"}, timeout=10)
    assert english.status_code == 422 and english.json()["error"]["message"] == "Some fields are not valid."


def test_ctrl_c_stops_cleanly_and_a_second_run_works(tmp_path):
    process, info = start_stack(tmp_path / "first" if (tmp_path / "first").mkdir() is None else tmp_path)
    assert stop_stack(process) == 0
    assert not Path(tmp_path / "first" / "local-stack.json").exists()
    second_dir = tmp_path / "second"
    second_dir.mkdir()
    process, info = start_stack(second_dir)
    try:
        assert requests.get(f"{info['api_url']}/api/v1/categories", timeout=10).status_code == 200
    finally:
        assert stop_stack(process) == 0
