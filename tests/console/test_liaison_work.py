"""Issue 23, the workbench for liaison officers: they see their agency's unassigned reports (not
only those handed to them) and post progress updates between the first follow-up and closure."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.domain.notices import kind_for
from chalicelib.domain.privacy import Audience
from chalicelib.reports import read as reports_query
from chalicelib.store import reports as store
from tests.fixtures.staff import ConsoleClient, Person, Team


def test_liaison_takes_an_unassigned_report_and_posts_progress(
        team: Team, signed_in: Callable[[Person], ConsoleClient], routed: Callable[..., dict[str, Any]]) -> None:
    tid = routed(team.agency)["tracking_id"]
    liaison = signed_in(team.liaison)
    assert tid in liaison.get("/konsol/belum-ditugaskan").text
    page = liaison.get(f"/konsol/laporan/{tid}")
    assert page.status_code == 200 and 'id="form-perkembangan"' not in page.text  # no follow-up yet
    reminder = page.text.split('id="follow-up-reminder"')[1].split("</p>")[0]
    assert "hari kerja lagi" in reminder  # the 5-working-day follow-up deadline, counted down
    assert liaison.post(f"/konsol/laporan/{tid}/terima").status_code == 200
    first = liaison.post(f"/konsol/laporan/{tid}/tindak-lanjut",
                         {"message": "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan.", "attachments": ""})
    assert first.status_code == 200, first.text[:2000]
    assert 'id="form-perkembangan"' in first.text
    progress = liaison.post(f"/konsol/laporan/{tid}/perkembangan",
                            {"message": "Pengaspalan dimulai hari Senin, selesai dalam tiga hari.", "attachments": ""})
    assert progress.status_code == 200 and "Kabar perkembangan terkirim" in progress.text, progress.text[:2000]
    report = store.get(tid, consistent=True)
    assert report.status.value == "DITINDAKLANJUTI"  # the status and the reply window stay
    last = store.timeline(tid)[-1]
    assert last.action.value == "PROGRESS" and last.actor.staff_id == team.liaison.username
    assert kind_for(last) == "follow_up"  # the reporter is told, like a follow-up
    reporter_view = reports_query.render(report, Audience.REPORTER, "id")
    assert any(e.get("message", "").startswith("Pengaspalan dimulai") for e in reporter_view["timeline"])
    public_view = reports_query.render(report, Audience.PUBLIC, "id")
    assert not any((e.get("message") or "").startswith("Pengaspalan") for e in public_view["timeline"])


def test_progress_is_refused_before_the_first_follow_up(
        team: Team, signed_in: Callable[[Person], ConsoleClient], routed: Callable[..., dict[str, Any]]) -> None:
    tid = routed(team.agency)["tracking_id"]
    admin = signed_in(team.admin)
    admin.get(f"/konsol/laporan/{tid}")
    refused = admin.post(f"/konsol/laporan/{tid}/perkembangan", {"message": "Sedang kami kerjakan, mohon sabar."})
    assert refused.status_code == 409
