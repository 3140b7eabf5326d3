"""The daily work over HTTP (no browser): sign in, lists, actions, the timeline's staff ids."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.store import reports as store
from tests.fixtures.staff import ConsoleClient, Person, Team


def test_vertical_slice(team: Team, signed_in: Callable[[Person], ConsoleClient],
                        submit: Callable[..., dict[str, Any]], drain_queues: Callable[[], int]) -> None:
    receipt = submit(region_code=team.agency.region_code, anonim=True,
                     reporter={"name": "Siti Rahayu", "phone": "081234567890"})
    tid = receipt["tracking_id"]
    national = signed_in(team.national)
    page = national.get("/konsol/verifikasi")
    assert tid in page.text
    detail = national.get(f"/konsol/laporan/{tid}", cari="", wilayah=team.agency.region_code)
    assert team.agency.agency_id in detail.text
    done = national.post(f"/konsol/laporan/{tid}/disposisi", {"agency_id": team.agency.agency_id,
                                                              "version": "1"})
    assert done.status_code == 200 and "didisposisikan" in done.text, done.text[:3000]
    admin = signed_in(team.admin)
    inbox = admin.get("/konsol/kotak-masuk")
    assert tid in inbox.text
    report_page = admin.get(f"/konsol/laporan/{tid}")
    assert "Siti" not in report_page.text and "0812" not in report_page.text
    assigned = admin.post(f"/konsol/laporan/{tid}/tugaskan", {"assignee": team.liaison.username})
    assert assigned.status_code == 200, assigned.text[:3000]
    liaison = signed_in(team.liaison)
    assert tid in liaison.get("/konsol/tugas").text
    liaison.get(f"/konsol/laporan/{tid}")
    followed = liaison.post(f"/konsol/laporan/{tid}/tindak-lanjut",
                            {"message": "Jalan sudah kami tambal pada hari Senin.", "attachments": ""})
    assert followed.status_code == 200, followed.text[:3000]
    report = store.get(tid, consistent=True)
    assert report.status.value == "DITINDAKLANJUTI" and report.assignee == team.liaison.username
    events = store.timeline(tid)
    assert [e.actor.staff_id for e in events[-3:]] == [team.national.username, team.admin.username,
                                                       team.liaison.username]
    drain_queues()
