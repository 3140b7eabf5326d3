"""Local data survives a restart of `make run`'s stack: a clean stop (Ctrl-C) keeps everything, a
SIGKILL keeps everything up to the last snapshot (issue 10). Driven over HTTP as a person would."""
from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import requests

from tests.fixtures.local_stack import start_stack, stop_stack, wait_for_status
from tests.fixtures.reports import report_payload

pytestmark = pytest.mark.e2e
INTERVAL = "1"  # seconds between snapshots in this test (5 by default)


def file_report(api: str) -> dict:
    response = requests.post(f"{api}/api/v1/reports", json=report_payload(), timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def reporter_view(api: str, receipt: dict) -> requests.Response:
    return requests.get(f"{api}/api/v1/reports/{receipt['tracking_id']}",
                        headers={"Authorization": f"Bearer {receipt['reporter_token']}"}, timeout=10)


def test_data_survives_a_clean_stop_and_a_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runs = [tmp_path / f"run{i}" for i in range(3)]
    for run in runs:
        run.mkdir()

    process, info = start_stack(runs[0], data, LAPOR_SNAPSHOT_SECONDS=INTERVAL)
    first = file_report(info["api_url"])
    wait_for_status(f"{info['api_url']}/api/v1/reports/{first['tracking_id']}", "DITERUSKAN")
    admin = {"Authorization": f"Bearer {info['admin_api_key']}"}
    last_filed = file_report(info["api_url"])  # filed just before Ctrl-C: the final snapshot keeps it
    assert stop_stack(process) == 0
    assert (data / "aws.pickle").exists()

    process, info = start_stack(runs[1], data, LAPOR_SNAPSHOT_SECONDS=INTERVAL)
    try:
        api = info["api_url"]
        assert reporter_view(api, first).json()["status"] == "DITERUSKAN"
        assert reporter_view(api, last_filed).status_code == 200
        wait_for_status(f"{api}/api/v1/reports/{last_filed['tracking_id']}", "DITERUSKAN")  # routed after restart
        assert requests.get(f"{api}/api/v1/admin/queue", headers=admin, timeout=10).status_code == 200  # keys kept
        second = file_report(api)
        accepted = time.time()
        for _ in range(150):  # wait for a snapshot taken after it was accepted (interval: 1 s)
            if (data / "aws.pickle").stat().st_mtime > accepted + 0.1:
                break
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    process, info = start_stack(runs[2], data, LAPOR_SNAPSHOT_SECONDS=INTERVAL)
    try:
        api = info["api_url"]
        assert reporter_view(api, second).status_code == 200  # survived the SIGKILL
        assert reporter_view(api, first).status_code == 200
    finally:
        assert stop_stack(process) == 0

