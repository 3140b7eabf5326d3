"""The router learns from the desk: each decision on a report the router left or got wrong is stored
(redacted), `lapor-ops model export` writes them as JSONL, `make model CORRECTIONS=FILE` reads them as
training rows; routing events name the model version, and operators pin an earlier one (roll back)."""
from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from chalicelib.classify import model as classifier_model
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.model import Actor, Role, Status
from chalicelib.domain.privacy import Audience
from chalicelib.reports import admin_actions
from chalicelib.reports import read as reports_query
from chalicelib.reports.perform import perform
from chalicelib.shared import clock
from chalicelib.store import model_pin
from chalicelib.store import reports as store
from laportools import model as builder
from laportools.ops import cli

UNCLEAR = dict(title="Mohon bantuannya bapak ibu", category="lainnya",
               body="saya mau tanya saja bagaimana ya caranya, hubungi saya 081234567890 terima kasih")


def ops(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["--stage", "test", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], *args])
    return code, capsys.readouterr().out


def exported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    now = clock.now()
    out = tmp_path / "corrections.jsonl"
    code, _ = ops(capsys, "model", "export", "--since", (now - timedelta(days=1)).isoformat(),
                  "--until", (now + timedelta(days=1)).isoformat(), "--out", str(out))
    assert code == 0
    by_report: dict[str, list[dict[str, Any]]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_report.setdefault(row["tracking_id"], []).append(row)
    return by_report


def test_desk_decisions_flow_into_the_export_and_the_training_rows(submit, drain_queues, capsys, tmp_path):
    left = submit(**UNCLEAR)  # the router leaves it to a person
    declined = submit()  # routed, then the agency says "bukan wewenang"
    amended = submit()  # routed; staff correct the topic
    drain_queues()
    admin_actions.disposition("admin-1", left["tracking_id"], "dinas-62.01-public_works", category="jalan_rusak",
                              staff_id="sari")
    first = store.get(declined["tracking_id"])
    perform(declined["tracking_id"], Action.NOT_AUTHORITY, Actor(Role.AGENCY, first.agency_id), message="Bukan kami",
            prepare=lambda _: {"agency_id": None})
    admin_actions.disposition("admin-1", declined["tracking_id"], "dinas-62.01-education", category="layanan_sekolah")
    admin_actions.amend("admin-1", amended["tracking_id"], {"category": "drainase_banjir"})
    admin_actions.amend("admin-1", amended["tracking_id"], {"rahasia": True})  # not a topic: teaches nothing
    rows = exported(capsys, tmp_path)
    [row] = rows[left["tracking_id"]]
    assert row["kind"] == "disposition" and row["category"] == "jalan_rusak" and row["staff_id"] == "sari"
    assert row["agency_id"] == "dinas-62.01-public_works" and row["region_code"] == "62.01"
    assert row["router_category"] and row["model_version"] == classifier_model.current_version()
    assert "081234567890" not in row["text"] and "[TELEPON]" in row["text"]  # redacted as for the public
    assert row["decided_at"] and row["actor"] == "ADMIN:admin-1"
    [row] = rows[declined["tracking_id"]]
    assert row["kind"] == "forward_after_not_authority" and row["agency_id"] == "dinas-62.01-education"
    [row] = rows[amended["tracking_id"]]
    assert row["kind"] == "amend" and row["category"] == "drainase_banjir"
    assert row["router_agency_id"] == "dinas-62.01-public_works"
    training = builder.read_corrections(tmp_path / "corrections.jsonl")
    assert ("jalan_rusak", rows[left["tracking_id"]][0]["text"]) in training
    assert ("drainase_banjir", rows[amended["tracking_id"]][0]["text"]) in training


def test_a_retried_decision_is_stored_once(submit, drain_queues, capsys, tmp_path):
    receipt = submit(**UNCLEAR)
    drain_queues()
    report = admin_actions.disposition("admin-1", receipt["tracking_id"], "dinas-62.01-public_works")
    from chalicelib.reports.corrections import learn_from

    event = store.timeline(report.tracking_id)[-1]  # the use case retried after its write: the same event
    learn_from("disposition", report, report, event, Actor(Role.ADMIN, "admin-1"))
    assert len(exported(capsys, tmp_path)[receipt["tracking_id"]]) == 1


@pytest.mark.parametrize("line, error", [
    ("{not json", "not JSON"),
    ('["a list"]', "expected an object"),
    ('{"category": "ufo", "text": "x"}', "unknown category"),
])
def test_a_broken_export_file_stops_the_build_naming_the_line(tmp_path, line, error):
    path = tmp_path / "c.jsonl"
    path.write_text('{"category": "jalan_rusak", "text": "jalan rusak"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        builder.read_corrections(path)
    assert f"{path}:2" in str(stopped.value) and error in str(stopped.value)


def test_lines_without_a_topic_teach_nothing(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"category": null, "text": "a"}\n{"category": "lainnya", "text": "b"}\n\n'
                    '{"category": "sampah", "text": "   "}\n{"category": "sampah", "text": "sampah numpuk"}\n',
                    encoding="utf-8")
    assert builder.read_corrections(path) == [("sampah", "sampah numpuk")]


def test_export_refuses_an_empty_range(capsys):
    code = cli.main(["--stage", "test", "--endpoint-url", os.environ["AWS_ENDPOINT_URL"], "model", "export",
                     "--since", "2026-02-01", "--until", "2026-01-01"])
    assert code == 2 and "is not before" in capsys.readouterr().err


def test_operators_pin_an_earlier_model_and_routing_events_name_it(submit, drain_queues, capsys, tmp_path,
                                                                     monkeypatch):
    earlier = "0123456789abcdef"
    versions = tmp_path / "versions"
    (versions / earlier).mkdir(parents=True)
    shutil.copyfile(classifier_model.MODEL_FILE, versions / earlier / "categories.ftz")
    shutil.copyfile(classifier_model.VOCABULARY_FILE, versions / earlier / "vocabulary.json")
    monkeypatch.setattr(classifier_model, "VERSIONS_DIR", versions)
    newest = classifier_model.current_version()
    code, out = ops(capsys, "model", "versions")
    assert code == 0 and newest in out and earlier in out and "PINNED" not in out
    assert ops(capsys, "model", "pin", "fedcba9876543210")[0] == 2  # not shipped: refused
    try:
        code, out = ops(capsys, "model", "pin", earlier)
        assert code == 0 and earlier in out and model_pin.pinned(fresh=True) == earlier
        pinned = submit(title="jln rusak parah", body="jalan rusak parah berlubang di depan pasar", category=None)
        drain_queues()
        event = reports_query.render(store.get(pinned["tracking_id"]), Audience.ADMIN)["timeline"][-1]
        assert event["details"]["model_version"] == earlier
    finally:
        assert ops(capsys, "model", "pin", "--newest")[0] == 0
    assert model_pin.pinned(fresh=True) is None
    again = submit(title="jln rusak parah", body="jalan rusak parah berlubang di depan pasar", category=None)
    drain_queues()
    event = reports_query.render(store.get(again["tracking_id"]), Audience.ADMIN)["timeline"][-1]
    assert event["details"]["model_version"] == newest
    assert store.get(again["tracking_id"]).status is Status.DITERUSKAN


TRAINER = Path(builder.TRAINER_PYTHON)
RETRAIN = """
import json, sys
from pathlib import Path
from laportools import model as builder
fasttext = builder._trainer()
from chalicelib.classify.normalise import tokens
rows = [(code, text) for code, text in builder.corpus_rows() if code in ("jalan_rusak", "sampah", "pdam")][:300]
if sys.argv[3] == "with":
    rows += builder.read_corrections(Path(sys.argv[1])) * 20
small = {**builder.PARAMS, "lr": 0.1, "epoch": 20, "dim": 8}  # a small model: the loop, not the accuracy
model = builder.load_cached(builder.train_cached(fasttext, rows, small))
ranked = dict(model.predict(" ".join(tokens(sys.argv[2], model.vocabulary)), k=-1))
print(json.dumps({"top": max(ranked, key=ranked.get), "pdam": ranked.get("pdam", 0.0)}))
"""


@pytest.mark.skipif(not TRAINER.exists(), reason="needs the trainer venv (`make model` creates .venv/trainer)")
def test_an_exported_correction_changes_what_a_retrained_model_answers(tmp_path):
    """The export's lines, read by make model's reader, are training rows the retrained model learns from."""
    import subprocess

    path = tmp_path / "corrections.jsonl"
    phrase = "kerincing blorong gemeretak di gang kami"  # words no training row has
    path.write_text(json.dumps({"kind": "amend", "category": "pdam", "text": phrase,
                                "region_code": "62.71", "agency_id": "pdam-62.71"}) + "\n", encoding="utf-8")
    answers = {}
    for which in ("without", "with"):  # a process each: fastText's second training in one process diverges (NaN)
        done = subprocess.run([str(TRAINER), "-c", RETRAIN, str(path), phrase, which], cwd=builder.ROOT,
                              capture_output=True, text=True,
                              env={"PYTHONPATH": str(builder.ROOT), "PATH": "/usr/bin:/bin"}, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        answers[which] = json.loads(done.stdout.strip().splitlines()[-1])
    assert answers["with"]["top"] == "pdam" and answers["with"]["pdam"] > answers["without"]["pdam"], answers
