"""The operator CLI against moto's server (the `aws` fixture): same code path as a deployed stage,
with `--endpoint-url` pointing at moto instead of AWS."""
from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from infra.lapor_infra import profiles
from laportools.ops import cli
from tests.fixtures.settings import Env


def ops(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = cli.main(["--stage", "test", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def all_commands(parser: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                found += all_commands(sub, prefix + (name,))
    return found


def test_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    commands = all_commands(cli.build_parser())
    assert len(commands) >= 14
    for command in commands:
        with pytest.raises(SystemExit) as done:
            cli.main([*command, "--help"])
        assert done.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_issue_list_and_revoke_an_agency_key(aws: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    from chalicelib.store.credentials import authenticate
    from chalicelib.store.models import AgencyRecord

    agency = next(iter(AgencyRecord.scan(limit=1))).agency_id
    code, issued = ops(capsys, "keys", "issue", "--agency", agency)
    assert code == 0 and issued["key"].startswith("lpk_")
    assert authenticate(issued["key"]).owner == agency
    code, listed = ops(capsys, "keys", "list", agency)
    assert issued["key_id"] in {row["key_id"] for row in listed}
    assert all("key" not in row for row in listed)
    code, _ = ops(capsys, "keys", "revoke", agency, issued["key_id"])
    assert code == 0 and authenticate(issued["key"]) is None
    assert ops(capsys, "keys", "revoke", agency, "nope")[0] == 1


def test_issue_refuses_an_unknown_agency(aws: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert ops(capsys, "keys", "issue", "--agency", "no-such-agency")[0] == 2


def test_directory_seed_is_idempotent(aws: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    first = ops(capsys, "directory", "seed")[1]
    second = ops(capsys, "directory", "seed")[1]
    assert first == second and first["agencies"] > 0


def test_inspect_and_replay_a_dead_letter_queue(aws: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    from chalicelib.shared.aws import client
    from chalicelib.shared.queues import QUEUES

    sqs, kind = client("sqs"), QUEUES[-1].kind
    urls = aws["queues"][kind]
    marker = f"ops-test-{uuid.uuid4().hex}"
    sqs.send_message(QueueUrl=urls["dlq_url"], MessageBody=json.dumps({"marker": marker}))
    code, listed = ops(capsys, "dlq", "list")
    assert set(listed) == {q.kind for q in QUEUES} and listed[kind] >= 1
    code, shown = ops(capsys, "dlq", "show", kind)
    assert any(marker in m["body"] for m in shown)
    assert ops(capsys, "dlq", "replay", kind)[1]["replayed"] == 0  # without --yes: counts only
    code, replayed = ops(capsys, "dlq", "replay", kind, "--yes")
    assert code == 0 and replayed["replayed"] >= 1
    moved = sqs.receive_message(QueueUrl=urls["url"], MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    mine = [m for m in moved if marker in m["Body"]]
    assert len(mine) == 1
    for message in mine:  # leave the queue as we found it for the other tests
        sqs.delete_message(QueueUrl=urls["url"], ReceiptHandle=message["ReceiptHandle"])
    assert ops(capsys, "dlq", "show", "unknown-queue")[0] == 2


def test_status_shows_queue_depths_and_table_counts(aws: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, status = ops(capsys, "status")
    assert code == 0
    names = {q["queue"] for q in status["queues"]}
    assert "lapor-test-routing" in names and "lapor-test-routing-dlq" in names
    assert status["items"]["lapor-test-agencies"] > 0


def test_sweep_now_calls_run_sweep(aws: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    sweep = pytest.importorskip("chalicelib.deadlines.sweep")
    calls = []
    monkeypatch.setattr(sweep, "run_sweep", lambda now=None, **_: calls.append(now) or {"warned": 0})
    code, result = ops(capsys, "sweep")
    assert code == 0 and calls == [None] and result == {"warned": 0}


def test_profile_switch_shows_a_diff_then_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scaling.json"
    shutil.copy(profiles.PROFILES_FILE, path)
    before = path.read_text()
    code = cli.main(["--json", "profile", "switch", "campaign", "--stage", "prod", "--profiles-file", str(path)])
    diff = json.loads(capsys.readouterr().out)
    assert code == 0 and diff["from"] == "normal" and not diff["applied"]
    assert {"setting": "api.throttle_rate", "from": 50, "to": 300} in diff["changes"]
    assert path.read_text() == before
    cli.main(["profile", "switch", "campaign", "--stage", "prod", "--apply", "--profiles-file", str(path)])
    assert "make deploy STAGE=prod" in capsys.readouterr().out
    assert profiles.active("prod", path).name == "campaign"
    assert profiles.active("staging", path).name == "normal"
    assert cli.main(["profile", "switch", "nope", "--profiles-file", str(path)]) == 2


def test_profile_environment_feeds_the_consumer_settings(env: Env) -> None:
    from chalicelib.shared import config, queues

    campaign = profiles.get("campaign")
    for name, value in campaign.environment(["routing"]).items():
        env.set(name, value)
    env.unset("LAPOR_QUEUE_ARN_ROUTING")
    source = queues.consumer("routing")
    assert source["queue"] == config.resource_name("routing")
    assert source["batch_size"] == campaign.consumer("routing").batch_size
    assert source["maximum_concurrency"] == campaign.consumer("routing").max_concurrency
    env.set("LAPOR_QUEUE_ARN_ROUTING", "arn:aws:sqs:ap-southeast-3:123456789012:lapor-prod-routing")
    assert "queue" not in queues.consumer("routing")


def test_local_stage_without_a_running_stack_says_how_to_start_it(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["status", "--state-file", str(tmp_path / "missing.json")])
    assert code == 2 and "make run" in capsys.readouterr().err


def test_sms_receive_goes_through_the_topic_and_sms_outbox_lists_the_answer_newest_first(
        aws: dict[str, Any], runtime: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")  # the handlers' metrics print on stdout too

    from tests.fixtures.runtime import drain
    from tests.fixtures.sms import fresh_number

    number = fresh_number()
    stop = threading.Event()

    def lambda_runtime() -> None:  # what `make run` does in the background
        while not stop.is_set():
            drain(runtime)
            stop.wait(0.3)

    worker = threading.Thread(target=lambda_runtime, daemon=True)
    worker.start()
    try:
        code, out = ops(capsys, "sms", "receive", "--from", number, "--wait", "20",
                        "LAPOR Jembatan kayu di Dusun Krajan ambruk, anak sekolah memutar 3 km")
    finally:
        stop.set()
        worker.join(timeout=10)
    assert code == 0 and out["from"] == "+62" + number[1:]
    # The filing answer; a routing notice may follow at once now that the router reads the text.
    answer = next(a for a in out["answers"] if a["text"].startswith("LAPOR! Laporan diterima, ID "))
    code, listed = ops(capsys, "sms", "outbox", "--max", "5")
    assert code == 0 and answer["text"] in [m["text"] for m in listed]
