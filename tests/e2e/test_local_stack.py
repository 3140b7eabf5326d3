"""`make run`'s stack as a subprocess, driven over HTTP like a person with curl would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.fixtures.local_stack import PROJECT, start_stack, stop_stack, wait_for_status
from tests.fixtures.reports import report_payload

pytestmark = pytest.mark.e2e


def test_submit_see_it_routed_and_track_it(stack):
    api = stack["api_url"]
    assert stack["admin_api_key"].startswith("lpa_")
    response = requests.post(f"{api}/api/v1/reports", json=report_payload(
        region_code="62.01", category="jalan_rusak", anonim=True, reporter={"name": "Rahmat", "phone": "081234567890"}),
        timeout=60)
    assert response.status_code == 201, response.text
    receipt = response.json()
    public = wait_for_status(f"{api}/api/v1/reports/{receipt['tracking_id']}", "DITERUSKAN")
    assert public["agency"]["id"] == "dinas-62.01-public_works"
    assert "Rahmat" not in json.dumps(public)
    own = requests.get(f"{api}/api/v1/reports/{receipt['tracking_id']}",
                       headers={"Authorization": f"Bearer {receipt['reporter_token']}"}, timeout=60).json()
    assert own["reporter"]["name"] == "Rahmat"
    assert [e["to_status"] for e in own["timeline"]] == ["DITERIMA", "DITERUSKAN"]
    english = requests.post(f"{api}/api/v1/reports", json={"title": 1}, headers={"Accept-Language": "en"}, timeout=60)
    assert english.status_code == 422 and english.json()["error"]["message"] == "Some fields are not valid."


def test_ctrl_c_stops_cleanly_and_a_second_run_works(tmp_path):
    process, info = start_stack(tmp_path / "first" if (tmp_path / "first").mkdir() is None else tmp_path)
    assert stop_stack(process) == 0
    assert not Path(tmp_path / "first" / "local-stack.json").exists()
    second_dir = tmp_path / "second"
    second_dir.mkdir()
    process, info = start_stack(second_dir)
    try:
        assert requests.get(f"{info['api_url']}/api/v1/categories", timeout=60).status_code == 200
    finally:
        assert stop_stack(process) == 0


def _ops(stack_info: dict, tmp_path: Path, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LAPOR_"))}
    state = tmp_path / "ops-state.json"
    state.write_text(json.dumps(stack_info))
    env.update(LAPOR_STATE_FILE=str(state))
    done = subprocess.run([sys.executable, "-m", "laportools.ops", "--json", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sms_story_on_make_run(stack, tmp_path):
    """Issue 13's "done when": a simulated SMS files a report, the answer arrives in the outbox
    with the tracking ID, the agency's follow-up reaches the same number, BALAS lands."""
    api, number = stack["api_url"], "081298765432"
    filed = _ops(stack, tmp_path, "sms", "receive", "--from", number,
                 "LAPOR jalan rusak parah di depan SDN 3 Desa Sukamaju, banyak pengendara jatuh")
    (answer,) = filed["answers"]
    tid = answer["text"].split("ID ")[1].split(".")[0]
    admin = {"Authorization": f"Bearer {stack['admin_api_key']}"}
    agency = stack["demo_agency"]
    moved = requests.post(f"{api}/api/v1/admin/reports/{tid}/disposition", headers=admin, timeout=60,
                          json={"agency_id": agency["agency_id"], "category": "jalan_rusak"})
    assert moved.status_code == 200, moved.text
    followed = requests.post(f"{api}/api/v1/agency/reports/{tid}/follow-ups", timeout=60,
                             headers={"Authorization": f"Bearer {agency['api_key']}"},
                             json={"message": "Lubang sudah ditambal oleh UPT Jalan."})
    assert followed.status_code == 201, followed.text
    for _ in range(100):
        outbox = _ops(stack, tmp_path, "sms", "outbox", "--max", "5")
        if "Lubang sudah ditambal" in outbox[0]["text"]:
            break
        time.sleep(0.3)
    assert outbox[0]["to"] == "+6281298765432" and f"BALAS {tid}" in outbox[0]["text"]
    replied = _ops(stack, tmp_path, "sms", "receive", "--from", number, f"BALAS {tid} Terima kasih, sudah rata")
    assert [a["text"] for a in replied["answers"]] == [f"LAPOR! Tanggapan Anda untuk {tid} sudah diteruskan ke instansi."]
    view = requests.get(f"{api}/api/v1/admin/reports/{tid}", headers=admin, timeout=60).json()
    assert view["timeline"][-1]["action"] == "REPLY" and view["timeline"][-1]["message"] == "Terima kasih, sudah rata"
    page = requests.get(f"{api}/lokal/kotak-keluar", timeout=60)
    assert page.status_code == 200 and tid in page.text
