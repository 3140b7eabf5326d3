"""The open-data export against moto's S3: public reports by month and statistics as CSV and
JSON with a dictionary, licence and manifest; rahasia reports and personal data never in them."""
from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import requests
from hypothesis import HealthCheck, given, settings

from chalicelib.domain import lifecycle
from chalicelib.domain.lifecycle import Action
from chalicelib.domain.measures import ALL_MONTHS
from chalicelib.domain.model import (
    Actor,
    Channel,
    Classification,
    Contact,
    Report,
    Role,
)
from chalicelib.domain.timeline import TimelineEvent
from chalicelib.domain.tracking import new_tracking_id
from chalicelib.opendata import dictionary, export
from chalicelib.opendata.settings import PREFIX
from chalicelib.reports.perform import perform
from chalicelib.shared.aws import client
from chalicelib.shared.resources import PUBLIC_BUCKET
from chalicelib.store import reports as store
from chalicelib.store.models import ReportRecord
from tests.fixtures.dynamodb_calls import count_calls
from tests.fixtures.personal_data import Secrets, fillers, secrets, survivors

AT = datetime(2018, 5, 7, 2, 0, tzinfo=UTC)


def file(body: str, *, rahasia: bool = False, name: str = "Rahmat Hidayat", at: datetime = AT) -> str:
    report = Report(tracking_id=new_tracking_id(), classification=Classification.PENGADUAN, title="Pungli di kantor",
                    body=body, incident_date=date(2018, 5, 1), region_code="62.01", category="jalan_rusak",
                    channel=Channel.WEB, created_at=at, updated_at=at, rahasia=rahasia,
                    deadline=lifecycle.deadline_for(lifecycle.INITIAL_DEADLINE, at), deadline_kind="VERIFICATION",
                    reporter_token_hash="x")
    store.create(report, Contact(name=name), TimelineEvent(seq=1, at=at, action=Action.SUBMIT,
                                                           actor=Actor(Role.REPORTER, "r"), from_status=None,
                                                           to_status=report.status))
    return report.tracking_id


def read(name: str) -> bytes:
    return client("s3").get_object(Bucket=PUBLIC_BUCKET.name, Key=PREFIX + name)["Body"].read()


def test_export_writes_public_reports_statistics_dictionary_and_licence(api, aws, drain_queues):
    public = file("Petugas meminta uang. Hubungi Rahmat Hidayat di 081234567890 atau rahmat@contoh.id.")
    secret = file("Rahasia sekali: nama pejabat disebut di sini.", rahasia=True)
    perform(public, Action.DISPOSITION, Actor(Role.SYSTEM, "router"), prepare=lambda r: {"agency_id": "pemda-62.01"},
            now=AT)
    drain_queues()
    result = export.export(months=["2018-05"])
    assert result["reports"] >= 1

    rows = list(csv.DictReader(io.StringIO(read("reports-2018-05.csv").decode("utf-8"))))
    ids = {r["tracking_id"] for r in rows}
    assert public in ids and secret not in ids
    mine = next(r for r in rows if r["tracking_id"] == public)
    assert mine["body"] == "Petugas meminta uang. Hubungi [NAMA] di [TELEPON] atau [EMAIL]."
    assert mine["agency_id"] == "pemda-62.01" and mine["status"] == "DITERUSKAN" and mine["anonim"] == "false"
    assert list(rows[0]) == export.REPORT_FIELDS == [c for c, _ in dictionary.REPORT_COLUMNS]
    as_json = json.loads(read("reports-2018-05.json"))
    assert {r["tracking_id"] for r in as_json} == ids and "Rahasia sekali" not in read("reports-2018-05.json").decode()

    statistics = list(csv.DictReader(io.StringIO(read("statistics.csv").decode("utf-8"))))
    may = [r for r in statistics if r["kind"] == "regency" and r["id"] == "62.01" and r["month"] == "2018-05"]
    assert may and int(may[0]["received"]) >= 2 and list(statistics[0]) == export.STATISTICS_FIELDS
    # only months with figures are asked about and written (no test files a report in July 2013)
    counted = export.counted_months("2012-01", "2018-12")
    assert "2018-05" in counted and "2013-07" not in counted
    assert {r["month"] for r in statistics} - {ALL_MONTHS} <= set(export.counted_months("2012-01", "2026-12"))
    assert json.loads(read("data-dictionary.json"))["licence"] == "CC-BY-4.0"
    assert "CC BY 4.0" in read("LICENSE.txt").decode()
    manifest = json.loads(read("manifest.json"))
    assert {"reports-2018-05.csv", "statistics.json", "LICENSE.txt"} <= {f["name"] for f in manifest["files"]}

    page = api.http.get("/data-terbuka")
    assert page.status_code == 200 and "reports-2018-05.csv" in page.body.decode()
    download = api.http.get("/data-terbuka/reports-2018-05.csv")
    assert download.status_code == 303
    fetched = requests.get(download.headers["Location"], timeout=10)
    assert fetched.status_code == 200 and public in fetched.text
    assert api.http.get("/data-terbuka/..%2Fsecret").status_code == 404
    assert api.http.get("/data-terbuka/nope.csv").status_code == 404


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(found=secrets, words=fillers)
def test_no_personal_data_in_exported_rows(aws, found: Secrets, words):
    at = datetime(2017, 3, 6, 2, 0, tzinfo=UTC)
    tracking_id = file(found.text(words), name=found.name, at=at)
    rows = [r for r in export.report_rows("2017-03") if r["tracking_id"] == tracking_id]
    assert len(rows) == 1
    assert survivors(export.to_csv(rows, export.REPORT_FIELDS).decode("utf-8"), found) == []
    assert survivors(json.loads(export.to_json(rows)), found) == []


def test_a_month_of_reports_is_read_in_batches_not_one_request_per_report(aws, monkeypatch):
    at = datetime(2016, 8, 3, 2, 0, tzinfo=UTC)
    filed = {file(f"Laporan nomor {n} tentang jalan berlubang.", at=at) for n in range(5)}
    calls = count_calls(monkeypatch)
    rows = export.report_rows("2016-08")
    assert filed <= {row["tracking_id"] for row in rows}
    assert calls["GetItem"] == 0  # the reports, their contacts and support counts come in batches
    assert calls["BatchGetItem"] <= 3


def test_follow_up_counts_come_from_the_reports_and_older_reports_from_their_timeline(aws, monkeypatch):
    at = datetime(2016, 9, 5, 2, 0, tzinfo=UTC)
    agency = Actor(Role.AGENCY, "pemda-62.01")
    counted, legacy = file("Jalan berlubang di depan pasar.", at=at), file("Lampu jalan padam.", at=at)
    for tracking_id in (counted, legacy):
        perform(tracking_id, Action.DISPOSITION, Actor(Role.SYSTEM, "router"),
                prepare=lambda r: {"agency_id": "pemda-62.01"}, now=at)
        perform(tracking_id, Action.FOLLOW_UP, agency, message="Sudah kami cek.", now=at)
        perform(tracking_id, Action.REPLY, Actor(Role.REPORTER, "r"), message="Belum diperbaiki.", now=at)
        perform(tracking_id, Action.FOLLOW_UP, agency, message="Sudah diperbaiki.", now=at)
    client("dynamodb").update_item(TableName=ReportRecord.Meta.table_name, Key={"tracking_id": {"S": legacy}},
                                   UpdateExpression="REMOVE follow_up_count")  # as stored before counting
    calls = count_calls(monkeypatch)
    rows = {row["tracking_id"]: row for row in export.report_rows("2016-09")}
    assert rows[counted]["follow_up_count"] == rows[legacy]["follow_up_count"] == 2
    assert calls["Query"] == 2  # the month index, and the older report's timeline


def test_a_file_whose_bytes_are_already_published_is_not_written_again(aws, monkeypatch):
    """Each run lists the bucket first; a file already holding the same bytes (its ETag is their MD5)
    keeps its date, and only what changed, and the manifest, is written."""
    at = datetime(2016, 10, 4, 2, 0, tzinfo=UTC)
    file("Saluran air tersumbat di depan sekolah.", at=at)
    export.export(months=["2016-10"])
    written: list[str] = []
    put = export._put
    monkeypatch.setattr(export, "_put", lambda name, body, kind: (written.append(name), put(name, body, kind))[1])

    export.export(months=["2016-10"])
    assert "manifest.json" in written
    assert not {"reports-2016-10.csv", "reports-2016-10.json", "LICENSE.txt", "data-dictionary.json"} & set(written)

    written.clear()
    added = file("Lampu penerangan jalan mati.", at=at)
    export.export(months=["2016-10"])
    assert {"reports-2016-10.csv", "reports-2016-10.json", "manifest.json"} <= set(written)
    assert added in read("reports-2016-10.csv").decode()


def test_the_listing_reads_every_page_of_the_bucket(aws):
    """The manifest and the skip-unchanged check read the bucket page by page: a listing longer than
    one page (1,000 keys in S3; 2 here) misses no file and repeats none."""
    file("Trotoar rusak dekat halte.", at=datetime(2016, 11, 2, 3, 0, tzinfo=UTC))
    export.export(months=["2016-11"])
    whole = [item["Key"] for item in export._objects()]
    assert len(whole) >= 5 and len(set(whole)) == len(whole)
    assert [item["Key"] for item in export._objects(page_size=2)] == whole
    assert {f["name"] for f in export.list_files()} == {key[len(PREFIX):] for key in whole}
